/**
 * The page's own handle on the database: listing and deleting datasets are small operations.
 * Where the browser refuses storage, the same calls answer from the datasets held for this session.
 */
import { openDatabase, type DatasetRecord, type LensDatabase } from '../store/db';
import { deleteDataset, deleteEverything, deleteUnfinishedImports, importLockName, listDatasets, readRejects, unfinishedImports } from '../store/datasets';
import { isSessionDataset, releaseSessionDataset, sessionDatasets, sessionRejects } from './session';
import { datasetOfRef } from '../base/dataset-ref';
import { engineWorker } from '../worker/clients';
import type { RejectedRow } from '../base/source-types';

let db: LensDatabase | null = null;
let available: Promise<boolean> | null = null;

export function database(): LensDatabase {
	db ??= openDatabase();
	return db;
}

/** Whether this browser lets the site use IndexedDB; private windows and blocked storage may not. */
export function storageAvailable(): Promise<boolean> {
	available ??= database().open().then(
		() => true,
		() => false
	);
	return available;
}

/** Every dataset to offer: this session's and the stored ones, newest first. */
export async function listAllDatasets(): Promise<DatasetRecord[]> {
	const stored = (await storageAvailable()) ? await listDatasets(database()) : [];
	return [...sessionDatasets(), ...stored].sort((a, b) => b.created - a.created);
}

/** The newest dataset a link reference points at. */
export async function findDataset(ref: string): Promise<DatasetRecord | undefined> {
	return datasetOfRef(await listAllDatasets(), ref);
}

export async function rejectsOf(dataset: DatasetRecord): Promise<RejectedRow[]> {
	if (dataset.rejectedCount === 0) return [];
	return isSessionDataset(dataset.id) ? sessionRejects(dataset.id) : readRejects(database(), dataset.id);
}

/** Removes a dataset: from storage, or from this session's memory (the engine worker lets go of it too). */
export async function removeDataset(dataset: DatasetRecord): Promise<void> {
	if (isSessionDataset(dataset.id)) {
		releaseSessionDataset(dataset.id);
		await engineWorker().forget(dataset.id);
	} else {
		await deleteDataset(database(), dataset.id);
	}
}

/** Removes everything: this session's datasets and whatever storage holds. */
export async function removeEverything(): Promise<void> {
	for (const dataset of sessionDatasets()) await removeDataset(dataset);
	if (await storageAvailable()) await deleteEverything(database());
}

/** Removes imports left half-done by a closed tab; imports still running elsewhere hold a lock and are kept. */
export async function cleanUpUnfinishedImports(): Promise<void> {
	if (!(await storageAvailable())) return;
	const held = new Set<string>();
	if (navigator.locks) for (const lock of (await navigator.locks.query()).held ?? []) if (lock.name) held.add(lock.name);
	await deleteUnfinishedImports(database(), (id) => held.has(importLockName(id)));
	// A held lock is an import running in another tab, or this tab's own before a reload, whose worker is still being
	// stopped: once the lock is free, remove the import if it is still unfinished (a finished one is kept).
	const db = database();
	for (const id of await unfinishedImports(db))
		if (held.has(importLockName(id))) void navigator.locks.request(importLockName(id), () => deleteUnfinishedImports(db, (other) => other !== id));
}
