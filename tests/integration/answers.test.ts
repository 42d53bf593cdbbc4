/**
 * Stored first answers (store/answers.ts, issue 26's reload): read back only for their own dataset, query and build;
 * gone with their dataset, when an append replaces it, and beyond the newest few per dataset. Over fake-indexeddb.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { tableFromSortedColumns } from '../../src/lib/engine/table';
import { planOf } from '../../src/lib/import/import-file';
import { previewFile } from '../../src/lib/import/preview';
import { lifecycleQuery } from '../../src/lib/state/queries';
import { endOfDay } from '../../src/lib/state/url';
import { withDefaults } from '../../src/lib/state/view-options';
import { ANSWERS_PER_DATASET, answerKey, keepAnswer, readAnswer } from '../../src/lib/store/answers';
import { deleteDataset, deleteEverything, readColumns } from '../../src/lib/store/datasets';
import { DATABASE_NAME, openDatabase, type LensDatabase } from '../../src/lib/store/db';
import { readEarlyAnswers } from '../../src/lib/store/early-answers';
import { datasetRef } from '../../src/lib/base/dataset-ref';
import { appendToStore, importToStore } from '../../src/lib/worker/store-import';

let db: LensDatabase;
let factory: IDBFactory;
afterEach(() => db?.close());

const sampleText = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');
const csvFile = (text: string, name: string) => new File([text], name, { type: 'text/csv', lastModified: 1700000000000 });
const importText = async (text: string, name: string) => {
	const file = csvFile(text, name);
	return importToStore(db, file, planOf(await previewFile(file)));
};

const BUILD = 'build-1';
const plain = lifecycleQuery(withDefaults(), { model: leadLifecycle, filter: {} });

/** The sample stored, and the engine's answer to the dashboard's default funnel on what was stored. */
async function storedSample() {
	factory = new IDBFactory();
	db = openDatabase({ indexedDB: factory, IDBKeyRange });
	const dataset = await importText(sampleText, 'lead-lifecycle.csv');
	const session = new EngineSession(tableFromSortedColumns((await readColumns(db, dataset.id)).columns));
	return { dataset, session, result: session.lifecycle(plain) };
}

describe('stored first answers', () => {
	it('reads an answer back for its own dataset, query and build, and for nothing else', async () => {
		const { dataset, session, result } = await storedSample();
		expect(result.funnel.steps[0].count).toBe(2000);
		await keepAnswer(db, dataset.id, answerKey(plain, BUILD), result);
		expect(await readAnswer(db, dataset.id, answerKey(plain, BUILD))).toEqual(result);

		// Each of these is answered differently by the engine, and none finds the stored answer.
		const strict = lifecycleQuery(withDefaults({ funnelMode: 'strict' }), { model: leadLifecycle, filter: {} });
		const filtered = lifecycleQuery(withDefaults(), { model: leadLifecycle, filter: { attributes: [{ name: 'channel', op: 'any', values: ['paid search'] }] } });
		const earlier = lifecycleQuery(withDefaults(), { model: leadLifecycle, asOf: endOfDay('2025-03-01'), filter: {} });
		const otherModel = { ...leadLifecycle, stages: leadLifecycle.stages.slice(0, -1) };
		const fewerStages = lifecycleQuery(withDefaults(), { model: otherModel, filter: {} });
		for (const query of [strict, filtered, earlier, fewerStages]) {
			expect(session.lifecycle(query).funnel).not.toEqual(result.funnel);
			expect(await readAnswer(db, dataset.id, answerKey(query, BUILD))).toBeUndefined();
		}
		// Another build (another engine), another dataset.
		expect(await readAnswer(db, dataset.id, answerKey(plain, 'build-2'))).toBeUndefined();
		expect(await readAnswer(db, 'other-dataset', answerKey(plain, BUILD))).toBeUndefined();
	});

	it('goes with its dataset, and only its own', async () => {
		const { dataset, result } = await storedSample();
		const other = await importText(sampleText.split('\n').slice(0, 2001).join('\n'), 'first-2000.csv');
		await keepAnswer(db, dataset.id, answerKey(plain, BUILD), result);
		await keepAnswer(db, other.id, answerKey(plain, BUILD), result);
		await deleteDataset(db, dataset.id);
		expect(await readAnswer(db, dataset.id, answerKey(plain, BUILD))).toBeUndefined();
		expect(await readAnswer(db, other.id, answerKey(plain, BUILD))).toEqual(result);
		await deleteEverything(db);
		expect(await db.answers.count()).toBe(0);
	});

	it('is not kept for a dataset that is gone', async () => {
		const { dataset, result } = await storedSample();
		await deleteDataset(db, dataset.id);
		await keepAnswer(db, dataset.id, answerKey(plain, BUILD), result);
		expect(await db.answers.count()).toBe(0);
	});

	it('goes when an append replaces its dataset, which answers differently', async () => {
		const { dataset, result } = await storedSample();
		await keepAnswer(db, dataset.id, answerKey(plain, BUILD), result);
		const more = 'customer_id,timestamp,event,value,channel\nnew-1,2025-06-01T10:00:00Z,lead,,organic\nnew-2,2025-06-02T10:00:00Z,lead,,organic\n';
		const file = csvFile(more, 'more.csv');
		const { dataset: appended, added } = await appendToStore(db, dataset.id, file, planOf(await previewFile(file)));
		expect(added).toBe(2);
		expect(appended.id).not.toBe(dataset.id);
		expect(await db.answers.count()).toBe(0);
		const session = new EngineSession(tableFromSortedColumns((await readColumns(db, appended.id)).columns));
		expect(session.lifecycle(plain).funnel.customers).toBe(result.funnel.customers + 2);
	});

	it('keeps the funnel alone until the whole answer replaces it, and never over the whole answer', async () => {
		const { dataset, session, result } = await storedSample();
		const funnelAlone = session.lifecycleFunnel(plain);
		expect(funnelAlone.funnel).toEqual(result.funnel);
		const key = answerKey(plain, BUILD);
		await keepAnswer(db, dataset.id, key, funnelAlone, 1000);
		expect(await readAnswer(db, dataset.id, key)).toEqual(funnelAlone);
		await keepAnswer(db, dataset.id, key, result, 1001);
		expect(await readAnswer(db, dataset.id, key)).toEqual(result);
		// A funnel drawn later (the engine's, on a page whose stored answer came late) leaves the whole answer in place.
		await keepAnswer(db, dataset.id, key, funnelAlone, 1002);
		expect(await readAnswer(db, dataset.id, key)).toEqual(result);
		expect(await db.answers.count()).toBe(1);
	});

	it(`keeps the newest ${ANSWERS_PER_DATASET} per dataset`, async () => {
		const { dataset, session } = await storedSample();
		const queries = Array.from({ length: ANSWERS_PER_DATASET + 2 }, (_, i) => lifecycleQuery(withDefaults({ funnelWindow: i + 1 }), { model: leadLifecycle, filter: {} }));
		for (const [i, query] of queries.entries()) await keepAnswer(db, dataset.id, answerKey(query, BUILD), session.lifecycle(query), 1000 + i);
		expect(await db.answers.count()).toBe(ANSWERS_PER_DATASET);
		expect(await readAnswer(db, dataset.id, answerKey(queries[0], BUILD))).toBeUndefined();
		expect(await readAnswer(db, dataset.id, answerKey(queries[1], BUILD))).toBeUndefined();
		const newest = queries.at(-1)!;
		expect(await readAnswer(db, dataset.id, answerKey(newest, BUILD))).toEqual(session.lifecycle(newest));
	});
});

describe("a link's stored answers read from the page's first script (store/early-answers.ts, plain IndexedDB)", () => {
	it('reads every answer kept for the dataset the reference means, by its key, and nothing of another dataset', async () => {
		const { dataset, session, result } = await storedSample();
		const other = await importText(sampleText.split('\n').slice(0, 2001).join('\n'), 'first-2000.csv');
		const strict = lifecycleQuery(withDefaults({ funnelMode: 'strict' }), { model: leadLifecycle, filter: {} });
		await keepAnswer(db, dataset.id, answerKey(plain, BUILD), result);
		await keepAnswer(db, dataset.id, answerKey(strict, BUILD), session.lifecycle(strict));
		const otherAnswer = new EngineSession(tableFromSortedColumns((await readColumns(db, other.id)).columns)).lifecycle(plain);
		await keepAnswer(db, other.id, answerKey(plain, BUILD), otherAnswer);
		expect(otherAnswer.funnel.customers).toBeLessThan(result.funnel.customers);

		for (const ref of [datasetRef(dataset), dataset.id]) {
			const early = await readEarlyAnswers(ref, factory);
			expect(early?.datasetId).toBe(dataset.id);
			// The record the dashboard is shown from, as its own listing (Dexie) reads it.
			expect(early!.dataset).toEqual(await db.datasets.get(dataset.id));
			expect(early!.dataset.rowCount).toBe(dataset.rowCount);
			expect([...early!.answers.keys()].sort()).toEqual([answerKey(plain, BUILD), answerKey(strict, BUILD)].sort());
			expect(early!.answers.get(answerKey(plain, BUILD))).toEqual(result);
			expect(early!.answers.get(answerKey(strict, BUILD))).toEqual(session.lifecycle(strict));
		}
		const early = await readEarlyAnswers(datasetRef(other), factory);
		expect(early?.datasetId).toBe(other.id);
		expect(early!.dataset).toEqual(await db.datasets.get(other.id));
		expect(early!.answers.get(answerKey(plain, BUILD))).toEqual(otherAnswer);
		expect(await readEarlyAnswers('0123456789ab', factory)).toBeNull();
		// Its connection is closed once read, so that it never blocks the site's own upgrades.
		const connections: IDBDatabase[] = [];
		const watched = {
			open: (name: string) => {
				const opening = factory.open(name);
				opening.addEventListener('success', () => connections.push(opening.result));
				return opening;
			}
		} as IDBFactory;
		expect((await readEarlyAnswers(dataset.id, watched))?.datasetId).toBe(dataset.id);
		expect(connections).toHaveLength(1);
		expect(() => connections[0].transaction('datasets')).toThrow(/closed|InvalidState/i);
	});

	it('finds nothing where there is no database, and does not create one', async () => {
		factory = new IDBFactory();
		expect(await readEarlyAnswers('0123456789ab', factory)).toBeNull();
		expect(await factory.databases()).toEqual([]);
		// The site then creates its database as usual.
		db = openDatabase({ indexedDB: factory, IDBKeyRange });
		await db.open();
		expect(db.verno).toBe(5);
	});

	it('finds nothing in a database from before stored answers', async () => {
		factory = new IDBFactory();
		await new Promise<void>((done) => {
			const opening = factory.open(DATABASE_NAME, 10);
			opening.onupgradeneeded = () => opening.result.createObjectStore('datasets', { keyPath: 'id' }).createIndex('status', 'status');
			opening.onsuccess = () => {
				opening.result.close();
				done();
			};
		});
		expect(await readEarlyAnswers('0123456789ab', factory)).toBeNull();
	});
});
