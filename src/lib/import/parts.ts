/**
 * A CSV file read in two parts at once, one per core: the import worker reads the first part, another worker the
 * second, and the first part's converter absorbs the second's rows, dictionaries, orders and rejects, so the result is
 * the one reading the file in one go would give, line numbers included.
 *
 * The second part starts after the first line feed past the middle of the file (an orders file's a little later:
 * `ORDERS_FIRST_SHARE`). Whether that is a row's start (and not a line break inside a quoted field) is only known once
 * the first part is parsed up to it; when it is not, or when the second part failed (an error there names its line
 * within the part) or holds rows past the row budget, the first part's parser simply reads on to the end of the file,
 * as one worker would have. Gzip, JSON, workbooks and Parquet are read in one part: their bytes cannot be split at a
 * row.
 */
import type { ImportBudgets } from './budgets';
import { RowConverter, type ConvertedPart } from './convert';
import type { ImportPlan } from './import-file';
import { readRows } from './source';
import type { SourceInfo } from '../base/source-types';

/** Smaller files are read in one part: starting the second worker would cost more than it saves. */
export const MIN_SPLIT_BYTES = 2 * 1024 * 1024;

/** How far past the middle a line feed is looked for; a file with longer lines is read in one part. */
const SEARCH_BYTES = 1024 * 1024;

/** What the worker reading a later part is given. */
export interface LaterPart {
	file: File;
	plan: ImportPlan;
	/** The byte the part starts at: the first byte after a line feed. */
	start: number;
	/** The converter's "as of" time for rows without a date: the same in both parts. */
	asOf: number;
	budgets: ImportBudgets;
}

/** Reads a later part, elsewhere (another worker; in-process in Node), telling the bytes read so far. */
export type ReadLaterPart = (part: LaterPart, onBytes: (bytes: number) => void, signal: AbortSignal) => Promise<ConvertedPart>;

/** Whether a file of this source can be split at a byte: uncompressed CSV in an encoding where a line feed is one byte. */
export const splittable = (source: SourceInfo) =>
	source.format === 'csv' && !source.compressed && (source.encoding === 'utf-8' || source.encoding === 'windows-1252');

/** Whether a file of this source and size may be read in two parts (if its lines allow: `splitPoint`). */
export const mayBeSplit = (source: SourceInfo, size: number) => splittable(source) && size >= MIN_SPLIT_BYTES;

/**
 * The share of an orders file's bytes read in the first part. The second part's worker also writes its half of the
 * orders and sends them over before the join can start; at half the bytes the import worker, done with its part, waited
 * ~100-180 ms for it in every traced 1M import (the first part's orders are written after the join either way).
 */
export const ORDERS_FIRST_SHARE = 0.55;

/** The share of the file's bytes read in the first part, by the plan's shape. */
export const firstShare = (plan: ImportPlan) => (plan.mapping.shape === 'orders' ? ORDERS_FIRST_SHARE : 0.5);

/**
 * The byte where the second part would start (the first after a line feed past `share` of the bytes), or null when the
 * file is read in one part.
 */
export async function splitPoint(file: Blob, source: SourceInfo, share = 0.5): Promise<number | null> {
	if (!mayBeSplit(source, file.size)) return null;
	const middle = Math.floor(file.size * share);
	const window = new Uint8Array(await file.slice(middle, middle + SEARCH_BYTES).arrayBuffer());
	const lineFeed = window.indexOf(10);
	if (lineFeed < 0 || middle + lineFeed + 1 >= file.size) return null;
	return middle + lineFeed + 1;
}

/** Reads and converts a later part of the file: its rows, with lines counted from the part's first line as 1. */
export async function readLaterPart({ file, plan, start, asOf, budgets }: LaterPart, onBytes?: (bytes: number) => void, signal?: AbortSignal): Promise<ConvertedPart> {
	const converter = new RowConverter(file.name, plan.header, plan.mapping, asOf, true);
	const rowsOnly = { ...plan.source, hasHeader: false };
	await readRows(file, rowsOnly, (fields, line) => converter.read(fields, line), { signal, budgets, onBytes, range: { start }, byteRows: converter.byteRows(plan.source.encoding) });
	return converter.part();
}
