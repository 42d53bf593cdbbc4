/// <reference lib="webworker" />
/**
 * The engine worker: loads a dataset's columns (from storage, or held in memory when the browser would not let the
 * site store them) and forwards every query to the dataset's engine session (engine-api.ts, engine/session.ts).
 */
import * as Comlink from 'comlink';
import type { LifecycleQuery } from '../engine/queries';
import type { DatasetShape } from '../engine/recommend-model';
import { completeTable, tableFromSortedColumns, tableOfRunsAndTimes, withFirstColumns, type EventColumns, type EventTable } from '../engine/table';
import type { LensDatabase } from '../store/db';
import { openPlainStore, type PlainStore } from '../store/plain-read';
import { readColumnsFrom, type ColumnSource } from '../store/read-columns';
import { datasetOfRef } from '../base/dataset-ref';
import { carryProblems } from './carry-problems';
import { engineApi, type TableLoad } from './engine-api';
import { classificationStore } from './classification-store';

/**
 * Dexie, imported when first needed (a classification's write, the datasets' listing, a read the plain store cannot
 * make): it is half of this worker's script, and a cold start's reads go without it (store/plain-read.ts).
 */
let dexie: Promise<{ db: LensDatabase; datasets: typeof import('../store/datasets') }> | null = null;
const storage = () => (dexie ??= Promise.all([import('../store/db'), import('../store/datasets')]).then(([{ openDatabase }, datasets]) => ({ db: openDatabase(), datasets })));
const database = () => storage().then(({ db }) => db);

/** The database in plain IndexedDB, opened once (again after an upgrade elsewhere closed it); null: read through Dexie. */
let plain: Promise<PlainStore | null> | null = null;
const plainStore = () => (plain ??= openPlainStore({ onClosed: () => (plain = null) }));

/** The stored datasets' records: plainly, or through Dexie when the plain store cannot open the database. */
const columnSource = async (): Promise<ColumnSource> => (await plainStore()) ?? (await storage()).datasets.dexieSource(await database());
const source: ColumnSource = {
	record: async (datasetId) => (await columnSource()).record(datasetId),
	read: async (datasetId, names, dictionaryNames, each) => (await columnSource()).read(datasetId, names, dictionaryNames, each)
};

/** What the engine worker offers the import worker over a channel of their own: a dataset to hold in memory. */
export interface SessionReceiver {
	hold(datasetId: string, columns: EventColumns): void;
	/**
	 * A dataset the import worker is storing, handed over as read: the dashboard opens on it without a read back. The
	 * model to open on is worked out meanwhile, from the dataset's shape.
	 */
	adopt(datasetId: string, columns: EventColumns, shape?: DatasetShape): void;
	/** A dataset handed over whose write failed: never to be shown. */
	drop(datasetId: string): void;
}

/** Datasets that live only in memory, for this session: the browser would not let the site store them. */
const sessionTables = new Map<string, EventTable>();

const sessionReceiver: SessionReceiver = {
	hold(datasetId, columns) {
		sessionTables.set(datasetId, tableFromSortedColumns(columns));
	},
	adopt(datasetId, columns, shape) {
		engine.adopt(datasetId, tableFromSortedColumns(columns), shape);
	},
	drop(datasetId) {
		engine.forget(datasetId);
	}
};

/**
 * A dataset held in memory, or read from storage in steps into one table: the runs and times, then the rest of the
 * first answers' columns, then the attributes and ids.
 */
function loadTable(datasetId: string): TableLoad | Promise<EventTable> {
	const held = sessionTables.get(datasetId);
	if (held) return Promise.resolve(held);
	const read = readColumnsFrom(source, datasetId);
	const times = read.times.then(tableOfRunsAndTimes);
	const first = Promise.all([times, read.first]).then(([table, { columns }]) => withFirstColumns(table, columns));
	return { times, first, complete: Promise.all([first, read.rest]).then(([table, rest]) => completeTable(table, rest)) };
}

/** Stored datasets' classifications; a dataset held in memory only has none stored. */
const classifications = classificationStore(database, (datasetId) => sessionTables.has(datasetId), plainStore);

const engine = engineApi(loadTable, classifications);

const api = {
	...engine,

	/**
	 * A dashboard link's head start, asked by the first script the link loads: starts reading the stored dataset the
	 * link refers to and, given the link's first funnel query, answers its funnel first. The page boots meanwhile; its own
	 * lookup of the dataset still decides what is shown (a missing dataset, or storage failing, is said there).
	 */
	async open(ref: string, first?: LifecycleQuery) {
		const found = storage()
			.then(({ db, datasets }) => datasets.listDatasets(db))
			.then((datasets) => datasetOfRef(datasets, ref)?.id)
			.catch(() => undefined);
		// With a first query, its funnel starts the read: a stored classification first, when it answers it alone.
		if (!first) {
			void found.then((id) => id !== undefined && engine.preload(id));
			return null;
		}
		return engine.firstFunnel(found, first);
	},

	/** Listens on a channel from the import worker for a dataset to hold in memory (no storage in this browser). */
	receiveDatasets(port: MessagePort) {
		Comlink.expose(sessionReceiver, port);
	},

	/** Lets go of a dataset held in memory. */
	forget(datasetId: string) {
		sessionTables.delete(datasetId);
		engine.forget(datasetId);
	}
};

carryProblems();
Comlink.expose(api);
export type EngineWorkerApi = typeof api;
