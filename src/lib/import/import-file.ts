/**
 * One file read by its plan: stream, parse, convert, sort. Stores nothing: the import worker hands
 * the table to the store (worker/store-import.ts) or, without storage, to the engine worker.
 */
import { RowConverter, type ConvertedRows } from './convert';
import type { Preview } from './preview';
import type { ImportBudgets } from './budgets';
import { firstShare, splitPoint, splittable, type ReadLaterPart } from './parts';
import { defaultBudgets, hasRowsOfCells, readRows, type ByteRange } from './source';
import type { ColumnMapping, SourceInfo } from '../base/source-types';
import { toHex } from './fingerprint';

export interface ImportProgress {
	phase: 'reading' | 'storing';
	/** 0..1 within the phase. */
	fraction: number;
	bytesRead: number;
	rowsRead: number;
}

/** What the mapper settled: how to read the file and what each column means. */
export interface ImportPlan {
	source: SourceInfo;
	header: string[];
	mapping: ColumnMapping;
}

export interface ReadOptions {
	onProgress?: (progress: ImportProgress) => void;
	signal?: AbortSignal;
	/** Limits on what one file may take (import/budgets.ts); the defaults when omitted. */
	budgets?: ImportBudgets;
	/**
	 * A CSV file in two parts (import/parts.ts): `read` reads the second elsewhere; `at`, the byte it starts at (the
	 * first after a line feed), only for tests: by default, after the first line feed past the middle (past 55% of an
	 * orders file: `firstShare`). Without, one part.
	 */
	parts?: { read: ReadLaterPart; at?: number };
}

/** The plan a preview detected, as is. */
export const planOf = (preview: Preview): ImportPlan => ({ source: preview.source, header: preview.header, mapping: preview.mapping });

/** Reads the whole file by the plan into a sorted table and its rejected rows; stores nothing. */
export async function convertFile(
	file: File,
	plan: ImportPlan,
	{ onProgress = () => {}, signal, budgets = defaultBudgets(), parts }: ReadOptions = {}
): Promise<ConvertedRows & { bytesRead: number }> {
	const positional = hasRowsOfCells(plan.source.format);
	const asOf = file.lastModified || Date.now();
	const converter = new RowConverter(file.name, plan.header, plan.mapping, asOf, positional);
	let bytesRead = 0;
	let laterBytes = 0;
	const report = () => {
		const bytes = bytesRead + laterBytes;
		onProgress({ phase: 'reading', fraction: file.size ? Math.min(1, bytes / file.size) : 1, bytesRead: bytes, rowsRead: converter.rowCount });
	};
	const chosen = parts?.at !== undefined && splittable(plan.source) && parts.at > 0 && parts.at < file.size ? parts.at : undefined;
	const split = !parts ? null : (chosen ?? (await splitPoint(file, plan.source, firstShare(plan))));
	const later = new AbortController();
	const stopLater = () => later.abort(signal?.reason);
	signal?.addEventListener('abort', stopLater);
	let range: ByteRange | undefined;
	if (parts && split !== null) {
		let settled = false;
		const read = parts.read({ file, plan, start: split, asOf, budgets }, (bytes) => {
			if (settled) return;
			laterBytes = bytes - split;
			report();
		}, later.signal).catch(() => null); // a failed part is read again here: its error then names its line in the file
		range = {
			start: 0,
			end: split,
			readOn: async ({ atRowStart, line }) => {
				const part = atRowStart ? await read : null;
				settled = true;
				laterBytes = 0;
				if (part === null || converter.rowCount + part.rowsRead > budgets.maxRows) {
					stopLater();
					return true;
				}
				converter.absorb(part, line - 1);
				bytesRead = file.size;
				return false;
			}
		};
	}
	try {
		await readRows(
			file,
			plan.source,
			(fields, line, notRecord) => converter.read(fields, line, notRecord),
			{
				signal,
				budgets,
				range,
				byteRows: converter.byteRows(plan.source.encoding),
				header: positional ? undefined : plan.header,
				onBytes: (bytes) => {
					bytesRead = bytes;
					report();
				}
			}
		);
	} finally {
		stopLater();
		signal?.removeEventListener('abort', stopLater);
	}
	report();
	return { ...converter.finish(), bytesRead: bytesRead + laterBytes };
}

export function newDatasetId(): string {
	return toHex(crypto.getRandomValues(new Uint8Array(12)));
}
