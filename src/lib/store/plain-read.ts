/**
 * The engine worker's cold reads in plain IndexedDB, without Dexie (half the worker's first script, about 100 KB to
 * compile and evaluate before the first read could start, and its opening): a dataset's record, its column chunks and
 * dictionaries (./read-columns.ts ColumnSource), and a stored classification (./classifications.ts). Read-only, as
 * ./early-answers.ts is: it never creates, upgrades or blocks the database; a database that is missing, older than
 * the stores read or being upgraded gives null, and the worker reads through Dexie instead.
 */
import type { ClassificationRecord } from './classifications';
import type { StoredClassification } from '../engine/stored-classification';
import { DATABASE_NAME } from './database-name';
import type { ChunkRecord, DatasetRecord, DictRecord } from './db';
import type { ColumnSource } from './read-columns';

export interface PlainStore extends ColumnSource {
	/** A dataset's record and its classification stored under the key its record gives (`keyOf` its last event's time), in one transaction. */
	classification(datasetId: string, keyOf: (timeMax: number) => string): Promise<{ dataset: DatasetRecord | undefined; stored: StoredClassification | undefined }>;
}

const STORES = ['datasets', 'chunks', 'dicts', 'classifications'];
export interface PlainStoreOptions {
	/** The connection was closed for an upgrade elsewhere: open it again for the next read. */
	onClosed?: () => void;
	/** Tests pass fake-indexeddb's. */
	indexedDB?: IDBFactory;
	IDBKeyRange?: typeof IDBKeyRange;
	name?: string;
}

/** The database opened plainly, or null when it cannot be (missing, older than the stores read, blocked). */
export async function openPlainStore(options: PlainStoreOptions = {}): Promise<PlainStore | null> {
	const { onClosed, indexedDB: factory = indexedDB, IDBKeyRange: keyRange = IDBKeyRange, name = DATABASE_NAME } = options;
	const db = await openExisting(factory, name, onClosed);
	if (db && STORES.every((store) => db.objectStoreNames.contains(store))) return plainStore(db, keyRange);
	db?.close();
	return null;
}

/**
 * The site's database as it is, or null: never created (a missing one's creation is aborted, so that the site's own
 * schema, store/db.ts, makes it later), upgraded or waited for. An upgrade elsewhere (another tab, a new build) closes
 * the connection (`onClosed`) rather than wait for it.
 */
export function openExisting(factory: IDBFactory, name: string, onClosed?: () => void): Promise<IDBDatabase | null> {
	return new Promise((done) => {
		let request: IDBOpenDBRequest;
		try {
			request = factory.open(name);
		} catch {
			return done(null);
		}
		request.onupgradeneeded = () => request.transaction?.abort();
		request.onerror = () => done(null);
		request.onblocked = () => done(null);
		request.onsuccess = () => {
			const db = request.result;
			db.onversionchange = () => {
				db.close();
				onClosed?.();
			};
			done(db);
		};
	});
}

function plainStore(db: IDBDatabase, keyRange: typeof IDBKeyRange): PlainStore {
	/** Every key of one dataset (and column) under a compound key: numbers sort first, arrays last. */
	const range = (...prefix: string[]) => keyRange.bound([...prefix, -Infinity], [...prefix, []]);
	/** The results of the requests `ask` makes in one read-only transaction, once it completes. */
	function inTransaction<T>(stores: string[], ask: (transaction: IDBTransaction) => () => T): Promise<T> {
		return new Promise((resolve, reject) => {
			const transaction = db.transaction(stores, 'readonly');
			const results = ask(transaction);
			transaction.oncomplete = () => resolve(results());
			transaction.onerror = transaction.onabort = () => reject(transaction.error);
		});
	}
	const result = <T>(request: IDBRequest) => () => request.result as T;
	return {
		record: (datasetId) => inTransaction(['datasets'], (t) => result<DatasetRecord | undefined>(t.objectStore('datasets').get(datasetId))),
		read: (datasetId, names, dictionaryNames, each) =>
			inTransaction(['chunks', 'dicts'], (t) => {
				const chunks = names.map((name, i) => {
					const request = t.objectStore('chunks').getAll(range(datasetId, name));
					// A throw here would abort the transaction with an AbortError; the caller meets the column again in the result.
					if (each)
						request.onsuccess = () => {
							try {
								each(i, request.result as ChunkRecord[]);
							} catch {
								/* taken again from the result */
							}
						};
					return request;
				});
				const dicts = t.objectStore('dicts');
				const named = dictionaryNames?.map((name) => dicts.get([datasetId, name]));
				const all = dictionaryNames ? null : dicts.getAll(range(datasetId));
				return () => ({
					chunks: chunks.map((request) => request.result as ChunkRecord[]),
					dicts: named ? named.map((request) => request.result as DictRecord | undefined) : (all!.result as DictRecord[])
				});
			}),
		classification: (datasetId, keyOf) =>
			inTransaction(['datasets', 'classifications'], (t) => {
				const dataset = t.objectStore('datasets').get(datasetId);
				const asked: { record?: IDBRequest } = {};
				dataset.onsuccess = () => {
					const found = dataset.result as DatasetRecord | undefined;
					if (found) asked.record = t.objectStore('classifications').get([datasetId, keyOf(found.timeMax)]);
				};
				return () => ({ dataset: dataset.result as DatasetRecord | undefined, stored: (asked.record?.result as ClassificationRecord | undefined)?.classification });
			})
	};
}
