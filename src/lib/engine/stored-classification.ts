/**
 * A classification in the compact form kept next to a dataset (issue 26: a second visit's cold first answer skips
 * classify). Only what classify cannot derive is kept: each customer's entered time per stage, the last-held times
 * under 'latest' progression, and first and last seen; reached, the current stage and regressions are derived again
 * with classify's own code (settleCustomer). Times are whole seconds after the earliest, plus one (0: never), as u32
 * when every time allows it (most exports' resolution): 4 bytes a cell instead of 8, and half the cells of the whole
 * classification; the stage cells only where they have a time, when most have none (a bit per cell besides). Pure:
 * the engine worker reads and writes it (store/classifications.ts), the session is handed it.
 */
import { settleCustomer, type Classification } from './classify';
import type { LifecycleModel } from './model';
import { bitCount, columnOfPresent, denseValues, valueColumn } from './values';

/**
 * The classifier's version: bumped with any change to what classify answers for the same table and model, so a
 * classification stored by an older build is never read back by a newer one.
 */
export const CLASSIFIER_VERSION = 2;

/**
 * Times as stored: seconds after `base` plus one (0: NaN); or, where most cells have no time (a customer enters few of
 * a model's stages), only the cells that have one: a bit per cell (`present`, u32 words) and their seconds in cell
 * order, half the bytes at 1M events; or as they are when a time is not a whole second after `base`.
 */
export type StoredTimes =
	| { base: number; seconds: Uint32Array }
	| { base: number; present: Uint32Array; seconds: Uint32Array; length: number }
	| { base: null; ms: Float64Array };

export interface StoredClassification {
	stageIds: string[];
	customerCount: number;
	asOf: number;
	entered: StoredTimes;
	/** Kept under 'latest' progression only. */
	lastHeld: StoredTimes | null;
	firstSeen: StoredTimes;
	lastSeen: StoredTimes;
}

/**
 * What a stored classification is read back under, besides its dataset: the classifier's version, the model's
 * fingerprint (its stages with every rule, and its progression: any edit gives another key) and the as-of date the
 * query's resolves to (the dataset's last event when it sets none).
 */
export function storedClassificationKey(model: Pick<LifecycleModel, 'stages' | 'progression'>, resolvedAsOf: number): string {
	return JSON.stringify([CLASSIFIER_VERSION, model.stages, model.progression ?? null, resolvedAsOf]);
}

export function packClassification(c: Classification): StoredClassification {
	const arrays = [c.entered, c.firstSeen, c.lastSeen, ...(c.lastHeld ? [c.lastHeld] : [])];
	const base = secondsBase(arrays);
	const pack = (times: Float64Array): StoredTimes => (base === null ? { base, ms: times.slice() } : { base, seconds: toSeconds(times, base) });
	const packCells = (times: Float64Array): StoredTimes => (base === null ? pack(times) : toPresentSeconds(times, base) ?? pack(times));
	return {
		stageIds: [...c.stageIds],
		customerCount: c.customerCount,
		asOf: c.asOf,
		entered: packCells(c.entered),
		lastHeld: c.lastHeld ? packCells(c.lastHeld) : null,
		firstSeen: pack(c.firstSeen),
		lastSeen: pack(c.lastSeen)
	};
}

/**
 * The classification a stored one was packed from, or null when it is not one of this model over this many customers
 * as of this date (another model's, a damaged record): then the caller classifies.
 */
export function unpackClassification(stored: StoredClassification, model: Pick<LifecycleModel, 'stages' | 'progression'>, customerCount: number, asOf: number): Classification | null {
	const S = model.stages.length;
	const cells = customerCount * S;
	const latest = model.progression === 'latest';
	if (
		stored.customerCount !== customerCount ||
		stored.asOf !== asOf ||
		stored.stageIds.length !== S ||
		stored.stageIds.some((id, s) => id !== model.stages[s].id) ||
		timesLength(stored.entered) !== cells ||
		(latest ? stored.lastHeld === null || timesLength(stored.lastHeld) !== cells : stored.lastHeld !== null) ||
		timesLength(stored.firstSeen) !== customerCount ||
		timesLength(stored.lastSeen) !== customerCount
	)
		return null;
	const entered = fromStored(stored.entered);
	const lastHeld = stored.lastHeld ? fromStored(stored.lastHeld) : null;
	const reached = new Float64Array(cells);
	const current = new Int32Array(customerCount).fill(-1);
	const regressed = new Uint8Array(customerCount);
	for (let c = 0; c < customerCount; c++) settleCustomer(c, S, entered, lastHeld, reached, current, regressed);
	return { stageIds: [...stored.stageIds], customerCount, asOf, entered, reached, lastHeld, current, regressed, firstSeen: fromStored(stored.firstSeen), lastSeen: fromStored(stored.lastSeen) };
}

/** The earliest time when every time is a whole second after it and within u32 seconds; else null. */
function secondsBase(arrays: Float64Array[]): number | null {
	let base = Infinity;
	let max = -Infinity;
	for (const times of arrays)
		for (let i = 0; i < times.length; i++) {
			const t = times[i];
			if (t !== t) continue;
			if (t < base) base = t;
			if (t > max) max = t;
		}
	if (base === Infinity) return 0;
	if (!Number.isFinite(base) || !Number.isFinite(max) || (max - base) / 1000 >= 0xffffffff) return null;
	for (const times of arrays) for (let i = 0; i < times.length; i++) if ((times[i] - base) % 1000 !== 0 && times[i] === times[i]) return null;
	return base;
}

function toSeconds(times: Float64Array, base: number): Uint32Array {
	const seconds = new Uint32Array(times.length);
	for (let i = 0; i < times.length; i++) seconds[i] = times[i] === times[i] ? (times[i] - base) / 1000 + 1 : 0;
	return seconds;
}

/**
 * The cells that have a time, as a bit each and their seconds (the value column's layout, values.ts), when that is
 * smaller than every cell's seconds; else null.
 */
function toPresentSeconds(times: Float64Array, base: number): StoredTimes | null {
	const { present, values } = valueColumn(times);
	if (present.length + values.length >= times.length) return null;
	const seconds = new Uint32Array(values.length);
	for (let k = 0; k < values.length; k++) seconds[k] = (values[k] - base) / 1000 + 1;
	return { base, present, seconds, length: times.length };
}

function fromStored(times: StoredTimes): Float64Array {
	if (times.base === null) return times.ms;
	const { base, seconds } = times;
	if ('present' in times) {
		const ms = new Float64Array(seconds.length);
		for (let k = 0; k < seconds.length; k++) ms[k] = base + (seconds[k] - 1) * 1000;
		return denseValues(columnOfPresent(times.length, times.present, ms));
	}
	const out = new Float64Array(seconds.length);
	for (let i = 0; i < seconds.length; i++) out[i] = seconds[i] === 0 ? NaN : base + (seconds[i] - 1) * 1000;
	return out;
}

/** How many cells a stored array holds; -1 when it is not a stored array at all (a damaged record). */
function timesLength(times: StoredTimes): number {
	if (times.base === null) return times.ms?.length ?? -1;
	if (!('present' in times)) return times.seconds?.length ?? -1;
	if (!(times.present instanceof Uint32Array) || !(times.seconds instanceof Uint32Array)) return -1;
	// Every bit set must have its seconds, and no bit beyond the cells.
	let set = 0;
	for (let w = 0; w < times.present.length; w++) set += bitCount(times.present[w]);
	const words = (times.length + 31) >>> 5;
	const tail = times.length & 31 ? times.present[words - 1] >>> (times.length & 31) : 0;
	return times.present.length === words && set === times.seconds.length && tail === 0 ? times.length : -1;
}
