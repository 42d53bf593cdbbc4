/**
 * Datasets analysed in memory for this session only, when the browser does not let the site use IndexedDB
 * (some private windows, storage blocked in settings). Their columns live in the engine worker; the page
 * keeps their records and rejected rows here. A reload forgets them.
 */
import type { DatasetRecord } from '../store/db';
import type { RejectedRow } from '../base/source-types';

const held = new Map<string, { dataset: DatasetRecord; rejects: RejectedRow[] }>();

export function holdInSession(dataset: DatasetRecord, rejects: RejectedRow[]): void {
	held.set(dataset.id, { dataset, rejects });
}

export const sessionDatasets = (): DatasetRecord[] => [...held.values()].map((h) => h.dataset);

export const isSessionDataset = (datasetId: string): boolean => held.has(datasetId);

export const sessionRejects = (datasetId: string): RejectedRow[] => held.get(datasetId)?.rejects ?? [];

export function releaseSessionDataset(datasetId: string): void {
	held.delete(datasetId);
}
