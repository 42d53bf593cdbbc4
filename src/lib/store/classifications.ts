/**
 * Classifications kept next to a dataset's columns (issue 26): a second visit's cold start reads one back instead of
 * classifying. Each is a dataset's classification under one key (engine/stored-classification.ts
 * storedClassificationKey: the classifier's version, the model's fingerprint, the resolved as-of date), in the
 * compact form the engine packs. A dataset is immutable (an append stores a new dataset and deletes the old one),
 * and its classifications are deleted with it (./datasets.ts).
 */
import type { StoredClassification } from '../engine/stored-classification';
import type { LensDatabase } from './db';
import { dropOldest } from './keep-newest';

export interface ClassificationRecord {
	datasetId: string;
	key: string;
	classification: StoredClassification;
	saved: number;
}

/** Classifications kept per dataset, the newest: the models looked at last (each about 36 bytes per customer at 7 stages). */
export const CLASSIFICATIONS_PER_DATASET = 4;

export async function readClassification(db: LensDatabase, datasetId: string, key: string): Promise<StoredClassification | undefined> {
	return (await db.classifications.get([datasetId, key]))?.classification;
}

/** Keeps a ready dataset's classification (none for a dataset gone or still importing); the oldest beyond the limit go. */
export async function keepClassification(db: LensDatabase, datasetId: string, key: string, classification: StoredClassification, saved = Date.now()): Promise<void> {
	await db.transaction('rw', db.datasets, db.classifications, async () => {
		if ((await db.datasets.get(datasetId))?.status !== 'ready') return;
		await db.classifications.put({ datasetId, key, classification, saved });
		await dropOldest(db.classifications, datasetId, CLASSIFICATIONS_PER_DATASET);
	});
}

/** A dataset's classifications (deleted with it). */
export function classificationsOf(db: LensDatabase, datasetId: string) {
	return db.classifications.where('datasetId').equals(datasetId);
}
