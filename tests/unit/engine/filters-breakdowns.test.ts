/**
 * Filters with several conditions, attribution and breakdowns in every view (issue 24, items 1-3), on a hand-made
 * log of five customers whose every attributed value is written out below, then properties on random logs.
 */
import { describe, expect, it } from 'vitest';
import type { Attribution } from '../../../src/lib/engine/attribution';
import { segmentMask } from '../../../src/lib/engine/breakdown';
import { cohortTimeOf, retention } from '../../../src/lib/engine/retention';
import { lifecycleTrend } from '../../../src/lib/engine/trend';
import { concentration } from '../../../src/lib/engine/value';
import { netValues, rfmOfBuyers } from '../../../src/lib/engine/value-report';
import type { CustomerFilter } from '../../../src/lib/engine/filter';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { funnel } from '../../../src/lib/engine/funnel';
import type { BaseQuery, LifecycleQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import { EventTableBuilder, type EventTable } from '../../../src/lib/engine/table';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { segmentFixture } from '../../helpers/segment-fixture';

const at = (month: number, day: number) => Date.UTC(2025, month - 1, day);
const model = leadLifecycle;

const table = segmentFixture();
const ids = (session: EngineSession, filter: CustomerFilter) => {
	const mask = session.mask({ model, filter });
	return table.customerIds.filter((_, c) => !mask || mask[c] === 1).sort();
};
const ALL = ['ann', 'bob', 'cid', 'dee', 'eve'];

describe('filters: hand-checked customers', () => {
	const session = new EngineSession(table);
	const channel = (op: 'is' | 'not' | 'any', values: string[], attribution?: Attribution): CustomerFilter => ({
		attributes: [{ name: 'channel', op, values }],
		...(attribution ? { attribution } : {})
	});

	it('"is" and "is not" on the first event: dee and ann came by email, the others did not', () => {
		expect(ids(session, channel('is', ['email']))).toEqual(['ann', 'dee']);
		expect(ids(session, channel('not', ['email']))).toEqual(['bob', 'cid', 'eve']);
	});

	it('"any of" keeps either value: bob and eve (ads), cid (social); ann falls out though she later came by ads', () => {
		expect(ids(session, channel('any', ['ads', 'social']))).toEqual(['bob', 'cid', 'eve']);
	});

	it('the last event: bob and dee were last seen by email; ann falls out, bob comes in', () => {
		expect(ids(session, channel('is', ['email'], 'last'))).toEqual(['bob', 'dee']);
		expect(ids(session, channel('not', ['email'], 'last'))).toEqual(['ann', 'cid', 'eve']);
	});

	it('entering a stage: ann became a lead by ads; dee and eve never became leads, so they have no value and only "is not" keeps them', () => {
		const lead = { stage: 'lead' } as const;
		expect(ids(session, channel('is', ['ads'], lead))).toEqual(['ann']);
		expect(ids(session, channel('not', ['ads'], lead))).toEqual(['bob', 'cid', 'dee', 'eve']);
		expect(ids(session, channel('any', ['email', 'social'], lead))).toEqual(['bob', 'cid']);
		// A stage the model does not have: nobody entered it.
		expect(ids(session, channel('is', ['ads'], { stage: 'nowhere' }))).toEqual([]);
	});

	it('several attributes at once: not email by channel, and from Germany or France (cid, eve; bob is in the US)', () => {
		const filter: CustomerFilter = {
			attributes: [
				{ name: 'channel', op: 'not', values: ['email'] },
				{ name: 'country', op: 'any', values: ['DE', 'FR'] }
			]
		};
		expect(ids(session, filter)).toEqual(['cid', 'eve']);
		// An empty country is a value of its own; an unknown attribute has no value for anyone.
		expect(ids(session, { attributes: [{ name: 'country', op: 'is', values: [''] }] })).toEqual(['dee']);
		expect(ids(session, { attributes: [{ name: 'plan', op: 'is', values: ['pro'] }] })).toEqual([]);
		expect(ids(session, { attributes: [{ name: 'plan', op: 'not', values: ['pro'] }] })).toEqual(ALL);
	});

	it('did and did not do an event', () => {
		expect(ids(session, { events: [{ event: 'purchase', did: true }] })).toEqual(['ann', 'cid', 'eve']);
		expect(ids(session, { events: [{ event: 'purchase', did: false }] })).toEqual(['bob', 'dee']);
		expect(ids(session, { events: [{ event: 'purchase', did: true }, { event: 'refund', did: false }] })).toEqual(['ann', 'eve']);
		expect(ids(session, { events: [{ event: 'webinar', did: true }] })).toEqual([]);
		expect(ids(session, { events: [{ event: 'webinar', did: false }] })).toEqual(ALL);
	});

	it('value ranges on the net value: cid’s refund cancels her purchase', () => {
		expect(ids(session, { value: { min: 50 } })).toEqual(['ann', 'eve']);
		expect(ids(session, { value: { max: 0 } })).toEqual(['bob', 'cid', 'dee']);
		expect(ids(session, { value: { min: 0, max: 100 } })).toEqual(['ann', 'bob', 'cid', 'dee']);
		expect(ids(session, { value: { min: 100, max: 100 } })).toEqual(['ann']);
	});

	it('every kind at once with first seen: from February, bought, not by email (cid, eve)', () => {
		const filter: CustomerFilter = { from: at(2, 1), events: [{ event: 'purchase', did: true }], attributes: [{ name: 'channel', op: 'not', values: ['email'] }] };
		expect(ids(session, filter)).toEqual(['cid', 'eve']);
		expect(session.lifecycle({ model, filter, mode: 'cumulative', windowDays: null }).funnel.customers).toBe(2);
	});
});

describe('breakdowns: hand-checked segments', () => {
	const session = new EngineSession(table);
	const base: BaseQuery = { model };
	const segments = (attribution?: Attribution, top?: number, filter?: CustomerFilter) => {
		const split = session.segments({ ...base, ...(filter ? { filter } : {}) }, { attribute: 'channel', ...(top ? { top } : {}), ...(attribution ? { attribution } : {}) });
		return split.segments.map((s, i) => [s.value, s.customers, table.customerIds.filter((_, c) => split.of[c] === i).sort().join(' ')]);
	};

	it('first event: email (ann, dee) and ads (bob, eve) tie and keep the order first met, then social', () => {
		expect(segments()).toEqual([
			['email', 2, 'ann dee'],
			['ads', 2, 'bob eve'],
			['social', 1, 'cid']
		]);
	});

	it('top 1: everyone else is "Other"', () => {
		expect(segments(undefined, 1)).toEqual([
			['email', 2, 'ann dee'],
			['Other', 3, 'bob cid eve']
		]);
	});

	it('entering "lead": dee and eve are "(none)", a segment of their own, so the segments still add up', () => {
		expect(segments({ stage: 'lead' })).toEqual([
			['(none)', 2, 'dee eve'],
			['email', 1, 'bob'],
			['ads', 1, 'ann'],
			['social', 1, 'cid']
		]);
	});

	it('within a filter: only the filter’s customers are segmented', () => {
		expect(segments('last', undefined, { events: [{ event: 'purchase', did: true }] })).toEqual([
			['ads', 2, 'ann eve'],
			['social', 1, 'cid']
		]);
	});

	it('the funnel per segment follows the same attribution and top', () => {
		const result = session.breakdown({ model, mode: 'cumulative', windowDays: null, attribute: 'channel', attribution: 'last', top: 2 });
		// last: ads (ann, eve), email (bob, dee), social (cid) → top 2 and Other; ann and eve both became customers.
		expect(result.groups.map((g) => [g.value, g.funnel.customers, g.funnel.steps[5].count])).toEqual([
			['email', 2, 0],
			['ads', 2, 2],
			['Other', 1, 1]
		]);
	});

	it('the value view per segment: 80/20 and RFM of each segment’s buyers', () => {
		const result = session.valueBySegment({ model, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown: { attribute: 'channel' } });
		expect(result.segments.map((s) => [s.value, s.customers, s.result.concentration.customers, s.result.concentration.total])).toEqual([
			['email', 2, 2, 100],
			['ads', 2, 2, 250],
			['social', 1, 1, 0]
		]);
		// Buyers scored by RFM: ann (email), eve (ads), cid (social).
		expect(result.segments.map((s) => s.result.rfm.segments.reduce((n, r) => n + r.customers, 0))).toEqual([1, 1, 1]);
	});

	it('paths count each link per segment', () => {
		const result = session.paths({ model, positions: 3, minShare: 0, breakdown: { attribute: 'channel' } });
		expect(result.segments).toEqual(['email', 'ads', 'social']);
		// prospect → lead: ann (email), bob (ads), cid (social); dee goes no further; eve skips to customer.
		const link = result.links.find((l) => l.source === '0:0' && l.target === '1:1');
		expect(link).toMatchObject({ customers: 3, bySegment: [1, 1, 1] });
		const end = result.links.find((l) => l.source === '0:0' && l.target === '1:-1');
		expect(end).toMatchObject({ customers: 1, bySegment: [1, 0, 0] });
	});
});

/** A random log with two attributes, purchases and refunds. */
function randomTable(seed: number): EventTable {
	const random = seededRandom(seed);
	const builder = new EventTableBuilder(['channel', 'plan']);
	const events = ['visit', 'lead', 'mql', 'sql', 'purchase', 'refund', 'webinar'];
	const channels = ['ads', 'email', 'social', 'search', 'partner', 'events', 'tv', 'radio', 'print', 'direct', ''];
	const customers = random.int(5, 200);
	for (let c = 0; c < customers; c++) {
		for (let k = random.int(1, 10); k > 0; k--) {
			const event = random.pick(events);
			const value = event === 'purchase' ? random.int(1, 300) : event === 'refund' ? -random.int(1, 100) : NaN;
			builder.add(`c${c}`, at(1, 1) + random.int(0, 300) * 86_400_000, event, value, [random.pick(channels), random.pick(['free', 'pro', 'team'])]);
		}
	}
	return builder.build();
}

const ATTRIBUTIONS: Attribution[] = ['first', 'last', { stage: 'mql' }];

describe.each([1, 2, 3, 4, 5, 6])('properties on random log %i', (seed) => {
	const random = seededRandom(seed * 31);
	const t = randomTable(seed);
	const session = new EngineSession(t);
	const count = (filter: CustomerFilter) => {
		const mask = session.mask({ model, filter });
		return mask ? mask.reduce((n, v) => n + v, 0) : t.customerIds.length;
	};

	it.each(ATTRIBUTIONS.map((a) => [JSON.stringify(a), a]))('"is" and "is not" split the customers (%s)', (_, attribution) => {
		const values = [random.pick(t.attributes[0].values), random.pick(t.attributes[0].values)];
		const is = session.mask({ model, filter: { attribution, attributes: [{ name: 'channel', op: 'any', values }] } })!;
		const not = session.mask({ model, filter: { attribution, attributes: [{ name: 'channel', op: 'not', values }] } })!;
		for (let c = 0; c < t.customerIds.length; c++) expect(is[c] + not[c]).toBe(1);
	});

	it('a further condition never raises a count', () => {
		const conditions: CustomerFilter[] = [
			{ attributes: [{ name: 'channel', op: 'not', values: ['ads'] }] },
			{ attributes: [{ name: 'plan', op: 'is', values: ['pro'] }] },
			{ events: [{ event: 'purchase', did: true }] },
			{ events: [{ event: 'webinar', did: false }] },
			{ value: { min: 0 } },
			{ from: at(3, 1) }
		];
		let filter: CustomerFilter = {};
		let before = count(filter);
		for (const condition of conditions) {
			filter = { ...filter, ...condition, attributes: [...(filter.attributes ?? []), ...(condition.attributes ?? [])], events: [...(filter.events ?? []), ...(condition.events ?? [])] };
			const after = count(filter);
			expect(after).toBeLessThanOrEqual(before);
			const funnelCounts = session.lifecycle({ model, filter, mode: 'cumulative', windowDays: null }).funnel.steps.map((s) => s.count);
			const unfiltered = session.lifecycle({ model, mode: 'cumulative', windowDays: null }).funnel.steps.map((s) => s.count);
			funnelCounts.forEach((n, k) => expect(n).toBeLessThanOrEqual(unfiltered[k]));
			before = after;
		}
	});

	it.each(ATTRIBUTIONS.map((a) => [JSON.stringify(a), a]))('the funnels per segment, from one pass, equal a funnel over each segment alone, under every funnel option (%s)', (_, attribution) => {
		const filter: CustomerFilter = { events: [{ event: 'visit', did: true }] };
		const breakdown = { attribute: 'channel', top: 3, attribution };
		const stage = (id: string) => model.stages.findIndex((s) => s.id === id);
		const options: Omit<LifecycleQuery, 'model'>[] = [
			{ mode: 'cumulative', windowDays: null },
			{ mode: 'strict', windowDays: 60 },
			{ mode: 'strict', windowDays: 2000, windowUnit: 'hour', stepWindows: [{ stage: stage('sql'), within: 30 * 24 }] },
			{ mode: 'cumulative', windowDays: null, exclusions: [{ event: 'webinar', from: stage('lead'), to: stage('customer') }] },
			{ mode: 'cumulative', windowDays: 120, counting: 'entries' },
			{ mode: 'strict', windowDays: null, steps: [stage('lead'), stage('sql'), stage('customer')], counting: 'entries' }
		];
		for (const option of options) {
			const query = { model, filter, ...option };
			const segments = session.segments(query, breakdown);
			const funnels = session.breakdown({ ...query, ...breakdown });
			const classification = session.classification(model);
			const alone = segments.segments.map(({ value }, s) => ({ value, funnel: funnel(classification, model, { ...session.funnelOptions(query, session.mask(query)), mask: segmentMask(segments, s) }) }));
			expect(funnels.groups).toEqual(alone);
			// And they add up to the whole funnel, step by step, entries and exclusions included.
			const whole = session.lifecycle(query).funnel;
			whole.steps.forEach((step, k) => {
				const sum = (key: 'count' | 'entries' | 'excluded') => funnels.groups.reduce((n, g) => n + (g.funnel.steps[k][key] ?? 0), 0);
				expect([sum('count'), sum('entries'), sum('excluded')]).toEqual([step.count, step.entries ?? 0, step.excluded ?? 0]);
			});
			expect(funnels.groups.reduce((n, g) => n + g.funnel.customers, 0)).toBe(whole.customers);
		}
	});

	it.each(ATTRIBUTIONS.map((a) => [JSON.stringify(a), a]))('segments sum to the total in every view, "other" included (%s)', (_, attribution) => {
		const filter: CustomerFilter = { events: [{ event: 'visit', did: true }] };
		const breakdown = { attribute: 'channel', top: 3, attribution };
		const query = { model, filter };
		const total = count(filter);
		const segments = session.segments(query, breakdown);
		expect(segments.segments.reduce((n, s) => n + s.customers, 0)).toBe(total);
		// Each segment's size is the number of customers indexed to it (one index per customer: none in two segments).
		expect(segments.segments.map((_, s) => segments.of.filter((g) => g === s).length)).toEqual(segments.segments.map((s) => s.customers));

		const funnels = session.breakdown({ ...query, mode: 'cumulative', windowDays: null, ...breakdown });
		const whole = session.lifecycle({ ...query, mode: 'cumulative', windowDays: null }).funnel;
		whole.steps.forEach((step, k) => expect(funnels.groups.reduce((n, g) => n + g.funnel.steps[k].count, 0)).toBe(step.count));

		const retention = session.retentionBySegment({ ...query, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', breakdown });
		const allRetention = session.retention({ ...query, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded' });
		expect(retention.segments.reduce((n, s) => n + s.result.customers, 0)).toBe(allRetention.customers);

		const trend = session.trendBySegment({ ...query, period: 'month', breakdown });
		const allTrend = session.trend({ ...query, period: 'month' });
		allTrend.periods.forEach((p, k) => {
			for (const key of ['new', 'returning', 'resurrecting', 'dormant'] as const) expect(trend.segments.reduce((n, s) => n + s.result.periods[k][key], 0)).toBe(p[key]);
		});

		const value = session.valueBySegment({ ...query, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown });
		expect(value.segments.reduce((n, s) => n + s.result.concentration.customers, 0)).toBe(total);

		const paths = session.paths({ ...query, positions: 4, minShare: 0.05, breakdown });
		for (const link of paths.links) expect(link.bySegment!.reduce((a, b) => a + b, 0)).toBe(link.customers);
		const transitions = session.transitions({ ...query, dateA: at(4, 1), dateB: at(9, 1), breakdown });
		for (const link of transitions.links) expect(link.bySegment!.reduce((a, b) => a + b, 0)).toBe(link.customers);
	});

	it.each(ATTRIBUTIONS.map((a) => [JSON.stringify(a), a]))('retention, trend and value per segment, from one pass, equal each over the segment alone (%s)', (_, attribution) => {
		const filter: CustomerFilter = { events: [{ event: 'visit', did: true }] };
		const breakdown = { attribute: 'channel', top: 3, attribution };
		const query = { model, filter };
		const segments = session.segments(query, breakdown);
		const retentions = [
			{ period: 'month' as const, cohortStage: -1, returnEvent: null, mode: 'bounded' as const },
			{ period: 'week' as const, cohortStage: 1, returnEvent: 'purchase', mode: 'unbounded' as const },
			{ period: 'day' as const, cohortStage: 2, returnEvent: null, mode: 'bounded' as const, brackets: [0, 1, 8, 31] }
		];
		for (const r of retentions) {
			const options = session.retentionOptions({ ...query, ...r });
			const cohortTime = cohortTimeOf(options.cohortTimes);
			// The segment's retention as it was computed before: every customer's cohort time, NaN outside the segment.
			const alone = segments.segments.map((_, g) =>
				retention(t, { ...options, customers: null, cohortTimes: Float64Array.from(segments.of, (s, c) => (s === g ? cohortTime(c) : NaN)) })
			);
			expect(session.retentionBySegment({ ...query, ...r, breakdown }).segments.map((s) => s.result)).toEqual(alone);
		}
		for (const period of ['month', 'week'] as const)
			expect(session.trendBySegment({ ...query, period, breakdown }).segments.map((s) => s.result)).toEqual(segments.segments.map((_, g) => lifecycleTrend(t, period, segmentMask(segments, g))));
		const asOf = session.asOfDate();
		const events = session.moneyEvents();
		const value = session.valueBySegment({ ...query, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown }).segments.map((s) => s.result);
		segments.segments.forEach((_, g) => {
			const mask = segmentMask(segments, g);
			const { top: _top, zeroOrNegative, ...shares } = concentration(netValues(t, asOf, mask, events), t.customerIds, mask);
			const { customers: _rows, ...rfm } = rfmOfBuyers(t, asOf, mask, events);
			expect(value[g]).toEqual({ concentration: { ...shares, zeroOrNegative: zeroOrNegative.customers }, rfm });
		});
	});
});
