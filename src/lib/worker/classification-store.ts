/**
 * The engine worker's stored classifications (engine-api.ts ClassificationStore over store/classifications.ts): kept
 * under the dataset, the model's fingerprint, the date the query's as-of resolves to (the dataset's last event when
 * it sets none) and the classifier's version (engine/stored-classification.ts), and read back only when it is of the
 * dataset's customers and the model's stages, as of that date.
 */
import { packClassification, storedClassificationKey, unpackClassification } from '../engine/stored-classification';
import type { LensDatabase } from '../store/db';
import { keepClassification, readClassification } from '../store/classifications';
import type { ClassificationStore } from './engine-api';

/** `inMemoryOnly`: datasets the browser would not let the site store, which have no stored classification either. */
export function classificationStore(db: LensDatabase, inMemoryOnly: (datasetId: string) => boolean = () => false): ClassificationStore {
	return {
		async read(datasetId, model, asOf) {
			if (inMemoryOnly(datasetId)) return undefined;
			const dataset = await db.datasets.get(datasetId);
			if (dataset?.status !== 'ready') return undefined;
			const resolved = asOf ?? dataset.timeMax;
			const stored = await readClassification(db, datasetId, storedClassificationKey(model, resolved));
			return (stored && unpackClassification(stored, model, dataset.customerCount, resolved)) ?? undefined;
		},
		async write(datasetId, model, classification) {
			if (inMemoryOnly(datasetId)) return;
			await keepClassification(db, datasetId, storedClassificationKey(model, classification.asOf), packClassification(classification));
		}
	};
}
