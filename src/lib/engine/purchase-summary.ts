/**
 * From an event log to the per-customer purchase summary (x, tx, T and the mean repeat spend) that the BG/NBD
 * (./bgnbd) and Gamma-Gamma (./gamma-gamma) models are fitted on. Days and weeks are those of ./periods.
 */
import { isIncluded, type Mask } from './filter';
import { periodOf, type Period } from './periods';
import type { EventTable } from './table';
import { valueAt } from './values';

export interface PurchaseSummaryOptions {
	/** The time unit of tx and T (and so of the fitted α and of t in the predictions). */
	period: 'week' | 'day';
	/**
	 * The end of the calibration period, epoch ms. It names a UTC day: purchases at any time of that day count,
	 * and T runs to the start of that day.
	 */
	calibrationEnd: number;
	/**
	 * How purchases are merged and times measured. 'day' (default): purchases on the same UTC calendar day are one
	 * purchase, times are whole days converted to the period (days / 7 for weeks), as in Fader, Hardie & Lee's
	 * CDNOW summary. 'period': purchases in the same whole period (calendar weeks, Monday to Sunday) are one
	 * purchase and tx, T are whole numbers of periods, as lifetimes' summary_data_from_transaction_data(freq='W').
	 * 'instant': purchases at the same instant are one purchase (./purchases: the lines of one order; in a file with
	 * dates only, one day's purchases, so CDNOW's summary is the same), times are whole days as in 'day'. This is how
	 * RFM counts purchases, so the two agree.
	 */
	resolution?: 'day' | 'period' | 'instant';
	/** The purchase events; all events when absent. */
	valueEvents?: Set<number>;
	mask?: Mask;
}

/** One row per customer with a purchase by the calibration end, as columns. */
export interface PurchaseSummary {
	/** Index into the table's customerIds. */
	customer: Uint32Array;
	/** Repeat purchases: distinct purchase days (periods, instants) − 1. */
	x: Float64Array;
	/** Time from the first to the last purchase, in periods. */
	tx: Float64Array;
	/** Time from the first purchase to the calibration end, in periods. */
	T: Float64Array;
	/** Mean value of the repeat purchases (each the sum of its merged events' values; NaN counts as 0); 0 when x = 0. */
	mean: Float64Array;
}

/**
 * Turns an event log into the BG/NBD / Gamma-Gamma summary, as lifetimes' summary_data_from_transaction_data:
 * purchases in the same day (or period) are merged and their values summed; x = distinct purchase days − 1;
 * tx = last − first; T = calibration end − first; mean = the mean value of the repeat purchases only (the first
 * purchase is left out, as the Gamma-Gamma model's z̄). Only purchases up to the calibration end count;
 * customers whose first purchase comes later, and customers outside the mask, have no row.
 *
 * With the defaults (resolution 'day', period 'week', calibration end 1997-09-30) this reproduces the published
 * CDNOW calibration summary exactly: x, t_x and T = (1997-09-30 − first purchase day) / 7.
 */
export function purchaseSummary(table: EventTable, options: PurchaseSummaryOptions): PurchaseSummary {
	const { period, valueEvents, mask } = options;
	// Each time becomes a whole unit number: a UTC day, or a calendar period (an ISO week runs Monday to Sunday).
	const unit: Period = options.resolution === 'period' ? period : 'day';
	const byInstant = options.resolution === 'instant';
	// Units are days in 'day' resolution (divided by the period's days to report), periods in 'period' resolution.
	const scale = unit === 'day' && period === 'week' ? 7 : 1;
	const endUnit = periodOf(options.calibrationEnd, unit);
	const endDay = periodOf(options.calibrationEnd, 'day');

	const customers: number[] = [];
	const xs: number[] = [];
	const txs: number[] = [];
	const Ts: number[] = [];
	const means: number[] = [];
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		let first = NaN;
		let current = NaN;
		let currentKey = NaN;
		let distinct = 0;
		let repeatValue = 0;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			if (valueEvents && !valueEvents.has(table.event[i])) continue;
			const t = table.time[i];
			// Rows are sorted by time, so the first purchase after the end day ends the customer's calibration.
			if (periodOf(t, 'day') > endDay) break;
			const index = periodOf(t, unit);
			// What makes two purchases one: the same unit, or the same instant.
			const key = byInstant ? t : index;
			const v = valueAt(table.value, i);
			if (distinct === 0) first = index;
			if (key !== currentKey) {
				distinct++;
				currentKey = key;
			}
			current = index;
			if (distinct > 1 && !Number.isNaN(v)) repeatValue += v;
		}
		if (distinct === 0) continue;
		const x = distinct - 1;
		customers.push(c);
		xs.push(x);
		txs.push((current - first) / scale);
		Ts.push((endUnit - first) / scale);
		means.push(x > 0 ? repeatValue / x : 0);
	}
	return {
		customer: Uint32Array.from(customers),
		x: Float64Array.from(xs),
		tx: Float64Array.from(txs),
		T: Float64Array.from(Ts),
		mean: Float64Array.from(means)
	};
}
