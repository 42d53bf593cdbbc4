/**
 * What stored answers and classifications share: records keyed by (dataset, key), of which a dataset keeps only its
 * newest few. Called inside the caller's transaction, after its put.
 */
import type Dexie from 'dexie';

interface KeyedBySaved {
	datasetId: string;
	key: string;
	saved: number;
}

/** Deletes a dataset's oldest records of `table` beyond the newest `limit`. */
export async function dropOldest<T extends KeyedBySaved>(table: Dexie.Table<T, [string, string]>, datasetId: string, limit: number): Promise<void> {
	const kept = await table.where('datasetId').equals(datasetId).sortBy('saved');
	const extra = kept.slice(0, Math.max(0, kept.length - limit));
	if (extra.length) await table.bulkDelete(extra.map((r) => [r.datasetId, r.key] as [string, string]));
}
