/**
 * The funnel's options (issue 24, item 4), on a hand-checked fixture of the lead lifecycle, asked through the engine
 * session as the site and the CLI ask it: window units, per-step windows (SLAs) and exclusion steps. Each case
 * names the customers who must fall out and where. Then properties on random data: an option never raises a count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../../src/lib/engine/model';
import type { LifecycleQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import { leadEventRows } from '../../helpers/lead-events';
import { day, tableOf, type Row } from '../../helpers/tables';

const HOUR = 3_600_000;
const [LEAD, MQL, SQL, SQO, CUSTOMER] = [1, 2, 3, 4, 5];
/**
 *  P  lead d1, mql d3, sql d5, purchase d10            converts all the way
 *  Q  lead d1, mql d2, sql d12, purchase d13           MQL → SQL takes 10 days: out at SQL under a 7-day SLA
 *  R  lead d1, mql d2, unsubscribe d3, sql d4, purchase d5
 *                                                      unsubscribed between MQL and SQL: excluded at SQL
 *  S  lead d1, mql d2, sql d3, unsubscribe d4, purchase d6
 *                                                      unsubscribed after SQL: excluded only from an MQL→Customer
 *                                                      exclusion, at SQO (reached with the purchase on d6)
 *  T  lead d1 00:00, mql d1 05:00, sql d2 06:00         SQL 30 hours after the lead: out at SQL within 24 hours
 *  U  unsubscribe d1, lead d2, mql d3, sql d4           unsubscribed before the lead: never excluded
 */
const rows: Row[] = [
	['P', day(1), 'lead'], ['P', day(3), 'mql'], ['P', day(5), 'sql'], ['P', day(10), 'purchase', 10],
	['Q', day(1), 'lead'], ['Q', day(2), 'mql'], ['Q', day(12), 'sql'], ['Q', day(13), 'purchase', 10],
	['R', day(1), 'lead'], ['R', day(2), 'mql'], ['R', day(3), 'unsubscribe'], ['R', day(4), 'sql'], ['R', day(5), 'purchase', 10],
	['S', day(1), 'lead'], ['S', day(2), 'mql'], ['S', day(3), 'sql'], ['S', day(4), 'unsubscribe'], ['S', day(6), 'purchase', 10],
	['T', day(1), 'lead'], ['T', day(1) + 5 * HOUR, 'mql'], ['T', day(2) + 6 * HOUR, 'sql'],
	['U', day(1), 'unsubscribe'], ['U', day(2), 'lead'], ['U', day(3), 'mql'], ['U', day(4), 'sql']
];
const table = tableOf(rows);
const session = new EngineSession(table);
const steps = [LEAD, MQL, SQL, SQO, CUSTOMER];
const query = (extra: Partial<LifecycleQuery> = {}): LifecycleQuery => ({ model: leadLifecycle, mode: 'cumulative', windowDays: null, steps, ...extra });
const counts = (q: LifecycleQuery) => session.lifecycle(q).funnel.steps.map((s) => s.count);
/** The customers counted at each step, by id. */
const who = (q: LifecycleQuery) => {
	const { times, customers, stages } = session.stepTimes(q);
	return stages.map((_, k) => table.customerIds.filter((_, c) => !Number.isNaN(times[k * customers + c])).join(''));
};

describe('the funnel without options', () => {
	it('counts every customer through SQL; SQO and Customer come with a purchase', () => {
		expect(who(query())).toEqual(['PQRSTU', 'PQRSTU', 'PQRSTU', 'PQRS', 'PQRS']);
	});
});

describe('window units', () => {
	it('24 hours from the first step: P (MQL after 2 days) falls out at MQL; T (SQL after 30 hours) and every other at SQL', () => {
		expect(who(query({ windowDays: 24, windowUnit: 'hour' }))).toEqual(['PQRSTU', 'QRSTU', '', '', '']);
	});
	it('30 hours keeps T at SQL (exactly 30 hours after its lead); the rest took 2 days or more', () => {
		expect(who(query({ windowDays: 30, windowUnit: 'hour' }))).toEqual(['PQRSTU', 'QRSTU', 'T', '', '']);
	});
	it('1 day is 24 hours; 2 weeks = 14 days: Q (purchase on day 13, 12 days after the lead) stays in', () => {
		expect(counts(query({ windowDays: 1, windowUnit: 'day' }))).toEqual(counts(query({ windowDays: 24, windowUnit: 'hour' })));
		expect(who(query({ windowDays: 2, windowUnit: 'week' }))).toEqual(who(query({ windowDays: 14 })));
		expect(who(query({ windowDays: 1, windowUnit: 'week' }))).toEqual(['PQRSTU', 'PQRSTU', 'PRSTU', 'RS', 'RS']);
	});
	it('the result says which unit its window is in (days say nothing, as before)', () => {
		expect(session.lifecycle(query({ windowDays: 24, windowUnit: 'hour' })).funnel).toMatchObject({ windowDays: 24, windowUnit: 'hour' });
		expect(session.lifecycle(query({ windowDays: 3 })).funnel).not.toHaveProperty('windowUnit');
	});
});

describe('per-step windows (SLA)', () => {
	it('MQL → SQL within 7 days: only Q (10 days) falls out, at SQL, and is not counted later', () => {
		const result = session.lifecycle(query({ stepWindows: [{ stage: SQL, within: 7 }] })).funnel;
		expect(who(query({ stepWindows: [{ stage: SQL, within: 7 }] }))).toEqual(['PQRSTU', 'PQRSTU', 'PRSTU', 'PRS', 'PRS']);
		expect(result.steps[2]).toMatchObject({ count: 5, dropOff: 1 });
	});
	it('in hours: lead → MQL within 12 hours keeps only T (5 hours); the others took a day or more', () => {
		expect(who(query({ windowUnit: 'hour', stepWindows: [{ stage: MQL, within: 12 }] }))).toEqual(['PQRSTU', 'T', 'T', '', '']);
	});
	it('two SLAs together: MQL → SQL within 2 days and SQL → Customer within 3 days', () => {
		// P: SQL 2 days after MQL, purchase 5 days after SQL: out at SQO. Q: out at SQL. R: 2 and 1 days: in.
		// S: 1 day, then purchase 3 days after SQL: in. T: 25 hours: in, no purchase. U: 1 day: in, no purchase.
		const q = query({ stepWindows: [{ stage: SQL, within: 2 }, { stage: SQO, within: 3 }] });
		expect(who(q)).toEqual(['PQRSTU', 'PQRSTU', 'PRSTU', 'RS', 'RS']);
	});
	it('a window on the first step or on a stage not shown changes nothing', () => {
		expect(counts(query({ stepWindows: [{ stage: LEAD, within: 1 }, { stage: 6, within: 1 }] }))).toEqual(counts(query()));
	});
});

describe('exclusion steps', () => {
	it('unsubscribed between MQL and SQL: R is excluded at SQL, the chart is told, S and U (before the lead, after SQL) stay', () => {
		const q = query({ exclusions: [{ event: 'unsubscribe', from: MQL, to: SQL }] });
		expect(who(q)).toEqual(['PQRSTU', 'PQRSTU', 'PQSTU', 'PQS', 'PQS']);
		const result = session.lifecycle(q).funnel;
		expect(result.steps.map((s) => s.excluded)).toEqual([0, 0, 1, 0, 0]);
		expect(result.steps[2]).toMatchObject({ count: 5, dropOff: 1 });
	});
	it('between MQL and Customer: R at SQL, S at SQO (unsubscribed on day 4, before its SQO on day 6)', () => {
		const q = query({ exclusions: [{ event: 'unsubscribe', from: MQL, to: CUSTOMER }] });
		expect(who(q)).toEqual(['PQRSTU', 'PQRSTU', 'PQSTU', 'PQ', 'PQ']);
		expect(session.lifecycle(q).funnel.steps.map((s) => s.excluded)).toEqual([0, 0, 1, 1, 0]);
	});
	it('from a stage not shown: the last shown step before it stands in (MQL hidden: from lead)', () => {
		const q = query({ steps: [LEAD, SQL, SQO, CUSTOMER], exclusions: [{ event: 'unsubscribe', from: MQL, to: SQL }] });
		expect(who(q)).toEqual(['PQRSTU', 'PQSTU', 'PQS', 'PQS']);
	});
	it('an event the data does not have, or a step range backwards, excludes no one; without exclusions the steps say nothing of them', () => {
		expect(counts(query({ exclusions: [{ event: 'churned', from: MQL, to: SQL }] }))).toEqual(counts(query()));
		expect(counts(query({ exclusions: [{ event: 'unsubscribe', from: SQL, to: MQL }] }))).toEqual(counts(query()));
		expect(session.lifecycle(query()).funnel.steps[2]).not.toHaveProperty('excluded');
	});
	it('exclusions and windows together, in strict mode: R excluded at SQL, Q out of the 7-day SLA at SQL', () => {
		const q = query({ mode: 'strict', stepWindows: [{ stage: SQL, within: 7 }], exclusions: [{ event: 'unsubscribe', from: MQL, to: SQL }] });
		expect(who(q)).toEqual(['PQRSTU', 'PQRSTU', 'PSTU', '', '']);
		expect(session.lifecycle(q).funnel.steps.map((s) => s.excluded)).toEqual([0, 0, 1, 0, 0]);
	});
});

describe('properties: an option never raises a count', () => {
	const optionsArb = fc.record({
		mode: fc.constantFrom('cumulative' as const, 'strict' as const),
		unit: fc.constantFrom('hour' as const, 'day' as const, 'week' as const),
		within: fc.integer({ min: 1, max: 60 }),
		stage: fc.integer({ min: 1, max: 6 }),
		from: fc.integer({ min: 0, max: 5 }),
		span: fc.integer({ min: 1, max: 6 })
	});
	it('adding a per-step window or an exclusion to any funnel keeps every step at or below its count without it, and counts never grow along the funnel', () => {
		fc.assert(
			fc.property(leadEventRows, optionsArb, (rows, o) => {
				const s = new EngineSession(tableOf(rows));
				const base: LifecycleQuery = { model: leadLifecycle, mode: o.mode, windowDays: null, windowUnit: o.unit };
				const plain = s.lifecycle(base).funnel.steps.map((x) => x.count);
				const variants = [
					{ ...base, stepWindows: [{ stage: o.stage, within: o.within }] },
					{ ...base, exclusions: [{ event: 'unsubscribe', from: o.from, to: Math.min(6, o.from + o.span) }] },
					{ ...base, windowDays: o.within }
				];
				for (const v of variants) {
					const with_ = s.lifecycle(v).funnel.steps.map((x) => x.count);
					with_.forEach((n, k) => expect(n).toBeLessThanOrEqual(plain[k]));
					with_.forEach((n, k) => k > 0 && expect(n).toBeLessThanOrEqual(with_[k - 1]));
				}
			}),
			{ numRuns: 150 }
		);
	});
});
