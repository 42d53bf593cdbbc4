/**
 * Stored classifications over fake-indexeddb (store/classifications.ts through the engine worker's
 * worker/classification-store.ts, issue 26): read back only for their own dataset, model (every rule), resolved as-of
 * date and classifier version, as the classification computed from the stored columns; gone with their dataset, with
 * everything, and when an append replaces the dataset; the newest few per dataset; none for a dataset not ready. An
 * engine worker's API over the real store answers a second visit as the first.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { leadLifecycle, templates, type LifecycleModel } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { CLASSIFIER_VERSION, packClassification } from '../../src/lib/engine/stored-classification';
import { tableFromSortedColumns } from '../../src/lib/engine/table';
import { planOf } from '../../src/lib/import/import-file';
import { previewFile } from '../../src/lib/import/preview';
import { lifecycleQuery } from '../../src/lib/state/queries';
import { endOfDay } from '../../src/lib/state/url';
import { withDefaults } from '../../src/lib/state/view-options';
import { CLASSIFICATIONS_PER_DATASET, keepClassification } from '../../src/lib/store/classifications';
import { deleteDataset, deleteEverything, readColumns } from '../../src/lib/store/datasets';
import { openDatabase, type LensDatabase } from '../../src/lib/store/db';
import { classificationStore } from '../../src/lib/worker/classification-store';
import { CLASSIFICATION_WRITE_DELAY_MS, engineApi } from '../../src/lib/worker/engine-api';
import { appendToStore, importToStore } from '../../src/lib/worker/store-import';

let db: LensDatabase;
afterEach(() => {
	db?.close();
	vi.useRealTimers();
});

const sampleText = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');
const csvFile = (text: string, name: string) => new File([text], name, { type: 'text/csv', lastModified: 1700000000000 });
const importText = async (text: string, name: string) => {
	const file = csvFile(text, name);
	return importToStore(db, file, planOf(await previewFile(file)));
};

/** The sample stored, its table as stored, and the worker's store over the database. */
async function storedSample() {
	db = openDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
	const dataset = await importText(sampleText, 'lead-lifecycle.csv');
	const table = tableFromSortedColumns((await readColumns(db, dataset.id)).columns);
	return { dataset, table, store: classificationStore(async () => db) };
}

describe('stored classifications', () => {
	it('are read back for their own dataset, model, as-of date and classifier version, and for nothing else', async () => {
		const { dataset, table, store } = await storedSample();
		const other = await importText(sampleText.split('\n').slice(0, 2001).join('\n'), 'first-2000.csv');
		const classification = classify(table, leadLifecycle);
		expect(classification.asOf).toBe(dataset.timeMax);
		await store.write(dataset.id, leadLifecycle, classification);
		expect(await store.read(dataset.id, leadLifecycle, undefined)).toEqual(classification);
		// The date an omitted as-of resolves to is the same key.
		expect(await store.read(dataset.id, leadLifecycle, dataset.timeMax)).toEqual(classification);

		const editedRule: LifecycleModel = structuredClone(leadLifecycle);
		const rule = editedRule.stages[2].enter[0];
		if (rule.kind !== 'event') throw new Error('MQL is entered by an event');
		rule.names = ['demo request'];
		const fewerStages = { ...leadLifecycle, stages: leadLifecycle.stages.slice(0, -1) };
		const latest = { ...leadLifecycle, progression: 'latest' as const };
		for (const model of [editedRule, fewerStages, latest]) {
			// Each classifies the sample differently, and none finds the stored classification.
			expect(classify(table, model)).not.toEqual(classification);
			expect(await store.read(dataset.id, model, undefined)).toBeUndefined();
		}
		expect(await store.read(dataset.id, leadLifecycle, endOfDay('2025-03-01'))).toBeUndefined();
		expect(await store.read(other.id, leadLifecycle, undefined)).toBeUndefined();
		// Stored by another classifier version under its key: not read by this one.
		const olderKey = JSON.stringify([CLASSIFIER_VERSION - 1, leadLifecycle.stages, leadLifecycle.progression, dataset.timeMax]);
		await db.classifications.clear();
		await keepClassification(db, dataset.id, olderKey, packClassification(classification));
		expect(await store.read(dataset.id, leadLifecycle, undefined)).toBeUndefined();
	});

	it('in the compact form: 4 bytes for each stage a customer entered and a bit for each stage and customer, plus first and last seen', async () => {
		const { dataset, table, store } = await storedSample();
		const classification = classify(table, leadLifecycle);
		await store.write(dataset.id, leadLifecycle, classification);
		const [record] = await db.classifications.toArray();
		const { entered, firstSeen, lastSeen, lastHeld } = record.classification;
		if (entered.base === null || firstSeen.base === null || lastSeen.base === null) throw new Error('the sample is in whole seconds');
		if (!('present' in entered)) throw new Error('most of the sample’s stage cells have no time');
		const cells = table.customerIds.length * leadLifecycle.stages.length;
		const withTime = classification.entered.filter((t) => !Number.isNaN(t)).length;
		expect(withTime).toBeLessThan(cells / 2);
		expect(entered.seconds.byteLength).toBe(withTime * 4);
		expect(entered.present.byteLength).toBe(Math.ceil(cells / 32) * 4);
		expect(firstSeen.seconds.byteLength + lastSeen.seconds.byteLength).toBe(table.customerIds.length * 8);
		expect(lastHeld).toBeNull();
	});

	it('go with their dataset, with everything, and when an append replaces the dataset', async () => {
		const { dataset, table, store } = await storedSample();
		const other = await importText(sampleText.split('\n').slice(0, 2001).join('\n'), 'first-2000.csv');
		const otherTable = tableFromSortedColumns((await readColumns(db, other.id)).columns);
		await store.write(dataset.id, leadLifecycle, classify(table, leadLifecycle));
		await store.write(other.id, leadLifecycle, classify(otherTable, leadLifecycle));
		await deleteDataset(db, dataset.id);
		expect(await db.classifications.where('datasetId').equals(dataset.id).count()).toBe(0);
		expect(await store.read(other.id, leadLifecycle, undefined)).toEqual(classify(otherTable, leadLifecycle));

		const more = 'customer_id,timestamp,event,value,channel\nnew-1,2025-06-01T10:00:00Z,lead,,organic\n';
		const file = csvFile(more, 'more.csv');
		const { dataset: appended } = await appendToStore(db, other.id, file, planOf(await previewFile(file)));
		expect(await db.classifications.count()).toBe(0);
		expect(await store.read(appended.id, leadLifecycle, undefined)).toBeUndefined();

		const appendedTable = tableFromSortedColumns((await readColumns(db, appended.id)).columns);
		await store.write(appended.id, leadLifecycle, classify(appendedTable, leadLifecycle));
		expect(await db.classifications.count()).toBe(1);
		await deleteEverything(db);
		expect(await db.classifications.count()).toBe(0);
	});

	it(`are kept for ready datasets only, the newest ${CLASSIFICATIONS_PER_DATASET} per dataset`, async () => {
		const { dataset, table, store } = await storedSample();
		await deleteDataset(db, dataset.id);
		await store.write(dataset.id, leadLifecycle, classify(table, leadLifecycle));
		expect(await db.classifications.count()).toBe(0);

		const again = await importText(sampleText, 'lead-lifecycle.csv');
		const dates = Array.from({ length: CLASSIFICATIONS_PER_DATASET + 2 }, (_, i) => endOfDay(`2025-0${i + 1}-15`));
		for (const asOf of dates) await store.write(again.id, leadLifecycle, classify(table, leadLifecycle, { asOf }));
		expect(await db.classifications.count()).toBe(CLASSIFICATIONS_PER_DATASET);
		expect(await store.read(again.id, leadLifecycle, dates[0])).toBeUndefined();
		expect(await store.read(again.id, leadLifecycle, dates.at(-1))).toEqual(classify(table, leadLifecycle, { asOf: dates.at(-1) }));
	});

	it("give an engine worker's second visit the first visit's answers", async () => {
		const { dataset, table } = await storedSample();
		const load = async () => tableFromSortedColumns((await readColumns(db, dataset.id)).columns);
		const query = lifecycleQuery(withDefaults(), { model: leadLifecycle, filter: {} });
		const expected = new EngineSession(table).lifecycleFunnel(query);
		expect(expected.funnel.steps[0].count).toBe(2000);
		vi.useFakeTimers({ toFake: ['setTimeout'] });
		const first = engineApi(load, classificationStore(async () => db));
		expect(await first.lifecycleFunnel(dataset.id, query)).toEqual(expected);
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		vi.useRealTimers();
		await vi.waitFor(async () => expect(await db.classifications.count()).toBe(1));
		const second = engineApi(load, classificationStore(async () => db));
		expect(await second.lifecycleFunnel(dataset.id, query)).toEqual(expected);
		for (const model of templates) expect(await second.lifecycle(dataset.id, { ...query, model })).toEqual(new EngineSession(table).lifecycle({ ...query, model }));
	});
});
