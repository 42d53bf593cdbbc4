/**
 * The engine worker's stored classifications (worker/engine-api.ts with a ClassificationStore, issue 26), in Node over
 * a store in memory that packs and unpacks as the worker's does: a first visit classifies and writes once per model
 * and date, after its answer; a second visit's cold funnel answers from the stored classification before the table is
 * read, and every answer is the one a session without a store gives; a classification that does not fit the table is
 * not used.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify, type Classification } from '../../src/lib/engine/classify';
import { leadLifecycle, templates, type LifecycleModel } from '../../src/lib/engine/model';
import { withoutTimes } from '../../src/lib/engine/funnel';
import { stageCounts, stageReach } from '../../src/lib/engine/reach';
import { EngineSession, earlyFunnel, funnelFromClassification } from '../../src/lib/engine/session';
import { packClassification, storedClassificationKey, unpackClassification, type StoredClassification } from '../../src/lib/engine/stored-classification';
import { timeRange, type EventTable } from '../../src/lib/engine/table';
import { CLASSIFICATION_WRITE_DELAY_MS, engineApi, type ClassificationStore } from '../../src/lib/worker/engine-api';
import { seededRandom } from '../../scripts/lib/random.mjs';
import { randomTable } from '../helpers/random-models';
import { day, tableOf } from '../helpers/tables';

// Counted, not changed: the early funnel's counts are the ones the stage table's reach reads.
vi.mock('../../src/lib/engine/reach', async (original) => {
	const actual = await original<typeof import('../../src/lib/engine/reach')>();
	return { ...actual, stageCounts: vi.fn(actual.stageCounts), stageReach: vi.fn(actual.stageReach) };
});

const table = tableOf([
	['a', day(1), 'lead'],
	['a', day(3), 'MQL'],
	['b', day(2), 'lead'],
	['c', day(4), 'page_view'],
	['c', day(6), 'purchase', 20]
]);
const funnelQuery = (model: LifecycleModel, asOf?: number) => ({ model, mode: 'cumulative' as const, windowDays: null, filter: {}, ...(asOf === undefined ? {} : { asOf }) });

/** A store in memory, keyed as the worker's (dataset, classifier version, model, resolved as-of), checked on reading as it is. */
function memoryStore(tables: Record<string, EventTable>) {
	const records = new Map<string, StoredClassification>();
	const writes: string[] = [];
	const reads: string[] = [];
	const resolve = (datasetId: string, asOf: number | undefined) => asOf ?? timeRange(tables[datasetId])!.max;
	const store: ClassificationStore = {
		async read(datasetId, model, asOf) {
			reads.push(datasetId);
			const stored = records.get(`${datasetId}\n${storedClassificationKey(model, resolve(datasetId, asOf))}`);
			return (stored && unpackClassification(stored, model, tables[datasetId].customerIds.length, resolve(datasetId, asOf))) ?? undefined;
		},
		async write(datasetId, model, classification) {
			writes.push(`${datasetId} ${model.id} ${classification.asOf}`);
			records.set(`${datasetId}\n${storedClassificationKey(model, classification.asOf)}`, packClassification(classification));
		}
	};
	return { store, records, writes, reads };
}

/** A load that waits until released: shows what answers before the table is read. */
function heldLoad(of: EventTable) {
	let release!: () => void;
	const released = new Promise<void>((done) => (release = done));
	const loads: string[] = [];
	const load = async (datasetId: string) => {
		loads.push(datasetId);
		await released;
		return of;
	};
	return { load, release, loads };
}

afterEach(() => vi.useRealTimers());

describe('stored classifications in the engine worker', () => {
	it('a first visit classifies and writes the classification once per model and date, after the answer', async () => {
		vi.useFakeTimers();
		const { store, writes } = memoryStore({ one: table });
		const api = engineApi(async () => table, store);
		const first = await api.lifecycleFunnel('one', funnelQuery(leadLifecycle));
		expect(first).toEqual(new EngineSession(table).lifecycleFunnel(funnelQuery(leadLifecycle)));
		await api.lifecycle('one', funnelQuery(leadLifecycle));
		await api.paths('one', { model: leadLifecycle, positions: 3, minShare: 0 });
		// Nothing written before the delay: the answers go first.
		expect(writes).toEqual([]);
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		expect(writes).toEqual([`one lead ${day(6)}`]);
		await api.lifecycle('one', funnelQuery(leadLifecycle, day(3)));
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		expect(writes).toEqual([`one lead ${day(6)}`, `one lead ${day(3)}`]);
	});

	it("the recommendation's trial classifications are not written; the recommended model's is, once a query uses it", async () => {
		vi.useFakeTimers();
		const { store, writes } = memoryStore({ one: table });
		const api = engineApi(async () => table, store);
		const recommended = await api.recommendModel('one');
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		expect(writes).toEqual([]);
		const model = recommended.kind === 'none' ? recommended.suggested : templates.find((t) => t.id === recommended.templateId)!;
		await api.lifecycleFunnel('one', funnelQuery(model));
		await api.lifecycle('one', funnelQuery(model));
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		expect(writes).toEqual([`one ${model.id} ${day(6)}`]);
	});

	it("a second visit's cold funnel answers from the stored classification before the table is read, and every answer after it is the same", async () => {
		vi.useFakeTimers();
		const { store, writes } = memoryStore({ one: table });
		const firstVisit = engineApi(async () => table, store);
		await firstVisit.lifecycleFunnel('one', funnelQuery(leadLifecycle));
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		expect(writes).toHaveLength(1);

		const { load, release, loads } = heldLoad(table);
		const secondVisit = engineApi(load, store);
		const answer = await secondVisit.lifecycleFunnel('one', funnelQuery(leadLifecycle));
		// The table's read has started (alongside the stored classification's) and has not ended.
		expect(loads).toEqual(['one']);
		const fresh = new EngineSession(table);
		expect(answer).toEqual(fresh.lifecycleFunnel(funnelQuery(leadLifecycle)));
		// Prospects a, b, c; leads a, b and c (a purchase reaches every stage before Customer); MQL a and c; SQL c.
		expect(answer.funnel.steps.slice(0, 4).map((s) => s.count)).toEqual([3, 3, 2, 1]);
		release();
		const whole = await secondVisit.lifecycle('one', funnelQuery(leadLifecycle));
		expect(whole).toEqual(fresh.lifecycle(funnelQuery(leadLifecycle)));
		// The early funnel left its times to the whole answer, which brings them on the same counts.
		expect(answer.funnel.timesToCome).toBe(true);
		expect(answer.funnel).toEqual(withoutTimes(whole.funnel));
		expect(await secondVisit.keyFigures('one', funnelQuery(leadLifecycle))).toEqual(fresh.keyFigures(funnelQuery(leadLifecycle)));
		await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
		// Read back, not written again.
		expect(writes).toHaveLength(1);
	});

	it("a cold funnel's read of the table waits for the store's read of the classification, which it would slow, and then starts whether one was found or not", async () => {
		const { store } = memoryStore({ one: table });
		for (const visit of ['first', 'second'] as const) {
			if (visit === 'second') {
				await store.write('one', leadLifecycle, classify(table, leadLifecycle));
				expect(await store.read('one', leadLifecycle, undefined)).toBeDefined();
			}
			let lookedUp!: () => void;
			const lookup = new Promise<void>((done) => (lookedUp = done));
			const slowStore: ClassificationStore = { ...store, read: async (...args) => (await lookup, store.read(...args)) };
			const { load, release, loads } = heldLoad(table);
			const api = engineApi(load, slowStore);
			const answer = api.lifecycleFunnel('one', funnelQuery(leadLifecycle));
			await new Promise((done) => setTimeout(done, 0));
			expect(loads, visit).toEqual([]);
			lookedUp();
			await vi.waitFor(() => expect(loads, visit).toEqual(['one']));
			release();
			expect(await answer).toEqual(new EngineSession(table).lifecycleFunnel(funnelQuery(leadLifecycle)));
		}
	});

	it('a session keeps an early funnel only over the classification it holds, and only for a query that reads nothing else', () => {
		const query = funnelQuery(leadLifecycle);
		const classification = classify(table, leadLifecycle);
		const early = funnelFromClassification(classification, query)!;
		const notHeld = new EngineSession(table);
		notHeld.keepFunnel(query, classification, early);
		expect(notHeld.lifecycleFunnel(query).funnel).not.toBe(early.funnel);
		const held = new EngineSession(table);
		expect(held.adoptClassification(leadLifecycle, undefined, classification)).toBe(true);
		held.keepFunnel(query, classification, early);
		expect(held.lifecycleFunnel(query).funnel).toBe(early.funnel);
		const filtered = { ...query, filter: { events: [{ event: 'purchase', did: true }] } };
		expect(held.lifecycle(filtered).funnel).toEqual(new EngineSession(table).lifecycle(filtered).funnel);
		expect(held.lifecycle(filtered).funnel.steps[0].count).toBe(1);
	});

	it("the whole lifecycle answer after a kept early funnel reads the early funnel's counts, not new ones, and times the stages once", () => {
		const query = funnelQuery(leadLifecycle);
		const classification = classify(table, leadLifecycle);
		const expected = funnelFromClassification(classification, query);
		const countCalls = vi.mocked(stageCounts).mock.calls;
		const reachCalls = vi.mocked(stageReach).mock.calls;
		const [countsBefore, reachBefore] = [countCalls.length, reachCalls.length];
		const early = earlyFunnel(classification, query)!;
		expect(early.counts).not.toBeNull();
		expect(early.answer).toEqual(expected);
		// The first answer counts, and leaves the times (the medians, most of a cold funnel's compute) to the whole.
		expect([countCalls.length - countsBefore, reachCalls.length - reachBefore]).toEqual([1, 0]);
		const held = new EngineSession(table);
		held.adoptClassification(leadLifecycle, undefined, classification);
		held.keepFunnel(query, classification, early.answer, early.counts);
		const whole = held.lifecycle(query);
		expect([countCalls.length - countsBefore, reachCalls.length - reachBefore]).toEqual([1, 1]);
		expect(reachCalls.at(-1)![2]).toBe(early.counts);
		expect(whole).toEqual(new EngineSession(table).lifecycle(query));
		expect(whole.funnel.steps.map((s) => s.count)).toEqual([3, 3, 2, 1, 1, 1, 0]);
	});

	it('a filtered first funnel waits for the table (the filter reads it) and uses the stored classification there', async () => {
		const { store, reads } = memoryStore({ one: table });
		await store.write('one', leadLifecycle, classify(table, leadLifecycle));
		const api = engineApi(async () => table, store);
		const query = { ...funnelQuery(leadLifecycle), filter: { events: [{ event: 'purchase', did: true }] } };
		expect(await api.lifecycleFunnel('one', query)).toEqual(new EngineSession(table).lifecycleFunnel(query));
		expect(reads).toEqual(['one']);
	});

	it('answers as a session without a store does, on a first and on a second visit, under every template, as-of date and analysis', async () => {
		const random = seededRandom(26);
		const tables = { r: randomTable(random) };
		const { store, records } = memoryStore(tables);
		const queriesOf = (model: LifecycleModel, asOf: number | undefined) => ({
			funnel: funnelQuery(model, asOf),
			paths: { model, asOf, positions: 4, minShare: 0 },
			retention: { model, asOf, period: 'month' as const, cohortStage: 1, returnEvent: null, mode: 'bounded' as const },
			overTime: { ...funnelQuery(model, asOf), period: 'month' as const }
		});
		const askSession = (s: EngineSession, model: LifecycleModel, asOf: number | undefined) => {
			const q = queriesOf(model, asOf);
			return [s.lifecycleFunnel(q.funnel), s.lifecycle(q.funnel), s.keyFigures(q.funnel), s.paths(q.paths), s.retention(q.retention), s.conversionOverTime(q.overTime)];
		};
		const ask = async (api: ReturnType<typeof engineApi>, model: LifecycleModel, asOf: number | undefined) => {
			const q = queriesOf(model, asOf);
			return [
				await api.lifecycleFunnel('r', q.funnel),
				await api.lifecycle('r', q.funnel),
				await api.keyFigures('r', q.funnel),
				await api.paths('r', q.paths),
				await api.retention('r', q.retention),
				await api.conversionOverTime('r', q.overTime)
			];
		};
		for (const model of templates)
			for (const asOf of [undefined, 200 * 86_400_000]) {
				const expected = askSession(new EngineSession(tables.r), model, asOf);
				vi.useFakeTimers();
				expect(await ask(engineApi(async () => tables.r, store), model, asOf), `first visit ${model.id} ${asOf}`).toEqual(expected);
				await vi.advanceTimersByTimeAsync(CLASSIFICATION_WRITE_DELAY_MS);
				vi.useRealTimers();
				expect(await ask(engineApi(async () => tables.r, store), model, asOf), `second visit ${model.id} ${asOf}`).toEqual(expected);
			}
		expect(records.size).toBe(templates.length * 2);
	});

	it("does not use a stored classification of another table's customers or another date", async () => {
		const other = tableOf([['x', day(1), 'lead']]);
		const wrong: Classification = classify(other, leadLifecycle);
		const store: ClassificationStore = { read: async () => wrong, write: async () => {} };
		const api = engineApi(async () => table, store);
		const fresh = new EngineSession(table);
		expect(await api.lifecycle('one', funnelQuery(leadLifecycle))).toEqual(fresh.lifecycle(funnelQuery(leadLifecycle)));
		const session = new EngineSession(table);
		expect(session.adoptClassification(leadLifecycle, undefined, wrong)).toBe(false);
		const shifted = { ...classify(table, leadLifecycle), asOf: day(5) };
		expect(session.adoptClassification(leadLifecycle, undefined, shifted)).toBe(false);
		expect(session.holdsClassification(leadLifecycle)).toBe(false);
		expect(session.adoptClassification(leadLifecycle, day(5), classify(table, leadLifecycle, { asOf: day(5) }))).toBe(true);
	});

	it('goes on without it when the store fails', async () => {
		const store: ClassificationStore = { read: async () => Promise.reject(new Error('storage gone')), write: async () => Promise.reject(new Error('storage gone')) };
		const api = engineApi(async () => table, store);
		expect(await api.lifecycleFunnel('one', funnelQuery(leadLifecycle))).toEqual(new EngineSession(table).lifecycleFunnel(funnelQuery(leadLifecycle)));
	});
});
