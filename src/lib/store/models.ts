/** Users' own lifecycle models, kept in IndexedDB. */
import type { LifecycleModel } from '../engine/model';
import type { LensDatabase } from './db';

export async function saveModel(db: LensDatabase, model: LifecycleModel): Promise<void> {
	await db.models.put({ id: model.id, model, saved: Date.now() });
}

export async function listModels(db: LensDatabase): Promise<LifecycleModel[]> {
	const records = await db.models.toArray();
	return records.sort((a, b) => b.saved - a.saved).map((r) => r.model);
}

export async function deleteModel(db: LensDatabase, id: string): Promise<void> {
	await db.models.delete(id);
}
