/** The model a dataset opens on, one hand-made table per branch. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { clientStatus, journey5, leadLifecycle, normalizeName, templateById, templates, type Stage } from '../../../src/lib/engine/model';
import type { EventTable } from '../../../src/lib/engine/table';
import fc from 'fast-check';
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

	it('when the model of the dataset’s own events would hold everyone at every step too (one event, everyone has it), the client status', () => {
		// Four customers, one event name no template names: first seen 4 → ping 4 says nothing. By activity, as of the
		// last event (Apr 5), b and d are active, a (quiet since Mar 2) inactive, c (since Feb 2) inactive too.
		const rows: Row[] = [
			['a', Date.UTC(2025, 0, 1), 'ping'],
			['a', Date.UTC(2025, 2, 2), 'ping'],
			['b', Date.UTC(2025, 0, 1), 'ping'],
			['b', Date.UTC(2025, 3, 4), 'ping'],
			['c', Date.UTC(2025, 1, 2), 'ping'],
			['d', Date.UTC(2025, 3, 5), 'ping']
		];
		const table = tableOf(rows);
		const choice = recommendModel(table);
		expect(choice).toMatchObject({ kind: 'activity', templateId: 'status' });
		if (choice.kind !== 'activity') return;
		expect(isDegenerate(table, choice.suggested)).toBe(true);
		expect(isDegenerate(table, templateById('status')!)).toBe(false);
		expect(choice.suggested.stages.map((s) => s.label)).toEqual(['First seen', 'ping']);
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

describe('recommendModel with a session’s classifier', () => {
	/** The choice by scoring every template that names an event of the data, as the recommendation did before it skipped any. */
	function exhaustiveChoice(table: EventTable): string | null {
		const present = new Set(table.eventNames.map(normalizeName));
		const names = (stage: Stage) => stage.enter.flatMap((r) => (r.kind === 'event' ? r.names : r.kind === 'stage-date' ? [r.column] : [])).map(normalizeName);
		const scored = templates
			.map((template, order) => {
				const matched = new Set(template.stages.flatMap(names).filter((n) => present.has(n))).size;
				const c = classify(table, template);
				const steps = funnel(c, template).steps;
				const degenerate = steps.slice(1).every((s) => s.count === 0) || steps.every((s) => s.count === steps[0].count);
				const S = template.stages.length;
				const eventStages = template.stages.map((stage, s) => ({ stage, s })).filter(({ stage }) => names(stage).length > 0);
				const entered = eventStages.filter(({ s }) => Array.from({ length: c.customerCount }, (_, k) => c.entered[k * S + s]).some((t) => !Number.isNaN(t))).length;
				return { id: template.id, order, matched, degenerate, entered: eventStages.length ? entered / eventStages.length : 0 };
			})
			.filter((c) => c.matched > 0 && !c.degenerate)
			.sort((x, y) => y.entered - x.entered || y.matched - x.matched || x.order - y.order);
		return scored[0]?.id ?? null;
	}

	it('classifies through the classifier it is given, every template that could still win', () => {
		const rows: Row[] = [
			['a', day(1), 'page view'],
			['a', day(2), 'lead'],
			['a', day(9), 'mql'],
			['b', day(3), 'page view'],
			['b', day(4), 'lead'],
			['c', day(5), 'page view'],
			['c', day(6), 'purchase', 20]
		];
		const table = tableOf(rows);
		const asked: string[] = [];
		const choice = recommendModel(table, 'event-log', { classify: (model) => (asked.push(model.id), classify(table, model)) });
		expect(choice).toEqual(recommendModel(table, 'event-log'));
		expect(choice).toMatchObject({ kind: 'vocabulary', templateId: 'lead' });
		// The customer journey could enter all four of its event stages (the data has a purchase; repeats are not
		// known before classifying), more than the lead lifecycle's 4 of 6: each matching template was classified.
		expect(asked.sort()).toEqual(['discovery', 'journey5', 'lead', 'phases6']);
	});

	it('skips the templates that cannot beat the best so far: one classification when every stage is entered', () => {
		const rows: Row[] = [
			['a', day(1), 'page view'],
			['a', day(2), 'lead'],
			['a', day(3), 'mql'],
			['a', day(4), 'sql'],
			['a', day(5), 'opportunity'],
			['a', day(6), 'purchase', 10],
			['a', day(9), 'purchase', 12],
			['b', day(3), 'page view'],
			['b', day(4), 'lead'],
			['c', day(5), 'webinar']
		];
		const table = tableOf(rows);
		const asked: string[] = [];
		const choice = recommendModel(table, 'event-log', { classify: (model) => (asked.push(model.id), classify(table, model)) });
		expect(choice).toEqual({ kind: 'vocabulary', templateId: 'lead', matched: ['lead', 'mql', 'sql', 'opportunity', 'purchase'] });
		expect(asked).toEqual(['lead']);
		expect(exhaustiveChoice(table)).toBe('lead');
	});

	it('chooses as scoring every template would, on random event logs', () => {
		const NAMES = ['page view', 'lead', 'mql', 'sql', 'opportunity', 'purchase', 'webinar', 'email open', 'login', 'referral', 'renewal', 'demo', 'signup'];
		const row = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer({ min: 1, max: 60 }), fc.constantFrom(...NAMES));
		fc.assert(
			fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
				const table = tableOf(rows.map(([c, d, e]): Row => [c, day(d), e, e === 'purchase' ? 10 : undefined]));
				const choice = recommendModel(table, 'event-log');
				expect(choice.kind === 'vocabulary' || choice.kind === 'orders' ? choice.templateId : null).toBe(
					choice.kind === 'orders' ? 'journey5' : exhaustiveChoice(table)
				);
			}),
			{ numRuns: 150 }
		);
	});
});
