/// <reference lib="webworker" />
/**
 * The engine worker: loads a dataset's columns once, keeps them in memory and answers
 * every analysis with a small plain object. Classifications are cached per (dataset, model).
 */
import * as Comlink from 'comlink';
import { classify, type Classification } from '../engine/classify';
import { funnel, type FunnelOptions, type FunnelResult } from '../engine/funnel';
import type { LifecycleModel } from '../engine/model';
import { tableFromSortedColumns, type EventTable } from '../engine/table';
import { openDatabase } from '../store/db';
import { readColumns } from '../store/datasets';

const db = openDatabase();

/** One dataset in memory at a time: the one being looked at. */
let loaded: { datasetId: string; table: Promise<EventTable>; classifications: Map<string, Classification> } | null = null;

function tableOf(datasetId: string) {
	if (loaded?.datasetId !== datasetId) {
		const table = readColumns(db, datasetId).then(({ columns }) => tableFromSortedColumns(columns));
		loaded = { datasetId, table, classifications: new Map() };
		// A failed load must not stay cached: the next call tries again.
		table.catch(() => {
			if (loaded?.table === table) loaded = null;
		});
	}
	return loaded;
}

async function classificationOf(datasetId: string, model: LifecycleModel): Promise<Classification> {
	const entry = tableOf(datasetId);
	const table = await entry.table;
	const key = JSON.stringify(model);
	let classification = entry.classifications.get(key);
	if (!classification) {
		classification = classify(table, model);
		entry.classifications.set(key, classification);
	}
	return classification;
}

const api = {
	async funnel(datasetId: string, model: LifecycleModel, options: FunnelOptions = {}): Promise<FunnelResult> {
		return funnel(await classificationOf(datasetId, model), model, options);
	}
};

Comlink.expose(api);
export type EngineWorkerApi = typeof api;
