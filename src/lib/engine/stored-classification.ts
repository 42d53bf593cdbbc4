/**
 * A classification in the compact form kept next to a dataset (issue 26: a second visit's cold first answer skips
 * classify). Only what classify cannot derive is kept: each customer's entered time per stage, the last-held times
 * under 'latest' progression, and first and last seen; reached, the current stage and regressions are derived again
 * with classify's own code (settleCustomer). Times are whole seconds after the earliest, plus one (0: never), as u32
 * when every time allows it (most exports' resolution): 4 bytes a cell instead of 8, and half the cells of the whole
 * classification. Pure: the engine worker reads and writes it (store/classifications.ts), the session is handed it.
 */
import { settleCustomer, type Classification } from './classify';
import type { LifecycleModel } from './model';

/**
 * The classifier's version: bumped with any change to what classify answers for the same table and model, so a
 * classification stored by an older build is never read back by a newer one.
 */
export const CLASSIFIER_VERSION = 2;

/** Times as stored: seconds after `base` plus one (0: NaN), or as they are when a time is not a whole second after it. */
export type StoredTimes = { base: number; seconds: Uint32Array } | { base: null; ms: Float64Array };

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
	return {
		stageIds: [...c.stageIds],
		customerCount: c.customerCount,
		asOf: c.asOf,
		entered: pack(c.entered),
		lastHeld: c.lastHeld ? pack(c.lastHeld) : null,
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

function fromStored(times: StoredTimes): Float64Array {
	if (times.base === null) return times.ms;
	const { base, seconds } = times;
	const out = new Float64Array(seconds.length);
	for (let i = 0; i < seconds.length; i++) out[i] = seconds[i] === 0 ? NaN : base + (seconds[i] - 1) * 1000;
	return out;
}

const timesLength = (times: StoredTimes) => (times.base === null ? times.ms?.length : times.seconds?.length) ?? -1;
