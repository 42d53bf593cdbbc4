/** One import from file to stored dataset: stream, parse, convert, sort, fingerprint, store. */
import { timeRange } from '../engine/table';
import type { DatasetRecord, LensDatabase } from '../store/db';
import { estimateStoredBytes, writeDataset, type NewDataset } from '../store/datasets';
import { ensureRoom } from '../store/quota';
import { RowConverter, type ConvertedRows } from './convert';
import type { Preview } from './preview';
import type { ColumnMapping } from './roles';
import type { ImportBudgets } from './budgets';
import { readRows, type SourceInfo } from './source';

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

export interface ImportOptions {
	/** The new dataset's id; a fresh random one when omitted. */
	id?: string;
	/** The dataset's hex SHA-256 when already known (the preview computes it). */
	sha256?: string;
	onProgress?: (progress: ImportProgress) => void;
	signal?: AbortSignal;
}

/** The plan a preview detected, as is. */
export const planOf = (preview: Preview): ImportPlan => ({ source: preview.source, header: preview.header, mapping: preview.mapping });

/** Reads the whole file by the plan into a sorted table and its rejected rows; stores nothing. */
export async function convertFile(
	file: File,
	plan: ImportPlan,
	{ onProgress = () => {}, signal, budgets }: Pick<ImportOptions, 'onProgress' | 'signal'> & { budgets?: ImportBudgets } = {}
): Promise<ConvertedRows & { bytesRead: number }> {
	const converter = new RowConverter(file.name, plan.header, plan.mapping, file.lastModified || Date.now(), plan.source.format === 'csv');
	let bytesRead = 0;
	let rowsRead = 0;
	const report = () => onProgress({ phase: 'reading', fraction: file.size ? Math.min(1, bytesRead / file.size) : 1, bytesRead, rowsRead });
	await readRows(
		file,
		plan.source,
		(fields, line) => {
			rowsRead++;
			converter.read(fields, line);
		},
		{
			signal,
			budgets,
			header: plan.source.format === 'csv' ? undefined : plan.header,
			onBytes: (bytes) => {
				bytesRead = bytes;
				report();
			}
		}
	);
	report();
	return { ...converter.finish(), bytesRead };
}

export async function importFile(db: LensDatabase, file: File, plan: ImportPlan, options: ImportOptions = {}): Promise<DatasetRecord> {
	const { onProgress = () => {}, signal } = options;
	const converted = await convertFile(file, plan, { onProgress, signal });
	const { table, bytesRead, rowsRead } = converted;
	const dataset = datasetOf(file, plan, converted, options.id ?? newDatasetId(), options.sha256 ?? (await fingerprint(file)));
	signal?.throwIfAborted();
	await ensureRoom(estimateStoredBytes(table));
	onProgress({ phase: 'storing', fraction: 0, bytesRead, rowsRead });
	return writeDataset(db, dataset, table, converted.rejects, (fraction) => onProgress({ phase: 'storing', fraction, bytesRead, rowsRead }));
}

/** What is known of a dataset read from a file: its name, source, mapping and counts. */
export function datasetOf(file: File, plan: ImportPlan, converted: ConvertedRows, id: string, sha256: string): NewDataset {
	const { table } = converted;
	const range = timeRange(table)!;
	return {
		id,
		name: file.name.replace(/\.(csv|tsv|txt|json|jsonl|ndjson)(\.gz)?$/i, '').replace(/\.gz$/i, '') || file.name,
		source: { fileName: file.name, size: file.size, lastModified: file.lastModified, sha256 },
		sourceInfo: plan.source,
		shape: plan.mapping.shape,
		header: plan.header,
		mapping: plan.mapping,
		rowCount: table.rowCount,
		customerCount: table.customerIds.length,
		eventNameCount: table.eventNames.length,
		timeMin: range.min,
		timeMax: range.max,
		rowsRead: converted.rowsRead,
		rejectedCount: converted.rejectedCount,
		rejectCounts: converted.rejectCounts,
		created: Date.now()
	};
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
