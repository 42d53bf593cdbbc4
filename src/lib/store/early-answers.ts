/**
 * A dashboard link's dataset record and stored first answers (./answers.ts), read from the page's first script
 * (src/hooks.client.ts) rather than after the dashboard's route has loaded and mounted: on a reload the dashboard is
 * shown from the record without opening Dexie first, and the funnel drawn the moment its view mounts. Plain IndexedDB in one read-only transaction, without Dexie (about 30 KB, which the dashboard loads
 * later anyway): this module is in every page's first scripts.
 *
 * It reads every answer kept for the dataset the link's reference means (a few, each a few kilobytes); the funnel view
 * takes only the one stored under its own query's key (app/dashboard-start.ts), so nothing here decides which answer
 * is shown. It never creates, upgrades or blocks the database: a database that is missing, older than the answers
 * store or being upgraded gives no answers, and the page goes on as without them.
 */
import { datasetOfRef } from '../base/dataset-ref';
import type { AnswerRecord, StoredAnswer } from './answers';
import { DATABASE_NAME } from './database-name';
import { openExisting } from './plain-read';
import type { DatasetRecord } from './db';

export interface EarlyAnswers {
	/** The stored dataset the link's reference meant when read (the newest with that reference). */
	datasetId: string;
	/** Its record, as the dashboard's own listing reads it: the dashboard is shown from it without waiting for Dexie. */
	dataset: DatasetRecord;
	/** Its stored answers by answerKey(query, build). */
	answers: Map<string, StoredAnswer>;
}

/** The answers stored for the ready dataset `ref` means, or null when there is none or anything fails. */
export async function readEarlyAnswers(ref: string, factory: IDBFactory = indexedDB, name = DATABASE_NAME): Promise<EarlyAnswers | null> {
	const db = await openExisting(factory, name);
	if (!db) return null;
	try {
		return await read(db, ref);
	} catch {
		db.close();
		return null;
	}
}

function read(db: IDBDatabase, ref: string): Promise<EarlyAnswers | null> {
	if (!db.objectStoreNames.contains('datasets') || !db.objectStoreNames.contains('answers')) {
		db.close();
		return Promise.resolve(null);
	}
	const transaction = db.transaction(['datasets', 'answers'], 'readonly');
	const closed = new Promise<void>((resolve, reject) => {
		transaction.oncomplete = () => resolve();
		transaction.onerror = transaction.onabort = () => reject(transaction.error);
	}).finally(() => db.close());
	const answers = new Map<string, StoredAnswer>();
	let dataset: DatasetRecord | null = null;
	const ready = transaction.objectStore('datasets').index('status').getAll('ready');
	ready.onsuccess = () => {
		// Newest first, as the dashboard resolves a reference (store/datasets.ts: listDatasets).
		const datasets = (ready.result as DatasetRecord[]).sort((a, b) => b.created - a.created);
		dataset = datasetOfRef(datasets, ref) ?? null;
		if (dataset === null) return;
		const kept = transaction.objectStore('answers').index('datasetId').getAll(dataset.id);
		kept.onsuccess = () => {
			for (const record of kept.result as AnswerRecord[]) answers.set(record.key, record.result);
		};
	};
	return closed.then(() => (dataset === null ? null : { datasetId: dataset.id, dataset, answers }));
}
