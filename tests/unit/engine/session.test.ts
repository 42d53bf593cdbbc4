/**
 * The engine session on the site's sample (2,000 customers of a lead lifecycle, a year of events): it keeps what
 * analyses share, each analysis answers exactly what the engine's own functions answer for the same options, and
 * every drill-down lists as many customers as its chart counts.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { conversionOverTime, funnelBreakdown } from '../../../src/lib/engine/breakdown';
import { classify } from '../../../src/lib/engine/classify';
import { describeTable } from '../../../src/lib/engine/describe';
import { customerMask, type CustomerFilter } from '../../../src/lib/engine/filter';
import { END, OTHER, periodTransitions, stagePaths } from '../../../src/lib/engine/flows';
import { conversionTime, funnel, stepTimes, withoutTimes } from '../../../src/lib/engine/funnel';
import { journey5, leadLifecycle, templates } from '../../../src/lib/engine/model';
import type { LifecycleQuery, RetentionQuery } from '../../../src/lib/engine/queries';
import { retention } from '../../../src/lib/engine/retention';
import { EngineSession } from '../../../src/lib/engine/session';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { customerStatus } from '../../../src/lib/engine/status';
import type { EventTable } from '../../../src/lib/engine/table';
import { lifecycleTrend } from '../../../src/lib/engine/trend';
import { valueReport } from '../../../src/lib/engine/value-report';
import { readFile } from '../../helpers/import';

const SAMPLE = 'static/samples/lead-lifecycle.csv';
const model = leadLifecycle;
const asOf = Date.UTC(2025, 9, 31, 23, 59, 59, 999);
/** Customers first seen from February on, who came by three of the five channels. */
const filter: CustomerFilter = { from: Date.UTC(2025, 1, 1), attributes: [{ name: 'channel', values: ['email', 'social', 'paid search'] }] };
const lifecycleQuery: LifecycleQuery = { model, asOf, filter, mode: 'strict', windowDays: 120, steps: [0, 1, 2, 3, 5] };
const retentionQuery: RetentionQuery = { model, asOf, filter, period: 'month', cohortStage: 1, returnEvent: 'webinar', mode: 'bounded' };

let table: EventTable;
beforeAll(async () => {
	table = (await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv')).table;
}, 30_000);

/** What the session should compute with, built here from the engine's functions alone. */
function setUp() {
	const classification = classify(table, model, { asOf });
	// The filter's dates go by first seen in the data, whatever the as-of date.
	const mask = customerMask(table, classify(table, model).firstSeen, filter);
	const funnelOptions = { mode: 'strict' as const, windowDays: 120, steps: [0, 1, 2, 3, 5], mask };
	return { classification, mask, funnelOptions };
}

describe('the session keeps what analyses share', () => {
	it('classifies once per model and as-of date, by the model’s content, and keeps the last eight', () => {
		const session = new EngineSession(table);
		const first = session.classification(model);
		expect(session.classification(model)).toBe(first);
		expect(session.classification(structuredClone(model))).toBe(first);
		expect(session.classification({ ...model, name: 'renamed' })).toBe(first);
		expect(session.classification(model, asOf)).not.toBe(first);
		expect(session.classification(model, asOf).asOf).toBe(asOf);
		// The queries reuse it: the lifecycle's as-of date is the cached classification's.
		expect(session.lifecycle({ model, mode: 'cumulative', windowDays: null }).asOf).toBe(first.asOf);

		// Seven more keys fill the cache to eight with `first` still in it; one more pushes out the oldest.
		for (const other of templates.slice(1, 5)) session.classification(other);
		session.classification(model, asOf - 1);
		session.classification(model, asOf - 2);
		expect(session.classification(model)).toBe(first);
		session.classification(journey5, asOf);
		expect(session.classification(model)).not.toBe(first);
	});

	it('keeps the last filter’s customers', () => {
		const session = new EngineSession(table);
		const mask = session.mask({ model, filter });
		expect(session.mask({ model, filter: structuredClone(filter) })).toBe(mask);
		expect(session.mask({ model })).toBeNull();
		expect(session.mask({ model, filter: {} })).toBeNull();
		expect(session.mask({ model, filter: { from: Date.UTC(2025, 5, 1) } })).not.toBe(mask);
		expect(session.mask({ model, filter })).toEqual(mask);
	});
});

describe('each analysis answers what the engine functions answer', () => {
	it('lifecycle: funnel, stage table and status counts', () => {
		const { classification, mask, funnelOptions } = setUp();
		const status = customerStatus(table, classification, model.status!, mask);
		const result = new EngineSession(table).lifecycle(lifecycleQuery);
		expect(result).toEqual({
			asOf,
			funnel: funnel(classification, model, funnelOptions),
			stages: stageTable(table, classification, model, status, mask),
			status: status.counts
		});
		// About real numbers: the filter keeps some customers and the strict funnel narrows.
		expect(result.funnel.customers).toBeGreaterThan(100);
		expect(result.funnel.customers).toBeLessThan(table.customerIds.length);
		expect(result.funnel.steps.map((s) => s.stageId)).toEqual(['prospect', 'lead', 'mql', 'sql', 'customer']);
	});

	it('lifecycleFunnel: the lifecycle answer’s funnel first, and the whole answer after it the same as asked alone', () => {
		const queries: LifecycleQuery[] = [
			lifecycleQuery,
			{ model, mode: 'cumulative', windowDays: null },
			{ model, mode: 'cumulative', windowDays: null, counting: 'entries' },
			{ model, asOf: Date.UTC(2025, 4, 31), mode: 'strict', windowDays: 30, windowUnit: 'week', steps: [1, 2, 3] }
		];
		// The dashboard's reach funnels (cumulative, every stage) leave their times to the whole answer; other funnels count and time in one pass.
		const timesToCome = [false, true, false, false];
		const split = new EngineSession(table);
		for (const [i, query] of queries.entries()) {
			const whole = new EngineSession(table).lifecycle(query);
			const first = split.lifecycleFunnel(query);
			expect(first).toEqual({ asOf: whole.asOf, funnel: timesToCome[i] ? withoutTimes(whole.funnel) : whole.funnel });
			if (timesToCome[i]) {
				expect(first.funnel.steps.every((s) => s.medianTimeFromPrevious === null)).toBe(true);
				expect(whole.funnel.steps.some((s) => s.medianTimeFromPrevious !== null)).toBe(true);
			}
			expect(split.lifecycle(query)).toEqual(whole);
			// Asked again once the whole answer is in, the first answer is the whole's funnel, times and all.
			expect(split.lifecycleFunnel(query).funnel).toBe(split.lifecycle(query).funnel);
			// Real numbers: every funnel keeps customers, and counts never grow along it.
			expect(first.funnel.steps[0].count).toBeGreaterThan(0);
			for (let k = 1; k < first.funnel.steps.length; k++) expect(first.funnel.steps[k].count).toBeLessThanOrEqual(first.funnel.steps[k - 1].count);
		}
	});

	it('the stage table’s kept net values follow the as-of date, whatever the filter', () => {
		const session = new EngineSession(table);
		const earlier = Date.UTC(2025, 4, 31);
		// Asked in turn: all customers as of the end, the filter, an earlier date, then the end again under the filter.
		const asked = [{ asOf }, { asOf, filter }, { asOf: earlier }, { asOf, filter }].map((q) => ({
			q,
			stages: session.lifecycle({ ...lifecycleQuery, filter: undefined, ...q }).stages
		}));
		for (const { q, stages } of asked) {
			const classification = classify(table, model, { asOf: q.asOf });
			const mask = q.filter ? customerMask(table, classify(table, model).firstSeen, q.filter) : null;
			expect(stages).toEqual(stageTable(table, classification, model, customerStatus(table, classification, model.status!, mask), mask));
		}
		// Real money: the sample's customers hold value, and less of it by the earlier date.
		const total = (i: number) => asked[i].stages.rows.reduce((sum, r) => sum + r.valueSum, 0);
		expect(total(0)).toBeGreaterThan(0);
		expect(total(2)).toBeLessThan(total(0));
		expect(total(1)).toBeLessThan(total(0));
	});

	it('breakdown, conversion over time and time to convert', () => {
		const { classification, funnelOptions } = setUp();
		const session = new EngineSession(table);
		expect(session.breakdown({ ...lifecycleQuery, attribute: 'channel' })).toEqual(funnelBreakdown(table, classification, model, 'channel', funnelOptions));
		expect(session.conversionOverTime({ ...lifecycleQuery, period: 'week' })).toEqual(conversionOverTime(classification, model, 'week', funnelOptions));
		const time = session.conversionTime({ ...lifecycleQuery, from: 1, to: 3 });
		expect(time).toEqual(conversionTime(stepTimes(classification, model, funnelOptions), 1, 3));
		expect(time.customers).toBeGreaterThan(0);
	});

	it('paths and transitions', () => {
		const { classification, mask } = setUp();
		const session = new EngineSession(table);
		expect(session.paths({ model, asOf, filter, positions: 5, minShare: 0.02 })).toEqual(stagePaths(classification, model, { positions: 5, minShare: 0.02, mask }));
		const [dateA, dateB] = [Date.UTC(2025, 3, 30), Date.UTC(2025, 8, 30)];
		expect(session.transitions({ model, filter, dateA, dateB })).toEqual(periodTransitions(table, model, dateA, dateB, mask));
	});

	it('retention by entry into a stage, returns by one event', () => {
		const { classification, mask } = setUp();
		const cohortTimes = Float64Array.from(classification.firstSeen, (_, c) => (mask![c] ? classification.entered[c * model.stages.length + 1] : NaN));
		const expected = retention(table, { period: 'month', cohortTimes, mode: 'bounded', end: asOf, returnEvents: new Set([table.eventNames.indexOf('webinar')]) });
		expect(new EngineSession(table).retention(retentionQuery)).toEqual(expected);
		expect(expected.cohorts.length).toBeGreaterThan(3);
		// An event the data does not have counts no return.
		const none = new EngineSession(table).retention({ ...retentionQuery, returnEvent: 'no such event', mode: 'unbounded' });
		expect(none.cohorts.flatMap((c) => c.counts).every((n) => n === 0 || n === null)).toBe(true);
	});

	it('trend, value and the description', () => {
		const { mask } = setUp();
		const session = new EngineSession(table);
		expect(session.trend({ model, filter, period: 'week' })).toEqual(lifecycleTrend(table, 'week', mask));
		expect(session.value({ model, asOf, filter, horizonWeeks: 26, yearlyDiscount: 0.05 })).toEqual(valueReport(table, { asOf, mask, horizonWeeks: 26, yearlyDiscount: 0.05 }));
		expect(session.describe()).toEqual(describeTable(table));
	}, 30_000);
});

describe('every drill-down lists the customers its chart counted', () => {
	let session: EngineSession;
	beforeAll(() => {
		session = new EngineSession(table);
	});
	const total = (query: Parameters<EngineSession['customers']>[0], selection: Parameters<EngineSession['customers']>[1]) => session.customers(query, selection).total;

	it('funnel steps, overall and within each group of a breakdown', () => {
		const { funnel } = session.lifecycle(lifecycleQuery);
		expect(funnel.steps.map((_, step) => total(lifecycleQuery, { kind: 'step', step }))).toEqual(funnel.steps.map((s) => s.count));
		for (const group of session.breakdown({ ...lifecycleQuery, attribute: 'channel' }).groups) {
			const counts = group.funnel.steps.map((_, step) => total(lifecycleQuery, { kind: 'step', step, group: { attribute: 'channel', value: group.value } }));
			expect(counts, group.value).toEqual(group.funnel.steps.map((s) => s.count));
		}
		// Another analysis's query (a retention's mode is not a funnel's) means the default funnel.
		const plain = session.lifecycle({ model, asOf, filter, mode: 'cumulative', windowDays: null }).funnel;
		expect(plain.steps.map((_, step) => total(retentionQuery, { kind: 'step', step }))).toEqual(plain.steps.map((s) => s.count));
	});

	it('the stage table’s current customers', () => {
		const { stages } = session.lifecycle(lifecycleQuery);
		expect(stages.rows.map((_, stage) => total(lifecycleQuery, { kind: 'stage', stage }))).toEqual(stages.rows.map((r) => r.current));
	});

	it('time-to-convert bins and entry cohorts', () => {
		const time = session.conversionTime({ ...lifecycleQuery, from: 0, to: 2 });
		expect(time.histogram.map(({ from: low, to: high }) => total(lifecycleQuery, { kind: 'conversion-time', from: 0, to: 2, low, high }))).toEqual(
			time.histogram.map((bin) => bin.customers)
		);
		const overTime = session.conversionOverTime({ ...lifecycleQuery, period: 'month' });
		for (const cohort of overTime.cohorts) {
			const reached = cohort.rates.map((_, step) => total(lifecycleQuery, { kind: 'entry-cohort', period: 'month', index: cohort.period, step }));
			expect(reached[0]).toBe(cohort.entered);
			expect(reached.map((n) => n / cohort.entered)).toEqual(cohort.rates);
		}
	});

	it('Sankey nodes and links of the paths (unfolded)', () => {
		const positions = 4;
		const paths = session.paths({ model, asOf, filter, positions, minShare: 0 });
		expect(paths.nodes.some((n) => n.stage === OTHER)).toBe(false);
		const query = { model, asOf, filter };
		expect(paths.nodes.map((n) => total(query, { kind: 'path-node', node: n.id, positions }))).toEqual(paths.nodes.map((n) => n.customers));
		expect(paths.links.map((l) => total(query, { kind: 'path-link', source: l.source, target: l.target, positions }))).toEqual(paths.links.map((l) => l.customers));
		expect(paths.nodes.filter((n) => n.stage === END).length).toBeGreaterThan(0);
	});

	it('retention cells, bounded and unbounded', () => {
		for (const mode of ['bounded', 'unbounded'] as const) {
			const query = { ...retentionQuery, mode };
			const { cohorts } = session.retention(query);
			const { period, cohortStage, returnEvent } = query;
			for (const cohort of cohorts) {
				const lists = cohort.counts.map((n, k) => (n === null ? null : total(query, { kind: 'retention-cell', period, cohortStage, returnEvent, mode, cohort: cohort.period, k })));
				expect(lists, `${mode} ${cohort.label}`).toEqual(cohort.counts);
			}
		}
	});

	it('lifecycle-trend segments', () => {
		const query = { model, filter, period: 'month' as const };
		const categories = ['new', 'returning', 'resurrecting', 'dormant'] as const;
		for (const p of session.trend(query).periods) {
			const counts = categories.map((category) => total(query, { kind: 'trend', period: 'month', index: p.period, category }));
			expect(counts, p.label).toEqual(categories.map((category) => p[category]));
		}
	});

	it('RFM segments and the value groups', () => {
		const query = { model, asOf, filter, horizonWeeks: 52, yearlyDiscount: 0.1 };
		const report = session.value(query);
		const sizes = report.rfm.segments.map((s) => total(query, { kind: 'rfm-segment', segment: s.name }));
		expect(sizes).toEqual(report.rfm.segments.map((s) => s.customers));
		expect(sizes.some((n) => n > 0)).toBe(true);
		const top = session.customers(query, { kind: 'value-group', group: 'top' });
		expect(top.total).toBe(report.concentration.top.length);
		expect(new Set(top.rows.map((r) => r.id))).toEqual(new Set(report.concentration.top));
		expect(total(query, { kind: 'value-group', group: 'zero-or-negative' })).toBe(report.concentration.zeroOrNegative.customers);
	}, 30_000);

	it('lists rows as of the query’s date', () => {
		const list = session.customers(lifecycleQuery, { kind: 'step', step: 0 });
		expect(list.rows.length).toBe(list.total);
		expect(list.rows.every((r) => r.firstSeen !== null && r.firstSeen >= filter.from! && (r.lastSeen ?? 0) <= asOf)).toBe(true);
	});
});
