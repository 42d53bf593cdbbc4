/**
 * A snapshot made drawable by the charts: a hidden count (-1, -2) becomes a stand-in value no real count can have
 * (counts are whole numbers), which formatCount shows as "<k" or "–" (labelHiddenCounts in i18n/format.ts).
 * Charts then draw a hidden count as a small mark without knowing about snapshots.
 */
import { HIDDEN_UNDER_K, HIDDEN_WITHHELD, type Snapshot } from './snapshot';

/** Fields that count customers, wherever they are in a result. */
const COUNT_FIELDS = new Set(['customers', 'count', 'dropOff', 'active', 'inactive', 'lost', 'wonBack', 'regressions', 'entered', 'current', 'size', 'counts', 'new', 'returning', 'resurrecting', 'dormant', 'grid']);

/** The stand-in values of a snapshot's hidden counts and how they are shown. */
export function standIns(k: number): { underK: number; withheld: number; labels: [number, string][] } {
	const underK = k - 0.5;
	const withheld = k + 0.5;
	return { underK, withheld, labels: [[underK, `<${k}`], [withheld, '–']] };
}

export function drawable(snapshot: Snapshot): Snapshot {
	const { underK, withheld } = standIns(snapshot.k);
	const swap = (n: unknown): unknown => (n === HIDDEN_UNDER_K ? underK : n === HIDDEN_WITHHELD ? withheld : Array.isArray(n) ? n.map(swap) : n);
	const walk = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(walk);
		if (typeof value !== 'object' || value === null) return value;
		return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, COUNT_FIELDS.has(key) && (typeof v === 'number' || Array.isArray(v)) ? swap(v) : walk(v)]));
	};
	return walk(snapshot) as Snapshot;
}
