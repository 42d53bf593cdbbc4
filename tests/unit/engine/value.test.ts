/** Customer value: per-customer totals, concentration (top shares, Lorenz, Gini) and RFM scores and segments. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concentration, customerValues, rfm, RFM_SEGMENTS, scoreRfm, segmentOf, type RfmCustomer } from '../../../src/lib/engine/value';
import { day, tableOf, type Row } from '../../helpers/tables';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`);

describe('customerValues', () => {
	const rows: Row[] = [
		['a', day(1), 'purchase', 10],
		['a', day(2), 'visit', 99],
		['a', day(3), 'purchase', NaN],
		['a', day(10), 'purchase', 5],
		['b', day(1), 'refund', -4],
		['b', day(2), 'purchase', 20],
		['c', day(5), 'visit']
	];
	const table = tableOf(rows);
	const purchase = table.eventNames.indexOf('purchase');
	const refund = table.eventNames.indexOf('refund');

	it('sums every event value, NaN as 0', () => {
		expect(Array.from(customerValues(table))).toEqual([114, 16, 0]);
	});

	it('sums only the listed events', () => {
		expect(Array.from(customerValues(table, { valueEvents: new Set([purchase]) }))).toEqual([15, 20, 0]);
		expect(Array.from(customerValues(table, { valueEvents: new Set([purchase, refund]) }))).toEqual([15, 16, 0]);
	});

	it('stops at asOf (inclusive) and leaves customers outside the mask at 0', () => {
		expect(Array.from(customerValues(table, { valueEvents: new Set([purchase]), asOf: day(3) }))).toEqual([10, 20, 0]);
		expect(Array.from(customerValues(table, { mask: Uint8Array.from([0, 1, 1]) }))).toEqual([0, 16, 0]);
	});
});

describe('concentration', () => {
	it('one customer holding everything among four: Gini 0.75 (n-normalised), every top share 1', () => {
		const result = concentration(Float64Array.from([0, 0, 0, 10]), ['a', 'b', 'c', 'd']);
		expect(result.customers).toBe(4);
		expect(result.total).toBe(10);
		expect(result.gini).toBeCloseTo(0.75, 12);
		// ceil(0.01·4) = ceil(0.05·4) = ceil(0.1·4) = ceil(0.2·4) = 1 customer, who holds all of it.
		expect(result.topShares).toEqual([
			{ top: 0.01, customers: 1, share: 1 },
			{ top: 0.05, customers: 1, share: 1 },
			{ top: 0.1, customers: 1, share: 1 },
			{ top: 0.2, customers: 1, share: 1 }
		]);
		expect(result.top).toEqual(['d']);
		expect(result.zeroOrNegative).toEqual({ customers: 3, ids: ['a', 'b', 'c'] });
		expect(result.lorenz).toEqual([
			{ customerShare: 0, valueShare: 0 },
			{ customerShare: 0.25, valueShare: 0 },
			{ customerShare: 0.5, valueShare: 0 },
			{ customerShare: 0.75, valueShare: 0 },
			{ customerShare: 1, valueShare: 1 }
		]);
	});

	it('values 1..10: top 10% = 10/55, top 20% = 19/55, Gini 0.3', () => {
		const values = Float64Array.from({ length: 10 }, (_, i) => i + 1);
		const result = concentration(values, ids(10));
		expect(result.total).toBe(55);
		expect(result.topShares.map((t) => t.customers)).toEqual([1, 1, 1, 2]);
		expect(result.topShares[2].share).toBeCloseTo(10 / 55, 12);
		expect(result.topShares[3].share).toBeCloseTo(19 / 55, 12);
		// 2 Σ i² / (10 · 55) − 11/10 = 770/550 − 1.1 = 0.3; also Σ|vi − vj| / (2 n² mean) = 330 / 1100.
		expect(result.gini).toBeCloseTo(0.3, 12);
		expect(result.top).toEqual(['c0009', 'c0008']);
		expect(result.lorenz[3]).toEqual({ customerShare: 0.3, valueShare: 6 / 55 });
	});

	it('counts ceil(X · n) customers exactly: 30 customers give 1, 2, 3 and 6, not 4 for 10%', () => {
		const result = concentration(Float64Array.from({ length: 30 }, (_, i) => i), ids(30));
		expect(result.topShares.map((t) => t.customers)).toEqual([1, 2, 3, 6]);
		expect(result.top).toHaveLength(6);
	});

	it('agrees with the mean-absolute-difference Gini and 1 − 2 × the Lorenz area on uneven data', () => {
		const n = 150;
		const values = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 113) ** 2 / 10);
		const result = concentration(values, ids(n));
		let diff = 0;
		let sum = 0;
		for (let i = 0; i < n; i++) {
			sum += values[i];
			for (let j = 0; j < n; j++) diff += Math.abs(values[i] - values[j]);
		}
		expect(result.gini).toBeCloseTo(diff / (2 * n * sum), 12);
		// n ≤ 200: the Lorenz curve is not thinned, so its trapezoid area is exact.
		let area = 0;
		for (let k = 1; k < result.lorenz.length; k++) {
			const [p, q] = [result.lorenz[k - 1], result.lorenz[k]];
			area += ((q.customerShare - p.customerShare) * (q.valueShare + p.valueShare)) / 2;
		}
		expect(result.gini).toBeCloseTo(1 - 2 * area, 12);
	});

	it('thins the Lorenz curve to at most 201 points from (0,0) to (1,1), non-decreasing', () => {
		const n = 5000;
		const values = Float64Array.from({ length: n }, (_, i) => (i % 97) + (i % 13) * 3);
		const { lorenz } = concentration(values, ids(n));
		expect(lorenz.length).toBeLessThanOrEqual(201);
		expect(lorenz[0]).toEqual({ customerShare: 0, valueShare: 0 });
		expect(lorenz[lorenz.length - 1]).toEqual({ customerShare: 1, valueShare: 1 });
		for (let k = 1; k < lorenz.length; k++) {
			expect(lorenz[k].customerShare).toBeGreaterThan(lorenz[k - 1].customerShare);
			expect(lorenz[k].valueShare).toBeGreaterThanOrEqual(lorenz[k - 1].valueShare);
		}
	});

	it('breaks ties by id, takes only customers in the mask, and counts zero or negative values', () => {
		const values = Float64Array.from([5, 5, 5, -2, 0, 100]);
		const names = ['e', 'b', 'd', 'a', 'c', 'f'];
		const all = concentration(values, names);
		// 6 customers: top 20% = ceil(1.2) = 2: f (100), then b of the tied b, d, e.
		expect(all.top).toEqual(['f', 'b']);
		expect(all.zeroOrNegative).toEqual({ customers: 2, ids: ['c', 'a'] });
		const masked = concentration(values, names, Uint8Array.from([1, 1, 1, 1, 1, 0]));
		expect(masked.customers).toBe(5);
		expect(masked.total).toBe(13);
		expect(masked.top).toEqual(['b']);
	});

	it('with no value at all: Gini 0, shares unknown (null), the Lorenz curve is the line of equality', () => {
		const result = concentration(new Float64Array(4), ids(4));
		expect(result.gini).toBe(0);
		expect(result.topShares.every((t) => t.share === null)).toBe(true);
		expect(result.lorenz.map((p) => p.valueShare)).toEqual([0, 0.25, 0.5, 0.75, 1]);
		expect(result.zeroOrNegative.customers).toBe(4);
	});
});

describe('RFM', () => {
	// As of day 31. Purchases with values and visits.
	const rows: Row[] = [
		['c1', day(1), 'purchase', 10],
		['c1', day(30), 'purchase', 20],
		['c2', day(20), 'purchase', 100],
		['c3', day(5), 'purchase', 5],
		['c3', day(10), 'purchase', 5],
		['c3', day(15), 'purchase', 5],
		['c4', day(25), 'purchase', 50],
		['c4', day(31), 'visit'],
		['c5', day(2), 'visit'],
		['c5', day(40), 'purchase', 1000] // after asOf: ignored
	];
	const table = tableOf(rows);
	const purchase = table.eventNames.indexOf('purchase');
	const byIdOf = (of: typeof table, result: ReturnType<typeof rfm>) => Object.fromEntries(result.customers.map((row) => [of.customerIds[row.customer], row]));
	const byId = (result: ReturnType<typeof rfm>) => byIdOf(table, result);

	it('measures recency in days since any activity, frequency in purchases, monetary in their values; scores buyers only', () => {
		const rows = byId(rfm(table, { asOf: day(31), purchaseEvents: new Set([purchase]) }));
		// c5 only visited by day 31 (the purchase on day 40 is after it): no purchase, no score.
		expect(Object.keys(rows)).toEqual(['c1', 'c2', 'c3', 'c4']);
		expect([rows.c1.recency, rows.c2.recency, rows.c3.recency, rows.c4.recency]).toEqual([1, 11, 16, 0]);
		expect([rows.c1.frequency, rows.c2.frequency, rows.c3.frequency, rows.c4.frequency]).toEqual([2, 1, 3, 1]);
		expect([rows.c1.monetary, rows.c2.monetary, rows.c3.monetary, rows.c4.monetary]).toEqual([30, 100, 15, 50]);
	});

	it('scores by rank quintiles (n = 4: score = 1 + floor(5 rank / 4), rank the customers strictly worse); the c2/c4 frequency tie shares F1', () => {
		const rows = byId(rfm(table, { asOf: day(31), purchaseEvents: new Set([purchase]) }));
		// Recency, worst first: c3 16, c2 11, c1 1, c4 0.
		expect([rows.c3.r, rows.c2.r, rows.c1.r, rows.c4.r]).toEqual([1, 2, 3, 4]);
		// Frequency, lowest first: c2 1, c4 1 (a tie: both rank 0), c1 2 (rank 2), c3 3 (rank 3).
		expect([rows.c2.f, rows.c4.f, rows.c1.f, rows.c3.f]).toEqual([1, 1, 3, 4]);
		// Monetary: c3 15, c1 30, c4 50, c2 100.
		expect([rows.c3.m, rows.c1.m, rows.c4.m, rows.c2.m]).toEqual([1, 2, 3, 4]);
		expect(rows.c1.segment).toBe('Need attention'); // R3 F3
		expect(rows.c2.segment).toBe('Hibernating'); // R2 F1
		expect(rows.c3.segment).toBe('At risk'); // R1 F4
		expect(rows.c4.segment).toBe('Promising'); // R4 F1: one purchase, recent
	});

	it('never gives a customer who never bought a frequency score: 8 visitors and 2 buyers score only the 2', () => {
		// Ranked among the buyers, the visitors (frequency 0) filled the ranks by id alone: v6 and v7 took F4.
		const visitors: Row[] = Array.from({ length: 8 }, (_, k): Row => [`v${k}`, day(2 + k), 'page view']);
		const mixed = tableOf([...visitors, ['a', day(1), 'purchase', 5], ['a', day(9), 'purchase', 5], ['b', day(3), 'purchase', 40]]);
		const result = rfm(mixed, { asOf: day(10), purchaseEvents: new Set([mixed.eventNames.indexOf('purchase')]) });
		expect(result.customers.map((row) => [mixed.customerIds[row.customer], row.frequency, row.f])).toEqual([
			['a', 2, 3],
			['b', 1, 1]
		]);
		expect(result.segments.reduce((n, s) => n + s.customers, 0)).toBe(2);
	});

	it('counts purchases at one instant once (lines of one order), and refunds lower monetary but are never purchases', () => {
		const shop = tableOf([
			['a', day(1), 'purchase', 10.1],
			['a', day(1), 'purchase', 0.2], // a second line of the same order
			['a', day(5), 'purchase', 20],
			['a', day(6), 'refund', -20],
			['b', day(2), 'purchase', 7],
			['b', day(3), 'refund', -7]
		]);
		const events = { purchaseEvents: new Set([shop.eventNames.indexOf('purchase')]), refundEvents: new Set([shop.eventNames.indexOf('refund')]) };
		const rows = byIdOf(shop, rfm(shop, { asOf: day(10), ...events }));
		expect([rows.a.frequency, rows.b.frequency]).toEqual([2, 1]);
		// 10.1 + 0.2 + 20 − 20 is 10.299999999999997 in floating point; money is summed in cents.
		expect([rows.a.monetary, rows.b.monetary]).toEqual([10.3, 0]);
	});

	it('uses only activity events for recency when given, leaving out customers without any', () => {
		const rows = byId(rfm(table, { asOf: day(31), purchaseEvents: new Set([purchase]), activityEvents: new Set([purchase]) }));
		expect(Object.keys(rows)).toEqual(['c1', 'c2', 'c3', 'c4']);
		expect(rows.c4.recency).toBe(6);
	});

	it('counts activity events as frequency without purchase events, and honours the mask', () => {
		const rows = byId(rfm(table, { asOf: day(31), mask: Uint8Array.from([1, 1, 0, 1, 1]) }));
		expect(Object.keys(rows)).toEqual(['c1', 'c2', 'c4', 'c5']);
		expect(rows.c4.frequency).toBe(2);
		expect(rows.c4.monetary).toBe(50);
	});

	it('gives customers with equal figures one score, whatever their ids: ten identical customers all score 1', () => {
		// Ranked by id, they took 1, 1, 2, 2, … 5, 5: the same customer scored by the letters of its id.
		const names = ['j', 'b', 'h', 'a', 'e', 'c', 'i', 'd', 'g', 'f'];
		const tied = tableOf(names.map((id): Row => [id, day(3), 'purchase', 7]));
		const result = rfm(tied, { asOf: day(10) });
		expect(result.customers.map((row) => [row.r, row.f, row.m])).toEqual(names.map(() => [1, 1, 1]));
	});

	it('on the built-in sample, a customer’s frequency score follows their purchases: the 126 who bought once are all F1, never Champions', () => {
		// The sample's 195 buyers: 126 bought once, 45 twice, 17 three times, 5 four, one five, one six (counted from
		// static/samples/lead-lifecycle.csv). Ranked by id, 9 one-purchase customers scored F4 and 4 of them were "Champions".
		// Strictly worse than two purchases: 126, so F = 1 + floor(5 × 126 / 195) = 4; than three: 171, F5.
		const text = readFileSync(new URL('../../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');
		const sample = tableOf(
			text
				.trim()
				.split('\n')
				.slice(1)
				.map((line): Row => {
					const [id, time, event, value] = line.split(',');
					return [id, Date.parse(time), event, value === '' ? undefined : Number(value)];
				})
		);
		const result = rfm(sample, { asOf: Date.UTC(2025, 11, 31, 23, 59, 59), purchaseEvents: new Set([sample.eventNames.indexOf('purchase')]) });
		const scoreOf = new Map<number, Set<number>>();
		for (const row of result.customers) scoreOf.set(row.frequency, (scoreOf.get(row.frequency) ?? new Set()).add(row.f));
		expect([...scoreOf.entries()].sort(([a], [b]) => a - b).map(([n, f]) => [n, [...f]])).toEqual([
			[1, [1]],
			[2, [4]],
			[3, [5]],
			[4, [5]],
			[5, [5]],
			[6, [5]]
		]);
		const counts = [1, 2, 3, 4, 5, 6].map((k) => result.customers.filter((row) => row.frequency === k).length);
		expect(counts).toEqual([126, 45, 17, 5, 1, 1]);
		const champions = result.customers.filter((row) => row.segment === 'Champions');
		expect(champions.every((row) => row.frequency >= 2)).toBe(true);
	});

	it('the segment table covers every (R, F) cell exactly once', () => {
		for (let r = 1; r <= 5; r++) {
			for (let f = 1; f <= 5; f++) {
				const matches = RFM_SEGMENTS.filter((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
				expect(matches, `R${r} F${f}`).toHaveLength(1);
				expect(segmentOf(r, f)).toBe(matches[0]);
			}
		}
		expect(RFM_SEGMENTS).toHaveLength(11);
		const cells = RFM_SEGMENTS.reduce((n, s) => n + (s.r[1] - s.r[0] + 1) * (s.f[1] - s.f[0] + 1), 0);
		expect(cells).toBe(25);
	});

	it('on a larger log: quintiles by rank with ties sharing a score, and segment counts and the grid both sum to the customers', () => {
		const many: Row[] = [];
		for (let c = 0; c < 237; c++) {
			const purchases = 1 + ((c * 31) % 9);
			for (let k = 0; k < purchases; k++) many.push([`u${c}`, day(1 + ((c * 17 + k * 5) % 90)), 'purchase', (c % 11) * 3 + k]);
		}
		const bigTable = tableOf(many);
		const result = rfm(bigTable, { asOf: day(100) });
		const n = result.customers.length;
		expect(n).toBe(237);
		// Purchases 1..9, about 26 customers each: F = 1 + floor(5 × (customers with fewer purchases) / 237).
		const fewer = (k: number) => result.customers.filter((row) => row.frequency < k).length;
		for (const row of result.customers) expect(row.f).toBe(1 + Math.floor((5 * fewer(row.frequency)) / n));
		expect(new Set(result.customers.filter((row) => row.frequency === 1).map((row) => row.f))).toEqual(new Set([1]));
		expect(result.segments.reduce((sum, s) => sum + s.customers, 0)).toBe(n);
		expect(result.grid.flat().reduce((a, b) => a + b, 0)).toBe(n);
		for (const s of result.segments) {
			expect(s.customers).toBe(result.customers.filter((row) => row.segment === s.name).length);
			expect(s.rule).toMatch(/^R /);
		}
		for (const row of result.customers) expect(segmentOf(row.r, row.f).name).toBe(row.segment);
	});
});

describe('ties, ids in any order', () => {
	// Few distinct numbers, so most comparisons tie; ids drawn apart from the customers' order.
	const draw = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 60 }).chain((ids) =>
		fc.record({ ids: fc.constant(ids), numbers: fc.array(fc.tuple(fc.integer({ min: -2, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 })), { minLength: ids.length, maxLength: ids.length }) })
	);
	const byId = (ids: string[]) => (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);

	it('concentration ranks by value, largest first, then by id, as one comparison would', () => {
		fc.assert(
			fc.property(draw, ({ ids, numbers }) => {
				const values = Float64Array.from(numbers, ([v]) => v);
				const expected = Array.from(values.keys()).sort((i, j) => values[j] - values[i] || byId(ids)(i, j));
				const result = concentration(values, ids);
				expect(result.top).toEqual(expected.slice(0, result.top.length).map((c) => ids[c]));
				expect(result.zeroOrNegative.ids).toEqual(expected.filter((c) => values[c] <= 0).map((c) => ids[c]));
			})
		);
	});

	it('RFM scores every metric by the share of customers strictly worse: equal figures, equal scores', () => {
		fc.assert(
			fc.property(draw, ({ numbers }) => {
				const rows = numbers.map(([monetary, frequency, recency], customer): RfmCustomer => ({ customer, recency, frequency, monetary, r: 0, f: 0, m: 0, segment: 'Lost' }));
				const scored = scoreRfm(rows.map((row) => ({ ...row })));
				const n = rows.length;
				const ranks = (worseFirst: (x: RfmCustomer, y: RfmCustomer) => number) =>
					rows.map((row) => 1 + Math.floor((5 * rows.filter((other) => worseFirst(other, row) < 0).length) / n));
				expect(scored.customers.map((row) => row.r)).toEqual(ranks((x, y) => y.recency - x.recency));
				expect(scored.customers.map((row) => row.f)).toEqual(ranks((x, y) => x.frequency - y.frequency));
				expect(scored.customers.map((row) => row.m)).toEqual(ranks((x, y) => x.monetary - y.monetary));
			})
		);
	});
});
