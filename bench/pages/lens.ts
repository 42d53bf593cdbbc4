/**
 * The engine probe: asks the site's own engine worker (the same module the dashboard uses) for each analysis of a
 * dataset the site imported (same origin, same IndexedDB), cold in a fresh worker and then after filter changes.
 */
import * as Comlink from 'comlink';
import Dexie from 'dexie';
import type { EngineWorkerApi, SessionReceiver } from '../../src/lib/worker/engine.worker';
import { leadLifecycle } from '../../src/lib/engine/model';
import type { CustomerFilter } from '../../src/lib/engine/filter';
import type { RetentionResult } from '../../src/lib/engine/retention';
import { END, OTHER, type FlowResult } from '../../src/lib/engine/flows';
import type { TrendResult } from '../../src/lib/engine/trend';
import { classify } from '../../src/lib/engine/classify';
import { funnel } from '../../src/lib/engine/funnel';
import { stageTable } from '../../src/lib/engine/stage-table';
import { customerStatus } from '../../src/lib/engine/status';
import { DEFAULT_STATUS } from '../../src/lib/engine/model';
import { tableFromSortedColumns } from '../../src/lib/engine/table';
import { openDatabase } from '../../src/lib/store/db';
import { readColumns, readColumnsInTwo } from '../../src/lib/store/datasets';
import { classificationsOf } from '../../src/lib/store/classifications';
import { classificationStore } from '../../src/lib/worker/classification-store';
import { funnelFromClassification } from '../../src/lib/engine/session';
import { PATH_MIN_SHARE, PATH_POSITIONS, TREND_COUNTS, pathNode, timed, type BenchFilter, type Numbers } from './shared';

type Engine = Comlink.Remote<EngineWorkerApi>;

function freshEngine(): { engine: Engine; worker: Worker } {
	const worker = new Worker(new URL('../../src/lib/worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
	return { engine: Comlink.wrap<EngineWorkerApi>(worker), worker };
}

const filterOf = (f: BenchFilter | null): CustomerFilter | undefined => (f ? { attributes: [{ name: f.attribute, values: [f.value] }] } : undefined);

const lifecycleQuery = (f?: CustomerFilter) => ({ model: leadLifecycle, mode: 'cumulative' as const, windowDays: null, filter: f });

/**
 * The four analyses the dashboard's views ask for, with their default options. `funnel` is the funnel view's first
 * answer (the funnel alone, what the first chart draws and what DuckDB-WASM's funnel query counts); `lifecycle` its
 * whole answer (funnel, stage table, status counts), asked as the view asks it: the funnel first, then the whole.
 */
const analyses = {
	funnel: (e: Engine, id: string, f?: CustomerFilter) => e.lifecycleFunnel(id, lifecycleQuery(f)),
	lifecycle: (e: Engine, id: string, f?: CustomerFilter) => {
		void e.lifecycleFunnel(id, lifecycleQuery(f));
		return e.lifecycle(id, lifecycleQuery(f));
	},
	retention: (e: Engine, id: string, f?: CustomerFilter) => e.retention(id, { model: leadLifecycle, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', filter: f }),
	paths: (e: Engine, id: string, f?: CustomerFilter) => e.paths(id, { model: leadLifecycle, positions: PATH_POSITIONS, minShare: PATH_MIN_SHARE, filter: f }),
	trend: (e: Engine, id: string, f?: CustomerFilter) => e.trend(id, { model: leadLifecycle, period: 'month', filter: f })
};
export type Analysis = keyof typeof analyses;

function retentionNumbers(result: RetentionResult): Numbers['retention'] {
	return Object.fromEntries(result.cohorts.map((c) => [c.label, [c.size, ...c.counts.filter((n): n is number => n !== null)]]));
}

/** The engine's Sankey reduced to counts, nodes named as the baselines name them. */
function pathNumbers(result: FlowResult): Numbers['paths'] {
	const names = new Map(result.nodes.map((n) => [n.id, pathNode(n.position, n.stage === END ? 'end' : n.stage === OTHER ? 'other' : n.stage)]));
	return {
		customers: result.customers,
		nodes: Object.fromEntries(result.nodes.map((n) => [names.get(n.id)!, n.customers])),
		links: Object.fromEntries(result.links.map((l) => [`${names.get(l.source)}->${names.get(l.target)}`, l.customers]))
	};
}

function trendNumbers(result: TrendResult): Numbers['trend'] {
	return Object.fromEntries(result.periods.map((p) => [p.label, TREND_COUNTS.map((count) => p[count])]));
}

/** The numbers to compare with the baselines: unfiltered and with the first filter. */
async function numbers(id: string, filter: BenchFilter): Promise<Numbers[]> {
	const { engine, worker } = freshEngine();
	const out: Numbers[] = [];
	for (const f of [undefined, filterOf(filter)]) {
		const funnel = await analyses.funnel(engine, id, f);
		const retention = await analyses.retention(engine, id, f);
		const paths = await analyses.paths(engine, id, f);
		const trend = await analyses.trend(engine, id, f);
		out.push({ funnel: funnel.funnel.steps.map((s) => s.count), retention: retentionNumbers(retention), paths: pathNumbers(paths), trend: trendNumbers(trend) });
	}
	worker.terminate();
	return out;
}

/** The analyses whose first answer classifies (retention by first seen and the trend do not). */
const CLASSIFYING: ReadonlySet<string> = new Set(['funnel', 'lifecycle', 'paths']);

/** The dataset's stored classifications, deleted: the next cold start is a first visit's. */
async function forgetClassifications(id: string) {
	const db = openDatabase();
	await classificationsOf(db, id).delete();
	db.close();
}

/** Waits (10 s at most) until an engine worker has stored a classification of the dataset, written after its answer. */
async function classificationStored(id: string) {
	const db = openDatabase();
	for (let tries = 0; tries < 100 && (await classificationsOf(db, id).count()) === 0; tries++) await new Promise((resume) => setTimeout(resume, 100));
	db.close();
}

/**
 * How long a terminated worker holding a dataset is given to be torn down before the next is timed: 500 ms, and above
 * 2.5M events 0.2 ms per thousand events (its heap is about 30 bytes per event).
 */
async function teardownMs(id: string): Promise<number> {
	const db = openDatabase();
	const rows = (await db.datasets.get(id))?.rowCount ?? 0;
	db.close();
	return Math.max(500, rows / 5000);
}

/**
 * Lets a worker go as a page closed long ago would have: once it has read the whole dataset (after a first answer it
 * reads on, the attributes and customer ids), and a moment after it is terminated. The next fresh worker timed right
 * after one was terminated was slower: until 2026-12-02, 15:30 UTC, a second visit's trend and retention, which read
 * what a first visit reads, were timed 50-70 ms slower than the first visit (bench/README.md).
 */
async function retire({ engine, worker }: { engine: Engine; worker: Worker }, id: string, pauseMs: number) {
	await engine.describe(id);
	worker.terminate();
	await new Promise((resume) => setTimeout(resume, pauseMs));
}

/**
 * Each analysis cold in a fresh worker: a first visit's (`coldFirstVisitMs`: no stored classification; read storage,
 * decode, classify, compute), then a second visit's (`coldMs`: the classification the first stored, read instead of
 * classifying), and after each filter change in the second worker.
 */
async function latency(id: string, filters: BenchFilter[]) {
	const pauseMs = await teardownMs(id);
	const out: Record<string, { coldMs: number; coldFirstVisitMs: number; filteredMs: number[] }> = {};
	for (const [name, run] of Object.entries(analyses)) {
		await forgetClassifications(id);
		const firstVisit = freshEngine();
		const coldFirstVisit = await timed<unknown>(() => run(firstVisit.engine, id));
		if (CLASSIFYING.has(name)) await classificationStored(id);
		await retire(firstVisit, id, pauseMs);
		const secondVisit = freshEngine();
		const cold = await timed<unknown>(() => run(secondVisit.engine, id));
		// A filter is changed on a dashboard whose dataset has been read whole: at 10M the rest of the read (attributes
		// and ids) could still be going on after a cold answer, and the first filtered answer waited for it.
		if (filters.length > 0) await secondVisit.engine.describe(id);
		const filteredMs: number[] = [];
		for (const f of filters) filteredMs.push((await timed<unknown>(() => run(secondVisit.engine, id, filterOf(f)))).ms);
		out[name] = { coldMs: cold.ms, coldFirstVisitMs: coldFirstVisit.ms, filteredMs };
		await retire(secondVisit, id, pauseMs);
	}
	return out;
}

/**
 * Each analysis's first run in an engine worker that already holds the table in memory (the columns read here and
 * handed to a fresh worker, untimed): no storage read, no classification or other cache. What DuckDB-WASM's cold
 * figure is (its first run of the query, the table loaded), beside `latency`'s cold figure, which also reads storage in
 * a fresh worker. One fresh worker per analysis, as in `latency`. Handed over to hold, not adopted as after an import:
 * an adopted table has the worker work out the model to open on first, and the timed query waited 110-190 ms behind
 * that (until 2026-12-02, 12:00 UTC, this figure included it).
 */
async function inMemoryFirstRun(id: string): Promise<Record<string, number>> {
	const pauseMs = await teardownMs(id);
	const db = openDatabase();
	const { columns } = await readColumns(db, id);
	db.close();
	const out: Record<string, number> = {};
	for (const [name, run] of Object.entries(analyses)) {
		const fresh = freshEngine();
		const channel = new MessageChannel();
		await fresh.engine.receiveDatasets(Comlink.transfer(channel.port2, [channel.port2]));
		await Comlink.wrap<SessionReceiver>(channel.port1).hold(id, columns);
		out[name] = Math.round((await timed<unknown>(() => run(fresh.engine, id))).ms * 10) / 10;
		channel.port1.close();
		await retire(fresh, id, pauseMs);
	}
	return out;
}

/**
 * Answers each run once unfiltered (the dataset and classification in memory, as on the dashboard when the user
 * changes a filter), then times each after every filter change: the channel filter and "did purchase". Ms per filter.
 */
async function afterFilterChanges(runs: Record<string, (filter: CustomerFilter) => Promise<unknown>>, filters: BenchFilter[]) {
	for (const run of Object.values(runs)) await run({});
	const out: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((name) => [name, []]));
	for (const f of filters) {
		const filter: CustomerFilter = { attributes: [{ name: f.attribute, op: 'any', values: [f.value] }], events: [{ event: 'purchase', did: true }] };
		for (const [name, run] of Object.entries(runs)) out[name].push((await timed(() => run(filter))).ms);
	}
	return out;
}

/**
 * Issue 24's entry: each analysis with two filters (the channel, and did purchase) and a breakdown by country, after
 * a filter change, in one warm worker (the dataset and classification in memory, as on the dashboard). Budget: 150 ms.
 */
async function segmentedLatency(id: string, filters: BenchFilter[]) {
	const { engine, worker } = freshEngine();
	const breakdown = { attribute: 'country' };
	const base = { model: leadLifecycle };
	const segmented: Record<string, (f: CustomerFilter) => Promise<unknown>> = {
		funnel: (filter) => engine.breakdown(id, { ...base, filter, mode: 'cumulative', windowDays: null, ...breakdown }),
		retention: (filter) => engine.retentionBySegment(id, { ...base, filter, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', breakdown }),
		paths: (filter) => engine.paths(id, { ...base, filter, positions: PATH_POSITIONS, minShare: PATH_MIN_SHARE, breakdown }),
		trend: (filter) => engine.trendBySegment(id, { ...base, filter, period: 'month', breakdown }),
		value: (filter) => engine.valueBySegment(id, { ...base, filter, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown })
	};
	const out = await afterFilterChanges(segmented, filters);
	worker.terminate();
	return out;
}

/**
 * Issue 25's entry: the journey view after a filter change (the two filters of issue 24's entry), in one warm worker:
 * the five events after entering MQL, and the five before, with purchase as the goal and events under 1% folded.
 * Budget: 150 ms at 1M events.
 */
async function journeyLatency(id: string, filters: BenchFilter[]) {
	const { engine, worker } = freshEngine();
	const journey = { model: leadLifecycle, anchor: { stage: 'mql' }, steps: 5, minShare: 0.01, goal: { event: 'purchase' } };
	const journeys: Record<string, (filter: CustomerFilter) => Promise<unknown>> = {
		next: (filter) => engine.journey(id, { ...journey, direction: 'next', filter }),
		previous: (filter) => engine.journey(id, { ...journey, direction: 'previous', filter })
	};
	const out = await afterFilterChanges(journeys, filters);
	worker.terminate();
	return out;
}

/**
 * Issue 25's entry: "why did they convert?" for the MQL -> SQL step, with the same two filters, in one warm worker.
 * Budget: 150 ms at 1M events.
 */
async function driversLatency(id: string, filters: BenchFilter[]) {
	const { engine, worker } = freshEngine();
	const out = await afterFilterChanges({ sql: (filter) => engine.drivers(id, { model: leadLifecycle, mode: 'cumulative', windowDays: null, stage: 'sql', filter }) }, filters);
	worker.terminate();
	return out;
}

/**
 * The engine worker's memory with the dataset loaded and every analysis cached. measureUserAgentSpecificMemory
 * needs cross-origin isolation (the bench server sends COOP/COEP); null when the browser does not offer it.
 */
async function memory(id: string) {
	const { engine, worker } = freshEngine();
	for (const run of Object.values(analyses)) await run(engine, id);
	const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<MemoryResult> }).measureUserAgentSpecificMemory;
	let result: { method: string; workerBytes: number; totalBytes: number } | null = null;
	if (measure && crossOriginIsolated) {
		const m = await measure.call(performance);
		const workerBytes = m.breakdown
			.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope' && a.url.includes('engine')))
			.reduce((n, b) => n + b.bytes, 0);
		result = { method: 'performance.measureUserAgentSpecificMemory', workerBytes, totalBytes: m.bytes };
	}
	return { result, release: () => worker.terminate() };
}

interface MemoryResult {
	bytes: number;
	breakdown: { bytes: number; attribution: { url: string; scope: string }[]; types: string[] }[];
}

/**
 * Where a cold first funnel's time goes: the engine worker's steps, run here one by one on the probe page. The read:
 * `firstReadMs` until the first answers' columns are in, `readMs` until the attributes and customer ids are too. A
 * second visit's steps: `storedClassificationReadMs` (the stored classification read and unpacked, what the worker
 * reads before the columns) and `storedFunnelMs` (the funnel from it alone).
 */
async function coldBreakdown(id: string) {
	const db = openDatabase();
	// The engine worker's read: the first answers' columns, then the attributes and customer ids (readColumnsInTwo).
	const start = performance.now();
	const { first, rest } = readColumnsInTwo(db, id);
	const firstRead = await first;
	const firstReadMs = performance.now() - start;
	const read = { ms: 0, result: { columns: { ...firstRead.columns, ...(await rest) } } };
	read.ms = performance.now() - start;
	const table = await timed(() => tableFromSortedColumns(read.result.columns));
	const classification = await timed(() => classify(table.result, leadLifecycle));
	const status = await timed(() => customerStatus(table.result, classification.result, DEFAULT_STATUS));
	const funnelMs = (await timed(() => funnel(classification.result, leadLifecycle))).ms;
	const stagesMs = (await timed(() => stageTable(table.result, classification.result, leadLifecycle, status.result))).ms;
	// A second visit's funnel: the stored classification read and unpacked (kept first when none is), then the funnel from it alone.
	const store = classificationStore(async () => db);
	let stored = await timed(() => store.read(id, leadLifecycle, undefined));
	if (!stored.result) {
		await store.write(id, leadLifecycle, classification.result);
		stored = await timed(() => store.read(id, leadLifecycle, undefined));
	}
	const storedFunnelMs = (await timed(() => funnelFromClassification(stored.result!, lifecycleQuery()))).ms;
	db.close();
	const ms = (n: number) => Math.round(n);
	return {
		firstReadMs: ms(firstReadMs),
		readMs: ms(read.ms),
		indexMs: ms(table.ms),
		classifyMs: ms(classification.ms),
		statusMs: ms(status.ms),
		funnelMs: ms(funnelMs),
		stageTableMs: ms(stagesMs),
		storedClassificationReadMs: ms(stored.ms),
		storedFunnelMs: ms(storedFunnelMs)
	};
}

/**
 * The cold funnel from the engine worker's side: a fresh worker's start (module loaded, first message answered), then
 * the first lifecycle query (read storage, decode, classify, compute); and on this page the storage read's parts
 * (the dataset's record, its column chunks and their bytes, its dictionaries).
 */
async function coldSteps(id: string) {
	const { engine, worker } = freshEngine();
	const start = await timed(() => engine.forget(''));
	const first = await timed(() => analyses.funnel(engine, id));
	const second = await timed(() => analyses.funnel(engine, id));
	worker.terminate();
	const db = openDatabase();
	const open = await timed(() => db.datasets.get(id));
	const chunks = await timed(() => db.chunks.where('[datasetId+column+seq]').between([id, Dexie.minKey, Dexie.minKey], [id, Dexie.maxKey, Dexie.maxKey]).toArray());
	const dicts = await timed(() => db.dicts.where('[datasetId+column]').between([id, Dexie.minKey], [id, Dexie.maxKey]).toArray());
	db.close();
	const ms = (n: number) => Math.round(n);
	return { workerStartMs: ms(start.ms), firstFunnelMs: ms(first.ms), warmFunnelMs: ms(second.ms), recordMs: ms(open.ms), chunksMs: ms(chunks.ms), chunkCount: chunks.result.length, dictsMs: ms(dicts.ms), storedBytes: chunks.result.reduce((n, c) => n + c.buffer.byteLength, 0) };
}

let release: (() => void) | null = null;
Object.assign(window, {
	bench: {
		numbers,
		latency,
		inMemoryFirstRun,
		segmentedLatency,
		journeyLatency,
		driversLatency,
		coldBreakdown,
		coldSteps,
		/** Keeps the measured worker alive until `releaseMemory`, so the runner can also read it over CDP. */
		async memory(id: string) {
			const m = await memory(id);
			release = m.release;
			return m.result;
		},
		releaseMemory() {
			release?.();
			release = null;
		}
	}
});
