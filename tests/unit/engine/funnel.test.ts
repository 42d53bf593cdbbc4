import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { conversionTime, funnel, stepTimes } from '../../../src/lib/engine/funnel';
import { leadLifecycle, type LifecycleModel } from '../../../src/lib/engine/model';
import { DAY, day, tableOf } from '../../helpers/tables';

/**
 * Hand-checked: six customers of the lead lifecycle.
 *  A  every stage, with two purchases                 → reaches repeat customer
 *  B  Lead, "Marketing-Qualified_Lead" (name variants) → reaches MQL
 *  C  an unknown event only                            → anonymous prospect only
 *  D  a purchase straight away                         → customer (and every stage before it, at that time)
 *  E  order, then ORDER again                          → repeat customer
 *  F  a 'customer' event then one purchase             → customer, not repeat (only purchases and orders count twice)
 */
const table = tableOf([
	['A', day(1), 'page_view'],
	['A', day(2), 'lead'],
	['A', day(4), 'mql'],
	['A', day(7), 'SQL'],
	['A', day(10), 'opportunity'],
	['A', day(12), 'purchase', 100],
	['A', day(20), 'purchase', 50],
	['B', day(1), 'page_view'],
	['B', day(3), 'Lead'],
	['B', day(5), 'Marketing-Qualified_Lead'],
	['C', day(1), 'signup'],
	['D', day(2), 'purchase', 10],
	['E', day(1), 'order'],
	['E', day(5), 'ORDER'],
	['F', day(3), 'customer'],
	['F', day(6), 'purchase']
]);

describe('lead lifecycle classification', () => {
	const c = classify(table, leadLifecycle);
	const S = leadLifecycle.stages.length;
	const customer = (id: string) => table.customerIds.indexOf(id);
	const reachedOf = (id: string) => Array.from(c.reached.subarray(customer(id) * S, customer(id) * S + S));
	const enteredOf = (id: string) => Array.from(c.entered.subarray(customer(id) * S, customer(id) * S + S));

	it('records when each stage was entered, matching names without case, spaces, - and _', () => {
		expect(enteredOf('A')).toEqual([day(1), day(2), day(4), day(7), day(10), day(12), day(20)]);
		expect(enteredOf('B')).toEqual([day(1), day(3), day(5), NaN, NaN, NaN, NaN]);
		expect(enteredOf('E')).toEqual([day(1), NaN, NaN, NaN, NaN, day(1), day(5)]);
		expect(enteredOf('F')).toEqual([day(3), NaN, NaN, NaN, NaN, day(3), NaN]);
	});

	it('moves forward only: reaching a stage counts as having passed every earlier one', () => {
		expect(reachedOf('D')).toEqual([day(2), day(2), day(2), day(2), day(2), day(2), NaN]);
		expect(reachedOf('C')).toEqual([day(1), NaN, NaN, NaN, NaN, NaN, NaN]);
		expect(table.customerIds).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
		expect(Array.from(c.current)).toEqual([6, 2, 0, 5, 6, 5]);
	});

	it('with latest progression, the current stage is the one entered last', () => {
		const latest: LifecycleModel = { ...leadLifecycle, progression: 'latest' };
		const t = tableOf([
			['x', day(1), 'sql'],
			['x', day(2), 'lead']
		]);
		expect(Array.from(classify(t, latest).current)).toEqual([1]);
		expect(Array.from(classify(t, leadLifecycle).current)).toEqual([3]);
	});
});

describe('cumulative funnel', () => {
	const result = funnel(classify(table, leadLifecycle), leadLifecycle);

	it('counts customers who reached each step or a later one', () => {
		expect(result.customers).toBe(6);
		expect(result.steps.map((s) => s.count)).toEqual([6, 5, 5, 4, 4, 4, 2]);
		expect(result.steps.map((s) => s.label)).toEqual([
			'Anonymous prospect', 'Lead', 'MQL', 'SQL', 'SQO', 'Customer', 'Repeat customer'
		]);
	});

	it('gives conversions, drop-off and median time from the previous step', () => {
		const [prospect, lead, , sql, , , repeat] = result.steps;
		expect(prospect).toMatchObject({ conversion: 1, stepConversion: null, dropOff: 0, dropOffRate: null, medianTimeFromPrevious: null });
		expect(lead).toMatchObject({ conversion: 5 / 6, stepConversion: 5 / 6, dropOff: 1, dropOffRate: 1 / 6 });
		// A 1 day, B 2 days, D, E and F entered both at once: median of [0, 0, 0, 1, 2] days.
		expect(lead.medianTimeFromPrevious).toBe(0);
		expect(sql).toMatchObject({ count: 4, stepConversion: 4 / 5, dropOff: 1 });
		// Repeat customers: A 8 days after becoming a customer, E 4 days: median 6 days.
		expect(repeat).toMatchObject({ count: 2, conversion: 2 / 6, stepConversion: 2 / 4, dropOff: 2, medianTimeFromPrevious: 6 * DAY });
	});

	it('can show a subset of the steps, always in model order', () => {
		const subset = funnel(classify(table, leadLifecycle), leadLifecycle, { steps: [6, 1] });
		expect(subset.steps.map((s) => [s.stageId, s.count])).toEqual([['lead', 5], ['repeat', 2]]);
		// A: lead day 2 → repeat day 20; E: lead (reached with the first order) day 1 → day 5.
		expect(subset.steps[1].medianTimeFromPrevious).toBe(((18 + 4) / 2) * DAY);
	});

	it('applies minimum value and attribute filters of event rules', () => {
		const model: LifecycleModel = {
			id: 'm', name: 'm', progression: 'forward-only',
			stages: [
				{ id: 'seen', label: 'Seen', enter: [{ kind: 'first-seen' }] },
				{ id: 'big', label: 'Big buyer', enter: [{ kind: 'event', names: ['purchase'], minValue: 50 }] }
			]
		};
		expect(funnel(classify(table, model), model).steps.map((s) => s.count)).toEqual([6, 1]);
		const filtered: LifecycleModel = { ...model, stages: [model.stages[0], { id: 'x', label: 'x', enter: [{ kind: 'event', names: ['purchase'], where: { attribute: 'channel', in: ['email'] } }] }] };
		// The table has no channel attribute: the filter can never hold.
		expect(funnel(classify(table, filtered), filtered).steps.map((s) => s.count)).toEqual([6, 0]);
	});

	it('has unknown (null) conversions for an empty table rather than dividing by zero', () => {
		const empty = funnel(classify(tableOf([]), leadLifecycle), leadLifecycle);
		expect(empty.steps[0]).toMatchObject({ count: 0, conversion: null });
		expect(empty.steps[1]).toMatchObject({ count: 0, stepConversion: null, medianTimeFromPrevious: null });
	});
});

describe('strict funnel, windows and conversion times', () => {
	const classification = classify(table, leadLifecycle);

	it('strict: counts only customers who entered every step in order', () => {
		const strict = funnel(classification, leadLifecycle, { mode: 'strict' });
		// A entered all in order; B prospect, lead, MQL; D, E and F skipped lead (never entered it): prospect only.
		// C prospect only.
		expect(strict.steps.map((s) => s.count)).toEqual([6, 2, 2, 1, 1, 1, 1]);
		expect(strict.mode).toBe('strict');
	});

	it('strict with an optional step: it does not have to be entered', () => {
		const model = structuredClone(leadLifecycle);
		model.stages[1].optional = true; // lead
		const strict = funnel(classify(table, model), model, { mode: 'strict', steps: [0, 1, 5] });
		// Customer needs prospect then customer, in order: A (day 12), D (day 2), E (day 1), F (day 3); lead is optional.
		expect(strict.steps.map((s) => [s.stageId, s.optional, s.count])).toEqual([['prospect', false, 6], ['lead', true, 6], ['customer', false, 4]]);
	});

	it('a conversion window drops steps reached too long after step 1', () => {
		const windowed = funnel(classification, leadLifecycle, { windowDays: 7 });
		// Within 7 days of first being seen: A reaches SQL on day 7 (6 days) but SQO on day 10 (9 days);
		// E's repeat order on day 5 is within the window; F customer on day 3 at once.
		expect(windowed.steps.map((s) => s.count)).toEqual([6, 5, 5, 4, 3, 3, 1]);
		expect(windowed.windowDays).toBe(7);
	});

	it('gives the time from any step to any later one with quantiles and a histogram', () => {
		const step = stepTimes(classification, leadLifecycle);
		// Prospect → customer: A 11 days, D 0, E 0, F 0.
		const time = conversionTime(step, 0, 5);
		expect(time).toMatchObject({ customers: 4, p25: 0, median: 0, p75: 2.75 * DAY });
		expect(time.p90).toBeCloseTo(7.7 * DAY, 0);
		expect(time.histogram.reduce((n, b) => n + b.customers, 0)).toBe(4);
		expect(time.histogram[0]).toEqual({ from: 0, to: DAY, customers: 3 });
		expect(time.histogram.at(-1)!.customers).toBe(1);
		expect(time.histogram.at(-1)!.from).toBeLessThanOrEqual(11 * DAY);
		expect(time.histogram.at(-1)!.to).toBeGreaterThan(11 * DAY);
	});
});
