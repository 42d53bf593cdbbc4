/**
 * The engine worker's stored classifications (engine-api.ts ClassificationStore over store/classifications.ts): kept
 * under the dataset, the model's fingerprint, the date the query's as-of resolves to (the dataset's last event when
 * it sets none) and the classifier's version (engine/stored-classification.ts), and read back only when it is of the
 * dataset's customers and the model's stages, as of that date. Read in plain IndexedDB when `plain` opens it
 * (store/plain-read.ts: a cold start need not load Dexie first), else through Dexie; written through Dexie.
 */
import { packClassification, storedClassificationKey, unpackClassification } from '../engine/stored-classification';
import type { LensDatabase } from '../store/db';
import { keepClassification, readClassification } from '../store/classifications';
import type { PlainStore } from '../store/plain-read';
import type { ClassificationStore } from './engine-api';

/** `inMemoryOnly`: datasets the browser would not let the site store, which have no stored classification either. */
export function classificationStore(
	db: () => Promise<LensDatabase>,
	inMemoryOnly: (datasetId: string) => boolean = () => false,
	plain: () => Promise<PlainStore | null> = async () => null
): ClassificationStore {
	return {
		async read(datasetId, model, asOf) {
			if (inMemoryOnly(datasetId)) return undefined;
			const keyOf = (timeMax: number) => storedClassificationKey(model, asOf ?? timeMax);
			const store = await plain();
			const { dataset, stored } = store ? await store.classification(datasetId, keyOf) : await readThroughDexie(await db(), datasetId, keyOf);
			if (dataset?.status !== 'ready') return undefined;
			return (stored && unpackClassification(stored, model, dataset.customerCount, asOf ?? dataset.timeMax)) ?? undefined;
		},
		async write(datasetId, model, classification) {
			if (inMemoryOnly(datasetId)) return;
			await keepClassification(await db(), datasetId, storedClassificationKey(model, classification.asOf), packClassification(classification));
		}
	};
}

async function readThroughDexie(db: LensDatabase, datasetId: string, keyOf: (timeMax: number) => string) {
	const dataset = await db.datasets.get(datasetId);
	return { dataset, stored: dataset && (await readClassification(db, datasetId, keyOf(dataset.timeMax))) };
}
