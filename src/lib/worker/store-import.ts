/**
 * One import from file to stored dataset, as the import worker runs it: the import layer reads and converts the
 * file by the plan, then the store writes it all or nothing. Here, and not in import/, so that the parser never
 * writes to storage and the store never reads a file.
 */
import { appendTable } from '../engine/append';
import { storedColumns, tableFromSortedColumns, timeRange, type EventColumns } from '../engine/table';
import type { ConvertedRows } from '../import/convert';
import type { ReadLaterPart } from '../import/parts';
import { convertFile, newDatasetId, type ImportPlan, type ImportProgress } from '../import/import-file';
import { datasetNameOf } from '../import/dataset-name';
import { fingerprint } from '../import/fingerprint';
import { estimateStoredBytes, readColumns, readRejects, writeDataset, type NewDataset } from '../store/datasets';
import type { DatasetRecord, LensDatabase } from '../store/db';
import type { RejectedRow } from '../base/source-types';
import { ensureRoom } from '../store/quota';

/**
 * The new dataset's columns handed on as soon as the writer has copied them, so that the engine worker takes them while
 * they are written; taken back if the write then fails (the page is never told of a dataset that was not stored).
 */
export interface HandOff {
	/** Moves the columns (they are no longer to be read here); settles once they are taken, awaited after the write. */
	give(dataset: NewDataset, columns: EventColumns): Promise<void>;
	takeBack(datasetId: string): void;
}

export interface ImportOptions {
	/** The new dataset's id; a fresh random one when omitted. */
	id?: string;
	/**
	 * The dataset's hex SHA-256, or its promise while it is computed beside the conversion (the preview starts it);
	 * computed after the conversion when omitted. Awaited only when the dataset is about to be stored.
	 */
	sha256?: string | Promise<string>;
	onProgress?: (progress: ImportProgress) => void;
	signal?: AbortSignal;
	/** Where the columns go while they are written (the import worker hands them to the engine worker). */
	handOff?: HandOff;
	/** Reads a CSV file's second part elsewhere, so that it is read in two parts at once (import/parts.ts). */
	readLaterPart?: ReadLaterPart;
}

/** Reads and converts the file by the plan: in two parts when the options can read one elsewhere. */
export const convertForStore = (file: File, plan: ImportPlan, { onProgress, signal, readLaterPart }: ImportOptions) =>
	convertFile(file, plan, { onProgress, signal, parts: readLaterPart && { read: readLaterPart } });

export async function importToStore(db: LensDatabase, file: File, plan: ImportPlan, options: ImportOptions = {}): Promise<DatasetRecord> {
	return storeConverted(db, file, plan, await convertForStore(file, plan, options), options);
}

/** Stores a converted file as a new dataset, all or nothing, its columns handed off as they are written. */
export async function storeConverted(db: LensDatabase, file: File, plan: ImportPlan, converted: ConvertedRows & { bytesRead: number }, options: ImportOptions = {}): Promise<DatasetRecord> {
	const { onProgress = () => {}, signal } = options;
	const { table, bytesRead, rowsRead } = converted;
	const dataset = datasetOf(file, plan, converted, options.id ?? newDatasetId(), await (options.sha256 ?? fingerprint(file)));
	signal?.throwIfAborted();
	const columns = storedColumns(table);
	await ensureRoom(estimateStoredBytes(columns));
	onProgress({ phase: 'storing', fraction: 0, bytesRead, rowsRead });
	const progress = (fraction: number) => onProgress({ phase: 'storing', fraction, bytesRead, rowsRead });
	return writeHandingOff(db, dataset, columns, converted.rejects, progress, options.handOff);
}

/** Writes a dataset, its columns handed off once copied for the write, and taken back if the write fails. */
async function writeHandingOff(db: LensDatabase, dataset: NewDataset, columns: EventColumns, rejects: RejectedRow[], onProgress: (fraction: number) => void, handOff?: HandOff, replaces?: string) {
	let taken: Promise<void> | undefined;
	const onCopied = handOff && (() => void (taken = handOff.give(dataset, columns)));
	try {
		const stored = await writeDataset(db, dataset, columns, rejects, { onProgress, replaces, onCopied });
		await taken;
		return stored;
	} catch (error) {
		if (taken) handOff!.takeBack(dataset.id);
		throw error;
	}
}

/** What is known of a dataset read from a file: its name, source, mapping and counts. */
export function datasetOf(file: File, plan: ImportPlan, converted: ConvertedRows, id: string, sha256: string): NewDataset {
	const { table } = converted;
	const range = timeRange(table)!;
	return {
		id,
		name: datasetNameOf(file.name),
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

/** What adding an export to a dataset did: the dataset it became, and the new file's events added and dropped. */
export interface Appended {
	dataset: DatasetRecord;
	added: number;
	duplicates: number;
}

/**
 * Adds a file's events to a stored dataset (docs/compare.md): the events it already holds are dropped as duplicates,
 * and the result is stored as a new dataset that replaces the old one in one transaction, so a failure at any point
 * leaves the stored dataset exactly as it was. The dataset keeps its name; its source is now the added file.
 */
export async function appendToStore(db: LensDatabase, datasetId: string, file: File, plan: ImportPlan, options: ImportOptions = {}): Promise<Appended> {
	const { onProgress = () => {}, signal } = options;
	const converted = await convertForStore(file, plan, options);
	const [{ dataset: old, columns: oldColumns }, oldRejects] = await Promise.all([readColumns(db, datasetId), readRejects(db, datasetId)]);
	const { table, added, duplicates } = appendTable(tableFromSortedColumns(oldColumns), converted.table);
	const rejectCounts = { ...old.rejectCounts };
	for (const [reason, n] of Object.entries(converted.rejectCounts)) rejectCounts[reason as keyof typeof rejectCounts] = (rejectCounts[reason as keyof typeof rejectCounts] ?? 0) + n;
	const merged = { ...converted, table, rowsRead: old.rowsRead + converted.rowsRead, rejectedCount: old.rejectedCount + converted.rejectedCount, rejectCounts };
	const dataset = { ...datasetOf(file, plan, merged, options.id ?? newDatasetId(), await (options.sha256 ?? fingerprint(file))), name: old.name };
	signal?.throwIfAborted();
	const columns = storedColumns(table);
	await ensureRoom(estimateStoredBytes(columns));
	const { bytesRead, rowsRead } = converted;
	onProgress({ phase: 'storing', fraction: 0, bytesRead, rowsRead });
	const progress = (fraction: number) => onProgress({ phase: 'storing', fraction, bytesRead, rowsRead });
	const stored = await writeHandingOff(db, dataset, columns, [...oldRejects, ...converted.rejects], progress, options.handOff, datasetId);
	return { dataset: stored, added, duplicates };
}
