/**
 * What the engine worker answers: each analysis forwarded to the engine session of its dataset. Loading is passed
 * in, so this runs in Node as it does in the worker (engine.worker.ts adds storage and the message channel).
 */
import { EngineSession, earlyFunnel, readsOnlyClassification, type FunnelAnswer } from '../engine/session';
import type { StageCounts } from '../engine/reach';
import type { Classification } from '../engine/classify';
import type { LifecycleModel } from '../engine/model';
import { CompareSession } from '../engine/compare-session';
import type { CompareSelection } from '../engine/compare';
import type { BaseQuery, CompareQuery, DrillDownQuery, LifecycleQuery, ValueQuery } from '../engine/queries';
import { valueAnswer } from '../engine/value-report';
import type { Selection } from '../engine/customers';
import type { DatasetShape } from '../engine/recommend-model';
import type { EventTable } from '../engine/table';
import { isEmptyFilter } from '../engine/filter';
import { oneAtATime } from './one-at-a-time';

/** The session's methods that take one query and answer one result object. */
type Analysis =
	| 'lifecycle'
	| 'lifecycleFunnel'
	| 'keyFigures'
	| 'breakdown'
	| 'conversionOverTime'
	| 'conversionTime'
	| 'drivers'
	| 'paths'
	| 'transitions'
	| 'journey'
	| 'retention'
	| 'trend'
	| 'value'
	| 'retentionBySegment'
	| 'trendBySegment'
	| 'valueBySegment';

/**
 * A dataset's table loading in steps, each the same table with more columns: `times` answers the trend unfiltered
 * (`answerableFromTimes`), `first` what needs no attribute and no customer id (`answerableFirst`); `complete` has
 * them too. A table loaded in one step is all at once.
 */
export interface TableLoad {
	times?: Promise<EventTable>;
	first: Promise<EventTable>;
	complete: Promise<EventTable>;
}

/** What the first chart waits for: asked, it goes ahead of the queries waiting (one-at-a-time.ts). */
const FIRST: ReadonlySet<string> = new Set(['recommendModel', 'lifecycleFunnel', 'firstFunnel']);

/** The analyses a table's first columns answer (the runs, time, event, value: store/datasets.ts, readColumnsInTwo). */
const FIRST_COLUMNS_ANSWER: ReadonlySet<string> = new Set(['lifecycle', 'lifecycleFunnel', 'keyFigures', 'conversionOverTime', 'conversionTime', 'paths', 'retention', 'trend']);

/** Whether a query can be answered from a table's runs and times alone: the trend, unfiltered and not broken down. */
export function answerableFromTimes(analysis: string, query: Partial<BaseQuery> & { breakdown?: unknown }): boolean {
	return analysis === 'trend' && !query.breakdown && (!query.filter || isEmptyFilter(query.filter));
}

/**
 * Whether a query can be answered from a table's first columns: an analysis of those, without a breakdown, a filter
 * on an attribute or a model rule on one (those read the attributes); nothing it answers names a customer.
 */
export function answerableFirst(analysis: string, query: Partial<BaseQuery> & { breakdown?: unknown }): boolean {
	if (!FIRST_COLUMNS_ANSWER.has(analysis) || query.breakdown || query.filter?.attributes?.length) return false;
	return !query.model?.stages.some((stage) => stage.enter.some((rule) => rule.kind === 'event' && rule.where));
}

/**
 * Where a dataset's classifications are kept between visits (store/classifications.ts, in the engine worker): read on
 * a cold start instead of classifying, written once a session has classified, after its answer has gone out.
 */
export interface ClassificationStore {
	/** The classification stored for this dataset, model and as-of date, checked against the dataset; undefined: none. */
	read(datasetId: string, model: LifecycleModel, asOf: number | undefined): Promise<Classification | undefined>;
	write(datasetId: string, model: LifecycleModel, classification: Classification): Promise<void>;
}

/** How long after its answer a classification's write waits: the dashboard's other first queries come first. */
export const CLASSIFICATION_WRITE_DELAY_MS = 1000;

/** The analyses that classify under the query's model (retention only with a stage cohort). */
function classifies(analysis: string, query: Partial<BaseQuery> & { cohortStage?: number }): boolean {
	if (!query.model) return false;
	if (analysis === 'retention' || analysis === 'retentionBySegment') return (query.cohortStage ?? -1) >= 0 && query.cohortStage! < query.model.stages.length;
	return CLASSIFYING.has(analysis);
}
const CLASSIFYING: ReadonlySet<string> = new Set(['lifecycle', 'lifecycleFunnel', 'keyFigures', 'breakdown', 'conversionOverTime', 'conversionTime', 'drivers', 'paths', 'journey', 'customers']);

/** The session's key of a classification (session.ts): the model's stages and progression, the query's as-of date. */
const heldKey = (model: LifecycleModel, asOf: number | undefined) => JSON.stringify([model.stages, model.progression, asOf ?? null]);
/** A stored classification asked for already in this load. */
const NOT_AGAIN: Promise<Classification | undefined> = Promise.resolve(undefined);

export function engineApi(loadTable: (datasetId: string) => TableLoad | Promise<EventTable>, store?: ClassificationStore) {
	/** A dataset's session as soon as its first columns are read, and once its table is complete. */
	type Loaded = {
		datasetId: string;
		/** The session as soon as the runs and times are read (the same session as `session`'s, with less of its table). */
		times: Promise<EngineSession>;
		session: Promise<EngineSession>;
		complete: Promise<EngineSession>;
		/** Stored classifications asked for, by the session's key: each is asked once per load. */
		stored: Map<string, Promise<Classification | undefined>>;
		/** The session once its first columns are in. */
		ready?: EngineSession;
		/** A cold start's funnel answered from a stored classification before the table was read, for the session to keep. */
		early?: { query: LifecycleQuery; classification: Classification; answer: FunnelAnswer; counts: StageCounts | null };
	};
	/** One dataset in memory at a time: the one being looked at. */
	let loaded: Loaded | null = null;
	/** Or, while two exports are compared, those two (and nothing else). */
	let compared: { a: Loaded; b: Loaded; session: Promise<CompareSession> } | null = null;

	/** A session whose classifications are stored (once each: the session tells each once), a moment after the answer. */
	function newSession(datasetId: string, table: EventTable): EngineSession {
		const onClassified = (model: LifecycleModel, classification: Classification) => {
			if (store) setTimeout(() => void store.write(datasetId, model, classification).catch(() => undefined), CLASSIFICATION_WRITE_DELAY_MS);
		};
		return new EngineSession(table, { onClassified });
	}

	/**
	 * Loads a dataset; once `after` settles, when given: a cold start's stored classification read (coldStored). Both
	 * read IndexedDB, and side by side the classification, which the first funnel waits for, came later (at 1M the
	 * cold funnel took 221 ms so, 187 with the columns after; a first visit's lookup, which finds nothing, costs about
	 * what asking whether a key exists would: bench/README.md).
	 */
	function load(datasetId: string, after?: Promise<unknown>): Loaded {
		const partial = { datasetId, stored: new Map<string, Promise<Classification | undefined>>() };
		const read = (): Promise<TableLoad | EventTable> => Promise.resolve(loadTable(datasetId));
		const loading = after ? after.then(read) : read();
		const times = loading.then((table) => ('complete' in table ? (table.times ?? table.first) : table));
		const first = loading.then((table) => ('complete' in table ? table.first : table));
		const complete = loading.then((table) => ('complete' in table ? table.complete : table));
		const early = times.then((table) => newSession(datasetId, table));
		const session = Promise.all([early, first]).then(([s]) => s);
		const entry: Loaded = { ...partial, times: early, session, complete: Promise.all([session, complete]).then(([s]) => s) };
		session.then((s) => (entry.ready = s)).catch(() => undefined);
		// A failed load must not stay cached: the next call tries again.
		entry.complete.catch(() => {
			if (loaded === entry) loaded = null;
			if (compared?.a === entry || compared?.b === entry) compared = null;
		});
		return entry;
	}

	function loadedOf(datasetId: string): Loaded {
		if (loaded?.datasetId !== datasetId) {
			// A dataset of the last comparison is in memory already; the comparison lets go of the other.
			loaded = [compared?.a, compared?.b].find((l) => l?.datasetId === datasetId) ?? load(datasetId);
			compared = null;
		}
		return loaded;
	}

	/** The dataset's session with its table complete. */
	const sessionOf = (datasetId: string): Promise<EngineSession> => loadedOf(datasetId).complete;

	/**
	 * The dataset's session as soon as it can answer this query: before the attributes are read when it needs none;
	 * holding the query's classification when the store kept one that fits (asked while the table loads, once per load).
	 */
	async function sessionFor(datasetId: string, analysis: string, query: Partial<BaseQuery>): Promise<EngineSession> {
		const entry = loadedOf(datasetId);
		const session = answerableFromTimes(analysis, query) ? entry.times : answerableFirst(analysis, query) ? entry.session : entry.complete;
		const { model, asOf } = query;
		if (!store || !model || !classifies(analysis, query) || entry.ready?.holdsClassification(model, asOf)) return session;
		const [ready, stored] = await Promise.all([session, storedFor(entry, model, asOf)]);
		if (stored && !ready.holdsClassification(model, asOf) && ready.adoptClassification(model, asOf, stored) && entry.early?.classification === stored)
			ready.keepFunnel(entry.early.query, stored, entry.early.answer, entry.early.counts);
		return ready;
	}

	/** The store's classification for a model and date, asked once per load (then let go: the session holds it). */
	async function storedFor(entry: Loaded, model: LifecycleModel, asOf: number | undefined): Promise<Classification | undefined> {
		const key = heldKey(model, asOf);
		const asked = entry.stored.get(key);
		if (asked === NOT_AGAIN) return undefined;
		entry.stored.set(key, NOT_AGAIN);
		return asked ?? store!.read(entry.datasetId, model, asOf).catch(() => undefined);
	}

	/**
	 * A cold start's stored classification, when nothing of the dataset is loaded and the query's funnel reads nothing
	 * else (./session earlyFunnel): read before the columns, so a second visit's first funnel waits for neither the
	 * columns nor classify. Null when that does not apply.
	 */
	function coldStored(datasetId: string, query: LifecycleQuery): { loaded: Loaded; stored: Promise<Classification | undefined> } | null {
		const held = [loaded, compared?.a, compared?.b].some((l) => l?.datasetId === datasetId);
		if (!store || held || !readsOnlyClassification(query)) return null;
		const stored = store.read(datasetId, query.model, query.asOf).catch(() => undefined);
		loaded = load(datasetId, stored);
		compared = null;
		loaded.stored.set(heldKey(query.model, query.asOf), stored);
		return { loaded, stored };
	}

	/** The lifecycle query's funnel: from a stored classification on a cold start, before the columns are read. */
	async function funnelAnswer(datasetId: string, query: LifecycleQuery): Promise<FunnelAnswer> {
		const entry = coldStored(datasetId, query);
		const stored = await entry?.stored;
		const early = stored ? earlyFunnel(stored, query) : null;
		if (early) {
			entry!.loaded.early = { query, classification: stored!, ...early };
			return early.answer;
		}
		return (await sessionFor(datasetId, 'lifecycleFunnel', query)).lifecycleFunnel(query);
	}

	function compareSessionOf(datasetA: string, datasetB: string): Promise<CompareSession> {
		if (compared?.a.datasetId !== datasetA || compared.b.datasetId !== datasetB) {
			const held = [loaded, compared?.a, compared?.b];
			const reuse = (datasetId: string) => held.find((l) => l?.datasetId === datasetId) ?? load(datasetId);
			const a = reuse(datasetA);
			const b = datasetB === datasetA ? a : reuse(datasetB);
			const session = Promise.all([a.complete, b.complete]).then(([sa, sb]) => new CompareSession(sa, sb));
			compared = { a, b, session };
			loaded = null;
		}
		return compared.session;
	}

	const forward =
		<A extends Analysis>(analysis: A) =>
		async (datasetId: string, query: Parameters<EngineSession[A]>[0]): Promise<ReturnType<EngineSession[A]>> =>
			// Each analysis's own query type goes with it; TypeScript cannot follow that through the generic key.
			(await sessionFor(datasetId, analysis, query as Partial<BaseQuery>))[analysis](query as never) as ReturnType<EngineSession[A]>;

	// Analyses run one at a time, in the order asked: the first chart's answer goes out before the others compute.
	// The model to open on and the first funnel go ahead of what waits: after an import, the key figures (mounted
	// above the views, so asked first) were computed before the funnel's bars (bench/README.md, "The import's wall clock").
	const analyses = oneAtATime({
		lifecycle: forward('lifecycle'),
		/** The lifecycle query's funnel alone, the first chart's answer: asked before `lifecycle`, which then reuses it. */
		lifecycleFunnel: funnelAnswer,
		keyFigures: forward('keyFigures'),
		breakdown: forward('breakdown'),
		conversionOverTime: forward('conversionOverTime'),
		conversionTime: forward('conversionTime'),
		drivers: forward('drivers'),
		paths: forward('paths'),
		transitions: forward('transitions'),
		journey: forward('journey'),
		retention: forward('retention'),
		trend: forward('trend'),
		value: async (datasetId: string, query: ValueQuery) => valueAnswer(await forward('value')(datasetId, query)),
		retentionBySegment: forward('retentionBySegment'),
		trendBySegment: forward('trendBySegment'),
		valueBySegment: forward('valueBySegment'),
		/** The customers behind a mark of a chart, up to 100,000 rows. */
		customers: async (datasetId: string, query: DrillDownQuery, selection: Selection) => (await sessionOf(datasetId)).customers(query, selection),
		describe: async (datasetId: string) => (await sessionOf(datasetId)).describe(),
		/** Two exports compared (engine/compare.ts): the categories' counts and the A-to-B Sankey. */
		compare: async (datasetA: string, datasetB: string, query: CompareQuery) => (await compareSessionOf(datasetA, datasetB)).compare(query),
		/** The customers behind a category, a node or a link of a comparison: all of them, or the first `limit`. */
		comparedCustomers: async (datasetA: string, datasetB: string, query: CompareQuery, selection: CompareSelection, limit?: number) =>
			(await compareSessionOf(datasetA, datasetB)).customers(query, selection, limit),
		/**
		 * A link's first funnel (the funnel alone: its stage table and status counts come with the page's own
		 * lifecycle query), asked before the page knows the dataset's id (the worker looks the link's reference up): in
		 * turn from the moment it is asked, so that the page's own queries come after it. Null when no dataset answers
		 * to the reference.
		 */
		firstFunnel: async (datasetId: Promise<string | undefined>, query: LifecycleQuery) => {
			const id = await datasetId;
			return id === undefined ? null : { datasetId: id, result: await funnelAnswer(id, query) };
		},
		/** The model to open on when the link names none. */
		recommendModel: async (datasetId: string, shape?: DatasetShape) => (await sessionOf(datasetId)).recommendModel(shape)
	}, FIRST);

	return {
		...analyses,

		/** The pickers can wait: the charts asked for with the same load go first. */
		async describe(datasetId: string) {
			await new Promise((resume) => setTimeout(resume, 0));
			return analyses.describe(datasetId);
		},

		/** Starts loading a dataset, so that the first query finds it loading or loaded. */
		preload(datasetId: string) {
			sessionOf(datasetId).catch(() => undefined);
		},

		/**
		 * A dataset just imported, as the import worker read it, handed over while it is stored: its first queries need
		 * not read it back. The model to open on (`shape`: the record's) is worked out in the next task, before the page
		 * asks for it: the import's write is still going on, on the other core.
		 */
		adopt(datasetId: string, table: EventTable, shape?: DatasetShape) {
			const ready = newSession(datasetId, table);
			const session = Promise.resolve(ready);
			loaded = { datasetId, stored: new Map(), times: session, session, complete: session, ready };
			compared = null;
			setTimeout(() => loaded?.ready === ready && ready.recommendModel(shape), 0);
		},

		/** Lets go of a dataset's session. */
		forget(datasetId: string) {
			if (loaded?.datasetId === datasetId) loaded = null;
			if (compared?.a.datasetId === datasetId || compared?.b.datasetId === datasetId) compared = null;
		}
	};
}

export type EngineApi = ReturnType<typeof engineApi>;
