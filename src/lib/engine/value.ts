/**
 * Customer value: per-customer totals, how concentrated value is among customers (top shares, Lorenz curve,
 * Gini), and RFM scores and segments. One linear pass over each customer's run of events, plus sorts.
 */
import { chosenCustomers, isIncluded, type Mask } from './filter';
import { fromMinorUnits, sumMoney, tableMinorUnitScale, toMinorUnits } from './money';
import { DAY_MS } from './periods';
import type { EventTable } from './table';
import { forEachValue, valueAt } from './values';

export interface CustomerValueOptions {
	/** Event codes whose values count (purchases and refunds: `moneyEvents(table).money`); every event when absent. */
	valueEvents?: Set<number>;
	/** Customers outside the mask get 0; pass the same mask to `concentration`. */
	mask?: Mask;
	/** Only events at or before this time (epoch ms) count. */
	asOf?: number;
}

/**
 * Per customer (indexed like table.customerIds) the sum of `value` over the chosen events, exact in the values'
 * minor unit (./money); NaN values count as 0.
 */
export function customerValues(table: EventTable, options: CustomerValueOptions = {}): Float64Array {
	const { valueEvents, mask } = options;
	const asOf = options.asOf ?? Infinity;
	const scale = tableMinorUnitScale(table);
	const { customerStart, time, event } = table;
	const units = new Float64Array(table.customerIds.length);
	// Only the rows that carry a value (about 1 in 80 of an event log's), in row order: each customer's sum adds the
	// same values in the same order as valueOfCustomer, without visiting every event.
	let c = 0;
	forEachValue(table.value, (i, v) => {
		while (customerStart[c + 1] <= i) c++;
		if (!(time[i] <= asOf) || !isIncluded(mask, c) || (valueEvents && !valueEvents.has(event[i])) || Number.isNaN(v)) return;
		units[c] += toMinorUnits(v, scale);
	});
	const values = new Float64Array(units.length);
	for (let c = 0; c < units.length; c++) if (isIncluded(mask, c)) values[c] = fromMinorUnits(units[c], scale);
	return values;
}

/** One customer's sum of `value` over the chosen events (all when absent) by asOf, as customerValues. */
export function valueOfCustomer(table: EventTable, c: number, valueEvents: Set<number> | undefined, asOf = Infinity): number {
	const scale = tableMinorUnitScale(table);
	let units = 0;
	// Sorted by time within the customer: nothing after asOf counts.
	for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && table.time[i] <= asOf; i++) {
		if (valueEvents && !valueEvents.has(table.event[i])) continue;
		const v = valueAt(table.value, i);
		if (!Number.isNaN(v)) units += toMinorUnits(v, scale);
	}
	return fromMinorUnits(units, scale);
}

// ---------------------------------------------------------------------------------------------------------------
// Concentration

export const TOP_FRACTIONS = [0.01, 0.05, 0.1, 0.2] as const;
export type TopFraction = (typeof TOP_FRACTIONS)[number];

export interface TopShare {
	top: TopFraction;
	/** ceil(top · n) customers. */
	customers: number;
	/** Their share of the total value; null when the total is 0. */
	share: number | null;
}

export interface LorenzPoint {
	customerShare: number;
	valueShare: number;
}

export interface Concentration {
	customers: number;
	total: number;
	topShares: TopShare[];
	lorenz: LorenzPoint[];
	gini: number;
	/** Ids of the top 20% group (ceil(0.2 · n) customers), largest value first. */
	top: string[];
	zeroOrNegative: { customers: number; ids: string[] };
}

/** Lorenz curves are thinned to at most this many segments (so at most 201 points). */
const LORENZ_SEGMENTS = 200;

/**
 * How value is spread over the customers in the mask (n of them, with total value Σv).
 *
 * Order: customers are ranked by value, largest first, ties by id (string order, smaller id first); the Lorenz
 * curve and the Gini coefficient use the reverse (ascending) order, v₁ ≤ … ≤ vₙ.
 * - topShares: for X in 1%, 5%, 10%, 20%, the k = ceil(X · n) highest-value customers and their share of Σv
 *   (null when Σv = 0). With negative values (refunds) shares can exceed 1.
 * - lorenz: points (i/n, (v₁+…+vᵢ)/Σv) for i = 0..n, from (0, 0) to (1, 1); with more than 200 customers only
 *   i = round(j · n / 200), j = 0..200, are kept. When Σv = 0 it is the line of equality.
 * - gini: G = 2 Σᵢ i·vᵢ / (n Σv) − (n + 1) / n (i = 1..n over the ascending values), the n-normalised
 *   (population) Gini: the mean absolute difference over twice the mean, Σᵢ Σⱼ |vᵢ − vⱼ| / (2 n² v̄), which is also
 *   1 − 2 × the area under the exact (unthinned) Lorenz curve. One customer holding everything among n gives
 *   1 − 1/n (e.g. [0, 0, 0, 10] → 0.75; the n − 1 "sample" normalisation would give 1). 0 when Σv = 0.
 * - top: the ids of the top 20% group, largest first.
 * - zeroOrNegative: customers with value ≤ 0 (no purchases, or refunds exceeding purchases).
 */
export function concentration(values: Float64Array, ids: string[], mask?: Mask): Concentration {
	const list = chosenCustomers(mask);
	return concentrationOf(values, ids, list ? Array.from(list) : Array.from(values.keys()));
}

/** concentration() of the customers `chosen` (indexes, in customer order; sorted here in place). */
export function concentrationOf(values: Float64Array, ids: string[], chosen: number[]): Concentration {
	// Largest first, ties by id.
	chosen.sort((i, j) => values[j] - values[i] || compareIds(ids[i], ids[j]));
	const n = chosen.length;
	// Exact, so that customers whose refunds cancel their purchases leave a total of 0, not 2e-14.
	const total = sumMoney(chosen.map((c) => values[c]));

	const topShares = TOP_FRACTIONS.map((top): TopShare => {
		// Whole percents keep ceil exact: ceil(0.1 · 30) would be 4 in floating point.
		const k = n === 0 ? 0 : Math.ceil((n * Math.round(top * 100)) / 100);
		let sum = 0;
		for (let i = 0; i < k; i++) sum += values[chosen[i]];
		return { top, customers: k, share: total === 0 ? null : sum / total };
	});

	// Ascending cumulative sums for the Lorenz curve and Gini.
	const lorenz: LorenzPoint[] = [];
	let gini = 0;
	if (n === 0) {
		lorenz.push({ customerShare: 0, valueShare: 0 }, { customerShare: 1, valueShare: 1 });
	} else {
		const cumulative = new Float64Array(n + 1);
		let weighted = 0;
		for (let i = 1; i <= n; i++) {
			const v = values[chosen[n - i]];
			cumulative[i] = cumulative[i - 1] + v;
			weighted += i * v;
		}
		gini = total === 0 ? 0 : (2 * weighted) / (n * total) - (n + 1) / n;
		const steps = Math.min(n, LORENZ_SEGMENTS);
		for (let j = 0; j <= steps; j++) {
			const i = Math.round((j * n) / steps);
			const customerShare = i / n;
			lorenz.push({ customerShare, valueShare: total === 0 ? customerShare : cumulative[i] / total });
		}
		// Exact endpoints, free of rounding in the cumulative sum.
		lorenz[lorenz.length - 1].valueShare = 1;
	}

	const topCount = topShares[topShares.length - 1].customers;
	const top = chosen.slice(0, topCount).map((c) => ids[c]);
	const zeroIds = chosen.filter((c) => values[c] <= 0).map((c) => ids[c]);
	return { customers: n, total, topShares, lorenz, gini, top, zeroOrNegative: { customers: zeroIds.length, ids: zeroIds } };
}

/** Plain string order (UTF-16 code units), independent of locale. */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------------
// RFM

export type SegmentName =
	| 'Champions'
	| 'Loyal'
	| 'Potential loyalists'
	| 'New'
	| 'Promising'
	| 'Need attention'
	| 'About to sleep'
	| 'At risk'
	| "Can't lose them"
	| 'Hibernating'
	| 'Lost';

export interface SegmentRule {
	name: SegmentName;
	/** Inclusive ranges of the recency and frequency scores. */
	r: [number, number];
	f: [number, number];
	rule: string;
}

/**
 * RFM segments on the recency (R) and frequency (F) scores: the widely circulated R×F segment map (champions
 * R5 F4–5, loyal R3–4 F4–5, potential loyalists R4–5 F2–3, new R5 F1, promising R4 F1, need attention R3 F3,
 * about to sleep R3 F1–2, at risk R1–2 F3–4, can't lose them R1–2 F5, hibernating R1–2 F1–2), with its
 * hibernating block split so that those not seen for longest (R1) are "lost". Each of the 25 (R, F) cells belongs
 * to exactly one segment:
 *
 *          F1          F2          F3          F4          F5
 *   R5     New         Pot.loyal   Pot.loyal   Champions   Champions
 *   R4     Promising   Pot.loyal   Pot.loyal   Loyal       Loyal
 *   R3     AboutSleep  AboutSleep  NeedAttn    Loyal       Loyal
 *   R2     Hibernating Hibernating At risk     At risk     Can't lose
 *   R1     Lost        Lost        At risk     At risk     Can't lose
 */
export const RFM_SEGMENTS: readonly SegmentRule[] = [
	{ name: 'Champions', r: [5, 5], f: [4, 5], rule: 'R 5, F 4–5: bought recently and often' },
	{ name: 'Loyal', r: [3, 4], f: [4, 5], rule: 'R 3–4, F 4–5: buy often, fairly recently' },
	{ name: 'Potential loyalists', r: [4, 5], f: [2, 3], rule: 'R 4–5, F 2–3: recent, a few purchases' },
	{ name: 'New', r: [5, 5], f: [1, 1], rule: 'R 5, F 1: most recent, one or few purchases' },
	{ name: 'Promising', r: [4, 4], f: [1, 1], rule: 'R 4, F 1: recent, one or few purchases' },
	{ name: 'Need attention', r: [3, 3], f: [3, 3], rule: 'R 3, F 3: middling recency and frequency' },
	{ name: 'About to sleep', r: [3, 3], f: [1, 2], rule: 'R 3, F 1–2: fading, few purchases' },
	{ name: 'At risk', r: [1, 2], f: [3, 4], rule: 'R 1–2, F 3–4: bought often, long ago' },
	{ name: "Can't lose them", r: [1, 2], f: [5, 5], rule: 'R 1–2, F 5: the most frequent, long ago' },
	{ name: 'Hibernating', r: [2, 2], f: [1, 2], rule: 'R 2, F 1–2: long ago, few purchases' },
	{ name: 'Lost', r: [1, 1], f: [1, 2], rule: 'R 1, F 1–2: longest ago, few purchases' }
];

/** The segment of an (R, F) cell, scores 1..5. */
export function segmentOf(r: number, f: number): SegmentRule {
	const found = RFM_SEGMENTS.find((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]);
	if (!found) throw new RangeError(`No RFM segment for R ${r}, F ${f}`);
	return found;
}

export interface RfmOptions {
	/** The date the scores are as of (epoch ms); later events are ignored. */
	asOf: number;
	/**
	 * Purchase events (`moneyEvents(table).purchases`): frequency counts them, those at one instant once, and only
	 * customers with a purchase are scored. When absent, every customer with activity is scored and frequency
	 * counts the instants with activity.
	 */
	purchaseEvents?: Set<number>;
	/** Refund events: their (negative) values lower monetary; they are never purchases. */
	refundEvents?: Set<number>;
	/** Events that count as activity for recency (and for frequency without purchaseEvents). All events when absent. */
	activityEvents?: Set<number>;
	mask?: Mask;
}

export interface RfmCustomer {
	/** Index into table.customerIds. */
	customer: number;
	/** Days (fractional) from the last activity event to asOf. */
	recency: number;
	frequency: number;
	monetary: number;
	r: number;
	f: number;
	m: number;
	segment: SegmentName;
}

export interface RfmResult {
	customers: RfmCustomer[];
	/** grid[r − 1][f − 1]: customers with recency score r and frequency score f. */
	grid: number[][];
	segments: { name: SegmentName; customers: number; rule: string }[];
}

/**
 * RFM as of a date, for the customers in the mask with at least one purchase by then (with purchaseEvents), or with
 * at least one activity event (without). Customers who never bought have no frequency to score: ranking them among
 * buyers would hand some of them high frequency scores by id alone.
 * - recency: days since the last activity event (activityEvents, or any event);
 * - frequency: purchases (./purchases: purchase events, those at one instant once), or, without purchaseEvents,
 *   the instants with an activity event;
 * - monetary: the net value, purchases' values plus refunds' (NaN counts as 0; without purchaseEvents every event's
 *   value), exact in the minor unit.
 *
 * Scores 1..5 by quintiles of rank: customers are ordered from worst to best on the metric (recency: most days
 * first, as fewer days is better; frequency and monetary: lowest first); with rank the number of customers strictly
 * worse, score = 1 + floor(5 · rank / n). Customers with equal metrics share a score, whatever their ids: ranking
 * ties by id handed one-purchase customers frequency scores 1 to 4 (on the built-in sample, 9 of them F4 and
 * "Champions"). So the lowest figure always scores 1, and a score can hold no one (when most customers bought once,
 * F2 and F3 are empty).
 * Segments come from the R and F scores by RFM_SEGMENTS.
 */
export function rfm(table: EventTable, options: RfmOptions): RfmResult {
	return scoreRfm(rfmRows(table, options));
}

/** The RFM rows of the chosen customers who qualify (rfm()), in customer order, not yet scored. */
export function rfmRows(table: EventTable, options: RfmOptions): RfmCustomer[] {
	const { asOf, purchaseEvents, refundEvents, activityEvents, mask } = options;
	const scale = tableMinorUnitScale(table);
	// Lookups by event code, not a Set's per event.
	const codes = (events: Set<number> | undefined) => Uint8Array.from(table.eventNames, (_, e) => (!events || events.has(e) ? 1 : 0));
	const isActivity = codes(activityEvents);
	const isPurchase = codes(purchaseEvents);
	const isRefund = refundEvents ? codes(refundEvents) : new Uint8Array(table.eventNames.length);
	const rows: RfmCustomer[] = [];
	const list = chosenCustomers(mask);
	const visited = list ? list.length : table.customerIds.length;
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		let last = -Infinity;
		let activities = 0;
		let purchases = 0;
		let lastPurchase = NaN;
		let units = 0;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			if (t > asOf) break;
			const e = table.event[i];
			if (isActivity[e]) {
				if (t !== last) activities++;
				last = t;
			}
			const purchase = isPurchase[e] === 1;
			// A purchase at the same instant as the one before is part of it (./purchases).
			if (purchase && t !== lastPurchase) {
				purchases++;
				lastPurchase = t;
			}
			if (purchase || isRefund[e]) {
				const v = valueAt(table.value, i);
				if (!Number.isNaN(v)) units += toMinorUnits(v, scale);
			}
		}
		if (activities === 0 || (purchaseEvents && purchases === 0)) continue;
		rows.push({
			customer: c,
			recency: (asOf - last) / DAY_MS,
			frequency: purchaseEvents ? purchases : activities,
			monetary: fromMinorUnits(units, scale),
			r: 0,
			f: 0,
			m: 0,
			segment: 'Lost'
		});
	}

	return rows;
}

/** Scores and segments rows of rfmRows (any subset of them, in customer order): the quintiles are of these rows. */
export function scoreRfm(rows: RfmCustomer[]): RfmResult {
	const n = rows.length;
	const score = (worseFirst: (x: RfmCustomer, y: RfmCustomer) => number, set: (row: RfmCustomer, s: number) => void) => {
		const ordered = rows.slice().sort(worseFirst);
		// The rank of a run of equal metrics is that of its first customer: the number strictly worse.
		let rank = 0;
		ordered.forEach((row, k) => {
			if (k > 0 && worseFirst(ordered[k - 1], row) !== 0) rank = k;
			set(row, 1 + Math.floor((5 * rank) / n));
		});
	};
	score((x, y) => y.recency - x.recency, (row, s) => (row.r = s));
	score((x, y) => x.frequency - y.frequency, (row, s) => (row.f = s));
	score((x, y) => x.monetary - y.monetary, (row, s) => (row.m = s));

	const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
	const counts = new Map<SegmentName, number>(RFM_SEGMENTS.map((s) => [s.name, 0]));
	for (const row of rows) {
		row.segment = segmentOf(row.r, row.f).name;
		grid[row.r - 1][row.f - 1]++;
		counts.set(row.segment, counts.get(row.segment)! + 1);
	}
	return {
		customers: rows,
		grid,
		segments: RFM_SEGMENTS.map((s) => ({ name: s.name, customers: counts.get(s.name)!, rule: s.rule }))
	};
}
