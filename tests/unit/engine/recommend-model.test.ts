/** The model a dataset opens on, one hand-made table per branch. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { clientStatus, journey5, leadLifecycle, templateById } from '../../../src/lib/engine/model';
import { isDegenerate, recommendModel } from '../../../src/lib/engine/recommend-model';
import { day, tableOf, type Row } from '../../helpers/tables';

const counts = (rows: Row[], templateId: string) => {
	const table = tableOf(rows);
	const model = templateById(templateId)!;
	return funnel(classify(table, model), model).steps.map((s) => s.count);
};

describe('recommendModel', () => {
	it('a stage-date export opens on the lead lifecycle', () => {
		// As the import writes a HubSpot export: one event per stage date, named after the stage, and "created".
		const rows: Row[] = [
			['a', day(1), 'created'],
			['a', day(2), 'lead'],
			['a', day(9), 'mql'],
			['b', day(3), 'created'],
			['b', day(4), 'lead'],
			['c', day(5), 'created']
		];
		expect(recommendModel(tableOf(rows), 'stage-dates')).toEqual({ kind: 'stage-dates', templateId: 'lead' });
	});

	it('orders and refunds with no lifecycle events open on the 5-stage customer journey, even when the shape is unknown', () => {
		const rows: Row[] = [
			['a', day(1), 'purchase', 10],
			['a', day(5), 'purchase', 12],
			['a', day(6), 'refund', -12],
			['b', day(2), 'purchase', 30],
			['c', day(3), 'purchase', 5],
			['c', day(8), 'purchase', 5],
			['c', day(9), 'purchase', 5],
			['c', day(20), 'purchase', 5]
		];
		expect(recommendModel(tableOf(rows))).toEqual({ kind: 'orders', templateId: 'journey5' });
		expect(recommendModel(tableOf(rows), 'orders')).toEqual({ kind: 'orders', templateId: 'journey5' });
		// Reach 3, acquisition 3 (passed on the way), conversion 3, retention 2 (a, c), loyalty 1 (c): not the lead
		// lifecycle's 3 → 0 → 0 → 0 → 0 → 3 → 2.
		expect(counts(rows, 'journey5')).toEqual([3, 3, 3, 2, 1]);
	});

	it('a Vietnamese event log opens on the template whose vocabulary it speaks: the customer journey', () => {
		const rows: Row[] = [
			['a', day(1), 'xem trang'],
			['a', day(2), 'đăng ký'],
			['a', day(3), 'mua hàng', 200_000],
			['a', day(9), 'mua hàng', 150_000],
			['b', day(1), 'xem trang'],
			['b', day(4), 'đăng ký'],
			['c', day(2), 'xem trang'],
			['d', day(2), 'đăng ký'],
			['d', day(5), 'mua hàng', 90_000],
			['d', day(7), 'đánh giá']
		];
		const choice = recommendModel(tableOf(rows));
		expect(choice).toEqual({ kind: 'vocabulary', templateId: 'journey5', matched: ['đăng ký', 'mua hàng', 'đánh giá'] });
		// Reach 4, acquisition 3 (a, b, d), conversion 2, retention 2 (a twice, d by the review), loyalty 1 (d).
		expect(counts(rows, 'journey5')).toEqual([4, 3, 2, 2, 1]);
	});

	it('Spanish and Dutch CRM logs open on the lead lifecycle', () => {
		const spanish: Row[] = [
			['a', day(1), 'cliente potencial'],
			['a', day(2), 'MQL'],
			['a', day(3), 'oportunidad'],
			['a', day(9), 'compra', 500],
			['b', day(1), 'cliente potencial']
		];
		expect(recommendModel(tableOf(spanish))).toMatchObject({ kind: 'vocabulary', templateId: 'lead' });
		expect(counts(spanish, 'lead')).toEqual([2, 2, 1, 1, 1, 1, 0]);
		const dutch: Row[] = [
			['a', day(1), 'lead'],
			['a', day(2), 'SQL'],
			['a', day(3), 'verkoopkans'],
			['a', day(9), 'bestelling', 500],
			['a', day(19), 'bestelling', 50],
			['b', day(1), 'lead']
		];
		expect(recommendModel(tableOf(dutch))).toMatchObject({ kind: 'vocabulary', templateId: 'lead' });
	});

	it('the sample (a CRM log) opens on the lead lifecycle', () => {
		const rows: Row[] = [
			['a', day(1), 'page_view'],
			['a', day(2), 'email_open'],
			['a', day(3), 'lead'],
			['a', day(4), 'MQL'],
			['a', day(5), 'SQL'],
			['a', day(6), 'opportunity'],
			['a', day(7), 'purchase', 100],
			['b', day(1), 'page_view'],
			['b', day(2), 'webinar']
		];
		expect(recommendModel(tableOf(rows))).toMatchObject({ kind: 'vocabulary', templateId: 'lead' });
	});

	it('never a model where every step holds everyone: the matching template is passed over', () => {
		// Everyone bought four times: the customer journey would be 100% at every step; the lead lifecycle matches too
		// (customer, repeat) and is not degenerate.
		const rows: Row[] = ['a', 'b'].flatMap((id): Row[] => [1, 2, 3, 4].map((d): Row => [id, day(d), 'order', 10]));
		const table = tableOf(rows);
		expect(isDegenerate(table, journey5)).toBe(true);
		const choice = recommendModel(table);
		expect(choice.kind).not.toBe('orders');
		if (choice.kind === 'none') throw new Error('a template fits');
		expect(isDegenerate(table, templateById(choice.templateId)!)).toBe(false);
	});

	it('says when no template fits, and suggests a model of the dataset’s own events, most customers first', () => {
		const rows: Row[] = [
			['a', day(1), 'opened app'],
			['a', day(2), 'played level'],
			['a', day(3), 'shared score'],
			['b', day(1), 'opened app'],
			['b', day(2), 'played level'],
			['c', day(1), 'opened app']
		];
		const table = tableOf(rows);
		const choice = recommendModel(table);
		expect(choice.kind).toBe('none');
		if (choice.kind !== 'none') return;
		expect(choice.suggested.stages.map((s) => s.label)).toEqual(['First seen', 'opened app', 'played level', 'shared score']);
		// The suggestion is a real funnel: 3 → 3 → 2 → 1.
		expect(funnel(classify(table, choice.suggested), choice.suggested).steps.map((s) => s.count)).toEqual([3, 3, 2, 1]);
	});

	it('isDegenerate: everyone in the first step, or everyone at every step', () => {
		const visits = tableOf([
			['a', day(1), 'visit'],
			['b', day(2), 'visit']
		]);
		expect(isDegenerate(visits, leadLifecycle)).toBe(true);
		// Client status: everyone onboarding and nobody further is as useless.
		expect(isDegenerate(visits, clientStatus)).toBe(true);
	});
});
