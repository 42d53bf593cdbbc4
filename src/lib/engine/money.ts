/**
 * Money summed exactly. Each value is turned into whole minor units (cents, for most currencies) before it is
 * added, and the sum turned back: a purchase of 19.99 and its full refund then sum to exactly 0, not 2e-14, so a
 * fully refunded customer is never "above zero". The unit is found from the values themselves (the most decimals
 * any of them has), since an event table does not know its currency.
 */
import type { EventTable } from './table';
import type { ValueColumn } from './values';

/** More decimals than this are not money (ratings, scores): such values are summed as they are. */
const MAX_DECIMALS = 4;

/**
 * How many minor units make one: 10^d for the most decimals d (0..4) any finite value has; 0 when some value has
 * more (then sums are plain floating-point sums).
 */
export function minorUnitScale(values: ArrayLike<number>): number {
	let decimals = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isFinite(v)) continue;
		while (!isWholeAt(v, decimals)) if (++decimals > MAX_DECIMALS) return 0;
	}
	return 10 ** decimals;
}

/** v has at most `decimals` decimals, up to the rounding of a parsed decimal number. */
function isWholeAt(v: number, decimals: number): boolean {
	const scaled = v * 10 ** decimals;
	return Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled));
}

const tableScales = new WeakMap<ValueColumn, number>();

/** The minor unit of a table's values, found once per table. */
export function tableMinorUnitScale(table: Pick<EventTable, 'value'>): number {
	let scale = tableScales.get(table.value);
	if (scale === undefined) tableScales.set(table.value, (scale = minorUnitScale(table.value.values)));
	return scale;
}

/** A value in whole minor units (scale 0: the value itself). */
export const toMinorUnits = (v: number, scale: number) => (scale ? Math.round(v * scale) : v);
/** A sum of minor units back in currency units. */
export const fromMinorUnits = (units: number, scale: number) => (scale ? units / scale : units);

/** The exact sum of the finite values, in their own minor unit. */
export function sumMoney(values: ArrayLike<number>, scale = minorUnitScale(values)): number {
	let units = 0;
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) units += toMinorUnits(values[i], scale);
	return fromMinorUnits(units, scale);
}
