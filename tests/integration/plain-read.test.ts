/**
 * The engine worker's cold reads in plain IndexedDB (store/plain-read.ts, without Dexie) over fake-indexeddb: the same
 * columns, dictionaries and stored classifications as the Dexie reads give; never creating a missing database, null
 * for one older than the stores read (the worker then reads through Dexie), and closing for an upgrade elsewhere.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { leadLifecycle } from '../../src/lib/engine/model';
import { tableFromSortedColumns } from '../../src/lib/engine/table';
import { planOf } from '../../src/lib/import/import-file';
import { previewFile } from '../../src/lib/import/preview';
import { readColumns, readColumnsInTwo } from '../../src/lib/store/datasets';
import { DATABASE_NAME, openDatabase, type LensDatabase } from '../../src/lib/store/db';
import { openPlainStore } from '../../src/lib/store/plain-read';
import { readColumnsFrom } from '../../src/lib/store/read-columns';
import { classificationStore } from '../../src/lib/worker/classification-store';
import { importToStore } from '../../src/lib/worker/store-import';

let db: LensDatabase;
afterEach(() => db?.close());

const sampleText = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

async function storedSample() {
	const factory = new IDBFactory();
	db = openDatabase({ indexedDB: factory, IDBKeyRange });
	const file = new File([sampleText], 'lead-lifecycle.csv', { type: 'text/csv', lastModified: 1700000000000 });
	const dataset = await importToStore(db, file, planOf(await previewFile(file)));
	return { factory, dataset };
}

describe('plain reads for the engine worker', () => {
	it('hand the runs and times over before the events and values are in, the same arrays the first columns hold', async () => {
		const { factory, dataset } = await storedSample();
		const plain = await openPlainStore({ indexedDB: factory, IDBKeyRange });
		const settled: string[] = [];
		const read = readColumnsFrom(plain!, dataset.id);
		const times = read.times.then((columns) => (settled.push('times'), columns));
		const first = read.first.then((result) => (settled.push('first'), result));
		const [{ customerStart, time }, { columns }] = await Promise.all([times, first]);
		expect(settled).toEqual(['times', 'first']);
		expect(customerStart).toBe(columns.customerStart);
		expect(time).toBe(columns.time);
		expect(time.length).toBe(dataset.rowCount);
		expect(customerStart.length).toBe(dataset.customerCount + 1);
		// Through Dexie, which hands nothing over early, the same columns come with the first.
		expect(await readColumnsInTwo(db, dataset.id).times).toEqual({ customerStart, time });
	});

	it('read the columns, dictionaries and classifications that Dexie reads', async () => {
		const { factory, dataset } = await storedSample();
		const plain = await openPlainStore({ indexedDB: factory, IDBKeyRange });
		expect(plain).not.toBeNull();
		const viaPlain = readColumnsFrom(plain!, dataset.id);
		const viaDexie = readColumnsInTwo(db, dataset.id);
		const first = await viaPlain.first;
		expect(first).toEqual(await viaDexie.first);
		expect(first.columns.time.length).toBe(dataset.rowCount);
		expect(first.columns.eventNames.length).toBe(dataset.eventNameCount);
		const rest = await viaPlain.rest;
		expect(rest).toEqual(await viaDexie.rest);
		expect(rest.customerIds.length).toBe(dataset.customerCount);
		expect(rest.attributes.length).toBeGreaterThan(0);
		const missing = readColumnsFrom(plain!, 'no-such-dataset');
		await expect(missing.times).rejects.toThrow(/No stored dataset/);
		await expect(missing.first).rejects.toThrow(/No stored dataset/);
		await expect(missing.rest).rejects.toThrow(/No stored dataset/);

		const table = tableFromSortedColumns((await readColumns(db, dataset.id)).columns);
		const classification = classify(table, leadLifecycle);
		const store = classificationStore(async () => db, undefined, async () => plain);
		expect(await store.read(dataset.id, leadLifecycle, undefined)).toBeUndefined();
		await store.write(dataset.id, leadLifecycle, classification);
		expect(await store.read(dataset.id, leadLifecycle, undefined)).toEqual(classification);
		expect(await store.read(dataset.id, leadLifecycle, dataset.timeMax)).toEqual(classification);
		// Another as-of date is another key; another dataset has none.
		expect(await store.read(dataset.id, leadLifecycle, dataset.timeMax - 86_400_000)).toBeUndefined();
		expect(await store.read('no-such-dataset', leadLifecycle, undefined)).toBeUndefined();
		expect(await classificationStore(async () => db).read(dataset.id, leadLifecycle, undefined)).toEqual(classification);
	});

	it('give null for a missing database, without creating it, and for one older than stored classifications', async () => {
		const factory = new IDBFactory();
		expect(await openPlainStore({ indexedDB: factory, IDBKeyRange })).toBeNull();
		expect(await factory.databases()).toEqual([]);
		await new Promise<void>((done) => {
			const opening = factory.open(DATABASE_NAME, 40);
			opening.onupgradeneeded = () => {
				for (const store of ['datasets', 'chunks', 'dicts']) opening.result.createObjectStore(store);
			};
			opening.onsuccess = () => {
				opening.result.close();
				done();
			};
		});
		expect(await openPlainStore({ indexedDB: factory, IDBKeyRange })).toBeNull();
	});

	it('let an upgrade elsewhere close the connection, and say so', async () => {
		const { factory } = await storedSample();
		db.close();
		let closed = 0;
		const plain = await openPlainStore({ indexedDB: factory, IDBKeyRange, onClosed: () => closed++ });
		expect(plain).not.toBeNull();
		await new Promise<void>((done) => {
			const upgrade = factory.open(DATABASE_NAME, 60);
			upgrade.onsuccess = () => {
				upgrade.result.close();
				done();
			};
		});
		expect(closed).toBe(1);
	});
});
