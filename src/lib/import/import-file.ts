/**
 * One file read by its plan: stream, parse, convert, sort, fingerprint. Stores nothing: the import worker hands
 * the table to the store (worker/store-import.ts) or, without storage, to the engine worker.
 */
import { RowConverter, type ConvertedRows } from './convert';
import type { Preview } from './preview';
import type { ImportBudgets } from './budgets';
import { hasRowsOfCells, readRows } from './source';
import type { ColumnMapping, SourceInfo } from '../base/source-types';

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
}

/** The plan a preview detected, as is. */
export const planOf = (preview: Preview): ImportPlan => ({ source: preview.source, header: preview.header, mapping: preview.mapping });

/** Reads the whole file by the plan into a sorted table and its rejected rows; stores nothing. */
export async function convertFile(
	file: File,
	plan: ImportPlan,
	{ onProgress = () => {}, signal, budgets }: ReadOptions = {}
): Promise<ConvertedRows & { bytesRead: number }> {
	const positional = hasRowsOfCells(plan.source.format);
	const converter = new RowConverter(file.name, plan.header, plan.mapping, file.lastModified || Date.now(), positional);
	let bytesRead = 0;
	let rowsRead = 0;
	const report = () => onProgress({ phase: 'reading', fraction: file.size ? Math.min(1, bytesRead / file.size) : 1, bytesRead, rowsRead });
	await readRows(
		file,
		plan.source,
		(fields, line, notRecord) => {
			rowsRead++;
			converter.read(fields, line, notRecord);
		},
		{
			signal,
			budgets,
			header: positional ? undefined : plan.header,
			onBytes: (bytes) => {
				bytesRead = bytes;
				report();
			}
		}
	);
	report();
	return { ...converter.finish(), bytesRead };
}

/** Hex SHA-256 of the file; '' where WebCrypto is unavailable (pages served over plain http). */
export async function fingerprint(file: Blob): Promise<string> {
	if (!globalThis.crypto?.subtle) return '';
	const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
	return toHex(new Uint8Array(digest));
}

export function newDatasetId(): string {
	return toHex(crypto.getRandomValues(new Uint8Array(12)));
}

function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
