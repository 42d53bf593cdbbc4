/** The Dexie schema: datasets stored as columns in ArrayBuffer chunks, never one record per event. */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { LifecycleModel } from '../engine/model';
import type { AnswerRecord } from './answers';
import type { ClassificationRecord } from './classifications';
import type { ColumnKind, Encoding } from './column-encoding';
import type { ColumnMapping, RejectReason, RejectedRow, Shape, SourceInfo } from '../base/source-types';
import { DATABASE_NAME } from './database-name';

export type { ColumnKind } from './column-encoding';

export interface StoredColumn {
	/**
	 * 'customerStart' (each customer's first row, as EventTable has it), 'time', 'event', 'value' or 'attr:<name>';
	 * datasets stored before runs were kept have 'customer' (a customer code per row) instead of 'customerStart'.
	 */
	name: string;
	kind: ColumnKind;
	/** Values in the stored array when not one per row (customerStart: customers + 1; an encoded column's own). */
	length?: number;
	/** How the stored array makes the column (./column-encoding); none: the values as they are (older datasets). */
	encoding?: Encoding;
}

export interface DatasetSource {
	fileName: string;
	size: number;
	lastModified: number;
	/** Hex SHA-256 of the file's bytes, to recognise the same file again. */
	sha256: string;
}

export interface DatasetRecord {
	id: string;
	name: string;
	source: DatasetSource;
	shape: Shape;
	/** How the file was read and mapped: reused for a file with the same header. */
	sourceInfo: SourceInfo;
	header: string[];
	mapping: ColumnMapping;
	rowCount: number;
	customerCount: number;
	eventNameCount: number;
	timeMin: number;
	timeMax: number;
	rowsRead: number;
	rejectedCount: number;
	rejectCounts: Partial<Record<RejectReason, number>>;
	columns: StoredColumn[];
	chunkRows: number;
	status: 'importing' | 'ready';
	created: number;
}

export interface ChunkRecord {
	datasetId: string;
	column: string;
	seq: number;
	buffer: ArrayBuffer;
}

export interface DictRecord {
	datasetId: string;
	column: string;
	values: string[];
}

/** Rejected rows in batches: every one is kept, without one record per row. */
export interface RejectBatch {
	datasetId: string;
	seq: number;
	rows: RejectedRow[];
}

/** A user's own lifecycle model. */
export interface ModelRecord {
	id: string;
	model: LifecycleModel;
	saved: number;
}

/** A named view: the dashboard's link query, which holds everything it shows. */
export interface DashboardRecord {
	id: string;
	name: string;
	query: string;
	saved: number;
}

export type LensDatabase = Dexie & {
	dashboards: EntityTable<DashboardRecord, 'id'>;
	models: EntityTable<ModelRecord, 'id'>;
	datasets: EntityTable<DatasetRecord, 'id'>;
	chunks: Dexie.Table<ChunkRecord, [string, string, number]>;
	dicts: Dexie.Table<DictRecord, [string, string]>;
	rejects: Dexie.Table<RejectBatch, [string, number]>;
	/** Stored first answers (./answers.ts). */
	answers: Dexie.Table<AnswerRecord, [string, string]>;
	/** Stored classifications (./classifications.ts). */
	classifications: Dexie.Table<ClassificationRecord, [string, string]>;
};

export { DATABASE_NAME };

/** Opens the database; tests pass fake-indexeddb through `options`. */
export function openDatabase(options: DexieOptions = {}, name = DATABASE_NAME): LensDatabase {
	// Relaxed durability: a crash can lose the last write, which an import in progress may lose anyway.
	const db = new Dexie(name, { chromeTransactionDurability: 'relaxed', ...options }) as LensDatabase;
	db.version(1).stores({
		datasets: 'id, status',
		chunks: '[datasetId+column+seq]',
		dicts: '[datasetId+column]',
		rejects: '[datasetId+seq]'
	});
	db.version(2).stores({ models: 'id' });
	db.version(3).stores({ dashboards: 'id' });
	db.version(4).stores({ answers: '[datasetId+key], datasetId' });
	db.version(5).stores({ classifications: '[datasetId+key], datasetId' });
	return db;
}
