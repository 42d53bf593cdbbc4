/**
 * How a snapshot's hidden counts (-1 under k, -2 withheld) are shown. For the charts, a hidden count becomes a
 * stand-in value no real count can have (counts are whole numbers), which formatCount shows as "<k" or "–"
 * (labelHiddenCounts in i18n/format.ts): charts then draw it as a small mark without knowing about snapshots. For
 * the exported files (CSV, JSON), it becomes the text a reader expects: "<k", or "withheld".
 */
import { HIDDEN_UNDER_K, HIDDEN_WITHHELD, type Snapshot } from './snapshot';

/** Fields that count customers, wherever they are in a result. */
const COUNT_FIELDS = new Set(['customers', 'count', 'dropOff', 'excluded', 'active', 'inactive', 'lost', 'wonBack', 'regressions', 'entered', 'current', 'size', 'counts', 'new', 'returning', 'resurrecting', 'dormant', 'grid']);

/** What a withheld count says in an exported file. */
export const WITHHELD_TEXT = 'withheld';

/** The stand-in values of a snapshot's hidden counts and how they are shown. */
export function standIns(k: number): { underK: number; withheld: number; labels: [number, string][] } {
	const underK = k - 0.5;
	const withheld = k + 0.5;
	return { underK, withheld, labels: [[underK, `<${k}`], [withheld, '–']] };
}

/** Every hidden count in a result, wherever it is, replaced. */
function replaceHidden(result: unknown, underK: unknown, withheld: unknown): unknown {
	const swap = (n: unknown): unknown => (n === HIDDEN_UNDER_K ? underK : n === HIDDEN_WITHHELD ? withheld : Array.isArray(n) ? n.map(swap) : n);
	const walk = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(walk);
		if (typeof value !== 'object' || value === null) return value;
		return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, COUNT_FIELDS.has(key) && (typeof v === 'number' || Array.isArray(v)) ? swap(v) : walk(v)]));
	};
	return walk(result);
}

export function drawable(snapshot: Snapshot): Snapshot {
	const { underK, withheld } = standIns(snapshot.k);
	return replaceHidden(snapshot, underK, withheld) as Snapshot;
}

/**
 * A shared result as its exported files write it: a count under k as the text "<k", a withheld one as "withheld"
 * (never -1 or -2, which a spreadsheet would add up). The type stays the result's, for the CSV writers, which write
 * any cell as it is.
 */
export function exportable<T>(result: T, k: number): T {
	return replaceHidden(result, `<${k}`, WITHHELD_TEXT) as T;
}
