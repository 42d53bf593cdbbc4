/** The page's own handle on the database: listing and deleting datasets are small operations. */
import { openDatabase, type DatasetRecord, type LensDatabase } from './db';
import { deleteUnfinishedImports, importLockName, listDatasets } from './datasets';
import { datasetRef } from '../state/url';

let db: LensDatabase | null = null;

export function database(): LensDatabase {
	db ??= openDatabase();
	return db;
}

/** The newest stored dataset a link reference points at. */
export async function findDataset(ref: string): Promise<DatasetRecord | undefined> {
	const datasets = await listDatasets(database());
	return datasets.find((d) => datasetRef(d) === ref || d.id === ref);
}

/** Removes imports left half-done by a closed tab; imports still running elsewhere hold a lock and are kept. */
export async function cleanUpUnfinishedImports(): Promise<void> {
	const held = new Set<string>();
	if (navigator.locks) for (const lock of (await navigator.locks.query()).held ?? []) if (lock.name) held.add(lock.name);
	await deleteUnfinishedImports(database(), (id) => held.has(importLockName(id)));
}
