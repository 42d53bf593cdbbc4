/**
 * Reading and writing datasets. A write is all or nothing: chunks go in under status 'importing',
 * the status flips to 'ready' last, and a failure removes whatever was written.
 */
import Dexie from 'dexie';
import { indexRuns, type Codes, type EventColumns } from '../engine/table';
import { problem, type Problem } from '../base/problem';
import type { ChunkRecord, ColumnKind, DatasetRecord, LensDatabase, StoredColumn } from './db';
import type { RejectedRow } from '../base/source-types';

/** Rows per stored chunk of one column. */
export const CHUNK_ROWS = 1 << 16;
/** Chunks written per transaction: few, large transactions. */
const CHUNKS_PER_TRANSACTION = 64;
/** Rejected rows per stored batch. */
const REJECTS_PER_BATCH = 10_000;

export type NewDataset = Omit<DatasetRecord, 'status' | 'columns' | 'chunkRows'>;

export class StorageError extends Error {
	constructor(
		message: string,
		readonly problem?: Problem
	) {
		super(message);
		this.name = 'StorageError';
	}
}

type ColumnArray = Codes | Float64Array;

interface ColumnData {
	column: StoredColumn;
	data: ColumnArray;
	/** The dictionary the column's codes index, stored under the column's name ('customer' for the runs). */
	dictionary?: { name: string; values: string[] };
}

/** Each column is stored in its own array type: codes as narrow as their dictionary allows. */
const ARRAYS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
const kindOf = (data: ColumnArray): ColumnKind =>
	data instanceof Float64Array ? 'f64' : data instanceof Uint8Array ? 'u8' : data instanceof Uint16Array ? 'u16' : 'u32';

function columnsOf(table: EventColumns): ColumnData[] {
	return [
		{
			column: { name: 'customerStart', kind: 'u32', length: table.customerStart.length },
			data: table.customerStart,
			dictionary: { name: 'customer', values: table.customerIds }
		},
		{ column: { name: 'time', kind: 'f64' }, data: table.time },
		{ column: { name: 'event', kind: kindOf(table.event) }, data: table.event, dictionary: { name: 'event', values: table.eventNames } },
		{ column: { name: 'value', kind: 'f64' }, data: table.value },
		...table.attributes.map((a) => {
			const name = `attr:${a.name}`;
			return { column: { name, kind: kindOf(a.codes) }, data: a.codes, dictionary: { name, values: a.values } };
		})
	];
}

export async function writeDataset(
	db: LensDatabase,
	dataset: NewDataset,
	table: EventColumns,
	rejects: RejectedRow[],
	onProgress?: (fraction: number) => void,
	/** A dataset this one replaces (an export added to it): removed in the transaction that makes this one ready. */
	replaces?: string
): Promise<DatasetRecord> {
	const columns = columnsOf(table);
	const record: DatasetRecord = { ...readyRecord(dataset, table), status: 'importing' };
	try {
		await db.datasets.add(record);
		const chunks = columns.flatMap(({ column, data }) => splitIntoChunks(dataset.id, column.name, data));
		for (let i = 0; i < chunks.length; i += CHUNKS_PER_TRANSACTION) {
			await db.chunks.bulkAdd(chunks.slice(i, i + CHUNKS_PER_TRANSACTION));
			onProgress?.(Math.min(1, (i + CHUNKS_PER_TRANSACTION) / chunks.length));
		}
		const tables = replaces === undefined ? [db.dicts, db.rejects, db.datasets] : [db.dicts, db.rejects, db.datasets, db.chunks];
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
	const dataset = await db.datasets.get(datasetId);
	if (!dataset || dataset.status !== 'ready') throw new StorageError(`No stored dataset with id ${datasetId}.`, problem('storage.noDataset', { id: datasetId }));
	const [chunks, dicts] = await Promise.all([chunksOf(db, datasetId).toArray(), dictsOf(db, datasetId).toArray()]);
	const data = new Map<string, ColumnArray>();
	for (const column of dataset.columns) {
		const own = chunks.filter((c) => c.column === column.name).sort((a, b) => a.seq - b.seq);
		data.set(column.name, joinChunks(own, column.kind, column.length ?? dataset.rowCount));
	}
	const dictionary = new Map(dicts.map((d) => [d.column, d.values]));
	const customerIds = dictionary.get('customer') ?? [];
	const attributeColumns = dataset.columns.filter((c) => c.name.startsWith('attr:'));
	return {
		dataset,
		columns: {
			// Older datasets have a customer code per row; their runs are counted from it.
			customerStart: (data.get('customerStart') as Uint32Array | undefined) ?? indexRuns(data.get('customer') as Uint32Array, customerIds.length),
			time: data.get('time') as Float64Array,
			event: data.get('event') as Codes,
			value: data.get('value') as Float64Array,
			customerIds,
			eventNames: dictionary.get('event') ?? [],
			attributes: attributeColumns.map((c) => ({
				name: c.name.slice('attr:'.length),
				codes: data.get(c.name) as Codes,
				values: dictionary.get(c.name) ?? []
			}))
		}
	};
}

function joinChunks(chunks: ChunkRecord[], kind: ColumnKind, rowCount: number): ColumnArray {
	const ArrayType = ARRAYS[kind];
	const joined = new ArrayType(rowCount);
	let offset = 0;
	for (const chunk of chunks) {
		const part = new ArrayType(chunk.buffer);
		joined.set(part, offset);
		offset += part.length;
	}
	if (offset !== rowCount) throw new StorageError(`Stored dataset is incomplete: ${offset} of ${rowCount} rows found.`, problem('storage.incomplete', { found: offset, rows: rowCount }));
	return joined;
}

// Each table's primary key starts with the dataset id: a key range selects one dataset's records.
const chunksOf = (db: LensDatabase, datasetId: string) =>
	db.chunks.where('[datasetId+column+seq]').between([datasetId, Dexie.minKey, Dexie.minKey], [datasetId, Dexie.maxKey, Dexie.maxKey]);
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
		table.customerStart.byteLength + table.time.byteLength + table.event.byteLength + table.value.byteLength +
		table.attributes.reduce((n, a) => n + a.codes.byteLength + dictionaryBytes(a.values), 0) +
		dictionaryBytes(table.customerIds) + dictionaryBytes(table.eventNames)
	);
}

export async function deleteDataset(db: LensDatabase, datasetId: string): Promise<void> {
	await db.transaction('rw', db.datasets, db.chunks, db.dicts, db.rejects, async () => {
		await chunksOf(db, datasetId).delete();
		await dictsOf(db, datasetId).delete();
		await rejectsOf(db, datasetId).delete();
		await db.datasets.delete(datasetId);
	});
}

/** The Web Lock an import holds while it runs, so that another tab's clean-up leaves it alone. */
export const importLockName = (datasetId: string) => `lifecycle-lens-import:${datasetId}`;

/** Removes imports that never finished (the tab closed mid-import), except those still running. */
export async function deleteUnfinishedImports(db: LensDatabase, isRunning: (datasetId: string) => boolean = () => false): Promise<number> {
	const unfinished = (await db.datasets.where('status').equals('importing').primaryKeys()).filter((id) => !isRunning(id));
	for (const id of unfinished) await deleteDataset(db, id);
	return unfinished.length;
}

/** Removes everything this site stored: datasets (with their chunks, dictionaries and rejects), models, dashboards. */
export async function deleteEverything(db: LensDatabase): Promise<void> {
	await db.transaction('rw', [db.datasets, db.chunks, db.dicts, db.rejects, db.models, db.dashboards], async () => {
		await Promise.all([db.datasets.clear(), db.chunks.clear(), db.dicts.clear(), db.rejects.clear(), db.models.clear(), db.dashboards.clear()]);
	});
}
