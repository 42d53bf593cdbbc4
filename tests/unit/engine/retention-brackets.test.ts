/**
 * Retention's custom brackets (issue 24, item 5), asked through the engine session: a hand-checked fixture naming
 * who counts in which bracket, "on" and rolling "on or after"; and properties on random data: the brackets
 * partition the periods, one bracket per period is the plain matrix, a rolling bracket is "on or after" its first
 * period, an "on" bracket counts at least its busiest period and at most their sum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../../src/lib/engine/model';
import type { RetentionQuery } from '../../../src/lib/engine/queries';
import { retentionBrackets } from '../../../src/lib/engine/retention';
import { EngineSession } from '../../../src/lib/engine/session';
import { DAY, tableOf, type Row } from '../../helpers/tables';

const jan = (d: number) => Date.UTC(2025, 0, d);
/**
 * Daily cohorts by first seen; the data ends on 31 March (day 89 after 1 January).
 *  a  first seen 1 Jan; back on day 3 and day 40           → day 0, 1-7, 31-90
 *  b  first seen 1 Jan; back on day 20                      → day 0, 8-30
 *  c  first seen 1 Jan; never back                          → day 0
 *  d  first seen 1 Jan; back on days 1, 7 and 8             → day 0, 1-7, 8-30
 *  e  first seen 1 Mar (day 0 = 59 days after 1 Jan); back on day 30 (31 Mar, the last day)
 *                                                           → day 0, 8-30 (partial: it holds the data's last day)
 */
const rows: Row[] = [
	['a', jan(1), 'visit'], ['a', jan(4), 'visit'], ['a', jan(41), 'visit'],
	['b', jan(1), 'visit'], ['b', jan(21), 'visit'],
	['c', jan(1), 'visit'],
	['d', jan(1), 'visit'], ['d', jan(2), 'visit'], ['d', jan(8), 'visit'], ['d', jan(9), 'visit'],
	['e', Date.UTC(2025, 2, 1), 'visit'], ['e', Date.UTC(2025, 2, 31, 12), 'visit']
];
const session = new EngineSession(tableOf(rows));
const query = (extra: Partial<RetentionQuery>): RetentionQuery => ({ model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'bounded', ...extra });
const BRACKETS = [0, 1, 8, 31, 91];

describe('custom brackets', () => {
	it('day 0, 1-7, 8-30, 31-90, 91 on: each bracket counts who came back in any of its days', () => {
		const result = session.retention(query({ brackets: BRACKETS }));
		expect(result.brackets).toEqual([{ from: 0, to: 0 }, { from: 1, to: 7 }, { from: 8, to: 30 }, { from: 31, to: 90 }, { from: 91, to: null }]);
		const [january, march] = result.cohorts;
		expect(january).toMatchObject({ label: '2025-01-01', size: 4 });
		// a, d in 1-7; b, d in 8-30; a in 31-90; day 89 is the last: 31-90 holds it (partial), 91 on is past the end.
		expect(january.counts).toEqual([4, 2, 2, 1, null]);
		expect(january.partial).toEqual([false, false, false, true, false]);
		expect(march).toMatchObject({ label: '2025-03-01', size: 1 });
		expect(march.counts).toEqual([1, 0, 1, null, null]);
		expect(march.partial).toEqual([false, false, true, false, false]);
		// The average leaves out what is partial: 8-30 is January's alone (2 of 4).
		expect(result.average).toEqual([1, 0.4, 0.5, null, null]);
	});

	it('rolling ("on or after"): a bracket counts who came back in it or any later one', () => {
		const [january, march] = session.retention(query({ brackets: BRACKETS, mode: 'unbounded' })).cohorts;
		// a: furthest 31-90, b and d: 8-30, c: day 0 only.
		expect(january.counts).toEqual([4, 3, 3, 1, null]);
		expect(march.counts).toEqual([1, 1, 1, null, null]);
	});

	it('a bracket’s drill-down lists its customers: January, days 1-7 (a, d); rolling from day 8 (a, b, d)', () => {
		const ids = (mode: 'bounded' | 'unbounded', k: number, last: number | null) => {
			const q = query({ brackets: BRACKETS, mode });
			const january = session.retention(q).cohorts[0].period;
			const list = session.customers(q, { kind: 'retention-cell', period: 'day', cohortStage: -1, returnEvent: null, mode, cohort: january, k, last });
			return list.rows.map((r) => r.id).sort();
		};
		expect(ids('bounded', 1, 7)).toEqual(['a', 'd']);
		expect(ids('bounded', 31, 90)).toEqual(['a']);
		expect(ids('unbounded', 8, 30)).toEqual(['a', 'b', 'd']);
	});

	it('bracket starts are sorted, made whole and begin at 0, whatever order they come in', () => {
		expect(retentionBrackets([31, 8, 1, 8, -2, 2.5])).toEqual([{ from: 0, to: 0 }, { from: 1, to: 7 }, { from: 8, to: 30 }, { from: 31, to: null }]);
		expect(session.retention(query({ brackets: [8, 1, 31, 91] })).cohorts[0].counts).toEqual([4, 2, 2, 1, null]);
	});

	it('without brackets the matrix is as before, one column per day', () => {
		const result = session.retention(query({}));
		expect(result).not.toHaveProperty('brackets');
		expect(result.cohorts[0].counts).toHaveLength(89 + 1);
	});
});

describe('properties of brackets', () => {
	const rowsArb = fc.array(
		fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.integer({ min: 0, max: 120 }), fc.constantFrom('visit', 'purchase')).map(
			([c, d, e]): Row => [c, jan(1) + d * DAY + 3_600_000, e, e === 'purchase' ? 10 : undefined]
		),
		{ minLength: 1, maxLength: 40 }
	);
	const startsArb = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 6 });
	const periodArb = fc.constantFrom('day' as const, 'week' as const, 'month' as const);

	it('the brackets partition the periods, and each bracket agrees with the periods it holds', () => {
		fc.assert(
			fc.property(rowsArb, startsArb, periodArb, (rows, starts, period) => {
				const s = new EngineSession(tableOf(rows));
				const base = query({ period });
				const brackets = retentionBrackets(starts);
				// A partition: from 0, each bracket starts where the one before ends, the last runs on.
				expect(brackets[0].from).toBe(0);
				brackets.forEach((b, i) => expect(b.to).toBe(i + 1 < brackets.length ? brackets[i + 1].from - 1 : null));
				const on = s.retention(base);
				const after = s.retention({ ...base, mode: 'unbounded' });
				const onB = s.retention({ ...base, brackets: starts });
				const afterB = s.retention({ ...base, mode: 'unbounded', brackets: starts });
				expect(onB.cohorts.map((c) => c.size)).toEqual(on.cohorts.map((c) => c.size));
				on.cohorts.forEach((cohort, i) => {
					brackets.forEach((b, col) => {
						const inside = cohort.counts.slice(b.from, b.to === null ? undefined : b.to + 1).filter((n): n is number => n !== null);
						const bracket = onB.cohorts[i].counts[col];
						if (inside.length === 0) return expect(bracket).toBeNull();
						// "On": at least the busiest period, at most their sum (one count per customer).
						expect(bracket).toBeGreaterThanOrEqual(Math.max(...inside));
						expect(bracket).toBeLessThanOrEqual(inside.reduce((a, n) => a + n, 0));
						// Rolling: exactly "on or after" the bracket's first period.
						expect(afterB.cohorts[i].counts[col]).toBe(after.cohorts[i].counts[b.from]);
					});
				});
				// One bracket per period is the plain matrix.
				const width = on.cohorts[0]?.counts.length ?? 0;
				const each = s.retention({ ...base, brackets: Array.from({ length: width }, (_, k) => k) });
				expect(each.cohorts.map((c) => c.counts.slice(0, width))).toEqual(on.cohorts.map((c) => c.counts));
			}),
			{ numRuns: 120 }
		);
	});
});
