/**
 * Reading and writing datasets. A write is all or nothing: chunks go in under status 'importing',
 * the status flips to 'ready' last, and a failure removes whatever was written.
 */
import Dexie from 'dexie';
import type { EventColumns } from '../engine/table';
import { problem } from '../base/problem';
import type { ChunkRecord, DatasetRecord, LensDatabase, StoredColumn } from './db';
import { encodeCodes, encodeTimes, encodeValues, kindOf, type ColumnArray, type EncodedArray } from './column-encoding';
import { readColumnsFrom, StorageError, type ColumnSource } from './read-columns';
import { storedValueBytes } from '../engine/values';
import type { RejectedRow } from '../base/source-types';
import { answersOf } from './answers';
import { classificationsOf } from './classifications';

export { StorageError };

/** Rows per stored chunk of one column. */
export const CHUNK_ROWS = 1 << 16;
/** Chunks written per transaction: few, large transactions. */
const CHUNKS_PER_TRANSACTION = 64;
/** Rejected rows per stored batch. */
const REJECTS_PER_BATCH = 10_000;

export type NewDataset = Omit<DatasetRecord, 'status' | 'columns' | 'chunkRows'>;

interface ColumnData {
	column: StoredColumn;
	data: ColumnArray;
	/** The dictionary the column's codes index, stored under the column's name ('customer' for the runs). */
	dictionary?: { name: string; values: string[] };
}

/** A column as stored: its array (encoded when that is smaller, ./column-encoding), and what the record says of it. */
function stored(name: string, { kind, data, encoding }: EncodedArray, rows: number): Pick<ColumnData, 'column' | 'data'> {
	return { column: { name, kind, ...(data.length !== rows ? { length: data.length } : {}), ...(encoding ? { encoding } : {}) }, data };
}

function columnsOf(table: EventColumns): ColumnData[] {
	const rows = table.time.length;
	return [
		{ ...stored('customerStart', { kind: 'u32', data: table.customerStart }, rows), dictionary: { name: 'customer', values: table.customerIds } },
		stored('time', encodeTimes(table.time), rows),
		{ ...stored('event', { kind: kindOf(table.event), data: table.event }, rows), dictionary: { name: 'event', values: table.eventNames } },
		stored('value', encodeValues(table.value), rows),
		...table.attributes.map((a) => {
			const name = `attr:${a.name}`;
			return { ...stored(name, encodeCodes(a.codes, table.customerStart), rows), dictionary: { name, values: a.values } };
		})
	];
}

export interface WriteOptions {
	onProgress?: (fraction: number) => void;
	/** A dataset this one replaces (an export added to it): removed in the transaction that makes this one ready. */
	replaces?: string;
	/**
	 * Called once the table's arrays are copied into the chunks to write, before the first write: the writer reads them
	 * no more, so they may be moved elsewhere (the engine worker) while it writes. Dictionaries are still written.
	 */
	onCopied?: () => void;
}

export async function writeDataset(
	db: LensDatabase,
	dataset: NewDataset,
	table: EventColumns,
	rejects: RejectedRow[],
	{ onProgress, replaces, onCopied }: WriteOptions = {}
): Promise<DatasetRecord> {
	const columns = columnsOf(table);
	const record: DatasetRecord = { ...dataset, columns: columns.map((c) => c.column), chunkRows: CHUNK_ROWS, status: 'importing' };
	// Copies (slices), which IndexedDB clones again as it writes each.
	const chunks = columns.flatMap(({ column, data }) => splitIntoChunks(dataset.id, column.name, data));
	onCopied?.();
	try {
		await db.datasets.add(record);
		for (let i = 0; i < chunks.length; i += CHUNKS_PER_TRANSACTION) {
			await db.chunks.bulkAdd(chunks.slice(i, i + CHUNKS_PER_TRANSACTION));
			onProgress?.(Math.min(1, (i + CHUNKS_PER_TRANSACTION) / chunks.length));
		}
		const tables = replaces === undefined ? [db.dicts, db.rejects, db.datasets] : [db.dicts, db.rejects, db.datasets, db.chunks, db.answers, db.classifications];
		await db.transaction('rw', tables, async () => {
			// Either both happen or neither: the old dataset is never gone without the new one in its place.
			if (replaces !== undefined) await deleteDataset(db, replaces);
			await db.dicts.bulkAdd(columns.flatMap(({ dictionary }) => (dictionary ? [{ datasetId: dataset.id, column: dictionary.name, values: dictionary.values }] : [])));
			const batches = [];
			for (let i = 0; i < rejects.length; i += REJECTS_PER_BATCH) {
				batches.push({ datasetId: dataset.id, seq: batches.length, rows: rejects.slice(i, i + REJECTS_PER_BATCH) });
			}
			await db.rejects.bulkAdd(batches);
			await db.datasets.update(dataset.id, { status: 'ready' });
		});
		return { ...record, status: 'ready' };
	} catch (error) {
		await deleteDataset(db, dataset.id).catch(() => {});
		throw storageError(error);
	}
}

/** The record of a dataset whose columns are all in place. */
export function readyRecord(dataset: NewDataset, table: EventColumns): DatasetRecord {
	return { ...dataset, columns: columnsOf(table).map((c) => c.column), chunkRows: CHUNK_ROWS, status: 'ready' };
}

function splitIntoChunks(datasetId: string, column: string, data: ColumnArray): ChunkRecord[] {
	const chunks: ChunkRecord[] = [];
	for (let seq = 0, start = 0; start < data.length || seq === 0; seq++, start += CHUNK_ROWS) {
		chunks.push({ datasetId, column, seq, buffer: data.slice(start, start + CHUNK_ROWS).buffer as ArrayBuffer });
	}
	return chunks;
}

function storageError(error: unknown): Error {
	const name = (error as { name?: string; inner?: { name?: string } })?.name;
	const inner = (error as { inner?: { name?: string } })?.inner?.name;
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
		return new StorageError(
			'The browser has no room left to store this dataset. Delete a dataset you no longer need, or free disk space, and try again.',
			problem('storage.full')
		);
	}
	return error instanceof Error ? error : new Error(String(error));
}

/** Columns and dictionaries of a ready dataset, as stored (sorted by customer, time). */
export async function readColumns(db: LensDatabase, datasetId: string): Promise<{ dataset: DatasetRecord; columns: EventColumns }> {
	const { first, rest } = readColumnsInTwo(db, datasetId);
	const [{ dataset, columns }, later] = await Promise.all([first, rest]);
	return { dataset, columns: { ...columns, ...later } };
}

/**
 * A ready dataset's columns in two reads (./read-columns.ts readColumnsFrom): the first answers' columns, then the
 * attributes and the customer ids.
 */
export function readColumnsInTwo(db: LensDatabase, datasetId: string): ReturnType<typeof readColumnsFrom> {
	return readColumnsFrom(dexieSource(db), datasetId);
}

/** The dataset's records through Dexie, the named columns' chunks and dictionaries in one transaction. */
export function dexieSource(db: LensDatabase): ColumnSource {
	return {
		record: (datasetId) => db.datasets.get(datasetId),
		read: (datasetId, names, dictionaryNames) =>
			db.transaction('r', db.chunks, db.dicts, async () => {
				const [chunks, dicts] = await Promise.all([
					Promise.all(names.map((name) => columnChunks(db, datasetId, name).toArray())),
					dictionaryNames ? db.dicts.bulkGet(dictionaryNames.map((name) => [datasetId, name] as [string, string])) : dictsOf(db, datasetId).toArray()
				]);
				return { chunks, dicts };
			})
	};
}

// Each table's primary key starts with the dataset id: a key range selects one dataset's records.
const chunksOf = (db: LensDatabase, datasetId: string) =>
	db.chunks.where('[datasetId+column+seq]').between([datasetId, Dexie.minKey, Dexie.minKey], [datasetId, Dexie.maxKey, Dexie.maxKey]);
/** One column's chunks, in order. */
const columnChunks = (db: LensDatabase, datasetId: string, column: string) =>
	db.chunks.where('[datasetId+column+seq]').between([datasetId, column, Dexie.minKey], [datasetId, column, Dexie.maxKey]);
const dictsOf = (db: LensDatabase, datasetId: string) =>
	db.dicts.where('[datasetId+column]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]);
const rejectsOf = (db: LensDatabase, datasetId: string) =>
	db.rejects.where('[datasetId+seq]').between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey]);

export async function listDatasets(db: LensDatabase): Promise<DatasetRecord[]> {
	const all = await db.datasets.where('status').equals('ready').toArray();
	return all.sort((a, b) => b.created - a.created);
}

/** Every rejected row of a dataset, in file order. */
export async function readRejects(db: LensDatabase, datasetId: string): Promise<RejectedRow[]> {
	const batches = await rejectsOf(db, datasetId).toArray();
	return batches.flatMap((b) => b.rows);
}

/** Stored bytes a table needs, roughly: its columns and dictionaries. */
export function estimateStoredBytes(table: EventColumns): number {
	const dictionaryBytes = (values: string[]) => values.reduce((n, v) => n + 2 * v.length + 16, 0);
	return (
		table.customerStart.byteLength + table.time.byteLength + table.event.byteLength + storedValueBytes(table.value) +
		table.attributes.reduce((n, a) => n + a.codes.byteLength + dictionaryBytes(a.values), 0) +
		dictionaryBytes(table.customerIds) + dictionaryBytes(table.eventNames)
	);
}

export async function deleteDataset(db: LensDatabase, datasetId: string): Promise<void> {
	await db.transaction('rw', [db.datasets, db.chunks, db.dicts, db.rejects, db.answers, db.classifications], async () => {
		await chunksOf(db, datasetId).delete();
		await answersOf(db, datasetId).delete();
		await classificationsOf(db, datasetId).delete();
		await dictsOf(db, datasetId).delete();
		await rejectsOf(db, datasetId).delete();
		await db.datasets.delete(datasetId);
	});
}

/** The Web Lock an import holds while it runs, so that another tab's clean-up leaves it alone. */
export const importLockName = (datasetId: string) => `lifecycle-lens-import:${datasetId}`;

/** Removes imports that never finished (the tab closed mid-import), except those still running. */
/** The datasets whose import has not finished: running, or left half-done. */
export async function unfinishedImports(db: LensDatabase): Promise<string[]> {
	return db.datasets.where('status').equals('importing').primaryKeys();
}

export async function deleteUnfinishedImports(db: LensDatabase, isRunning: (datasetId: string) => boolean = () => false): Promise<number> {
	const unfinished = (await unfinishedImports(db)).filter((id) => !isRunning(id));
	for (const id of unfinished) await deleteDataset(db, id);
	return unfinished.length;
}

/** Removes everything this site stored: datasets (with their chunks, dictionaries, rejects, answers and classifications), models, dashboards. */
export async function deleteEverything(db: LensDatabase): Promise<void> {
	await db.transaction('rw', [db.datasets, db.chunks, db.dicts, db.rejects, db.answers, db.classifications, db.models, db.dashboards], async () => {
		await Promise.all([db.datasets.clear(), db.chunks.clear(), db.dicts.clear(), db.rejects.clear(), db.answers.clear(), db.classifications.clear(), db.models.clear(), db.dashboards.clear()]);
	});
}
