/**
 * The dashboard's first funnel, asked as the dashboard's script starts rather than once its views have mounted.
 * Opened in a new tab, the engine worker is already reading the linked dataset (src/hooks.client.ts); the query sent
 * here goes first in the worker's turn, ahead of the key figures and the rest, and is answered with the funnel alone
 * (what the first chart draws); the funnel view takes it (`funnelAnswer`) when its own first query is the same one,
 * and asks for the whole answer (stage table, status counts) after it. In every other case the view asks as usual.
 *
 * Meanwhile the answer the dashboard stored the last time it showed this very query on this dataset (store/answers.ts)
 * is taken from the dataset's stored answers, which the page's first script started reading (app/linked-answers.ts),
 * and drawn at once; the engine's own answer replaces it when it comes. Every funnel answer the engine gives
 * the view is stored, for the next reload.
 */
import { version } from '$app/environment';
import { withoutTimes } from '$lib/engine/funnel';
import type { FunnelAnswer, LifecycleResult } from '$lib/engine/session';
import type { LifecycleQuery } from '$lib/engine/queries';
import { templateById, type LifecycleModel } from '$lib/engine/model';
import { decodeModel } from '$lib/state/model-codec';
import { lifecycleQuery } from '$lib/state/queries';
import { decodeState, endOfDay, filterOf, type DashboardState } from '$lib/state/url';
import { withDefaults } from '$lib/state/view-options';
import { answerKey, isWhole, keepAnswer, type StoredAnswer } from '$lib/store/answers';
import { engineWorker } from '$lib/worker/clients';
import { database } from './client';
import { linkedAnswers, noStoredChart, storedChartDrawn } from './linked-answers';
import { isSessionDataset } from './session';

type FirstAnswer<R> = { datasetId: string; query: string; result: R };

/**
 * The last dashboard link's first query (as the view would send it; null when the link asks none) and the engine's
 * funnel for it, until the funnel view takes them.
 */
let started: { query: Promise<string | null>; answer: Promise<FirstAnswer<FunnelAnswer> | null> } | null = null;
/** The stored answer to the same query, until the funnel view takes it. */
let stored: Promise<FirstAnswer<StoredAnswer> | null> | null = null;
/** The state of the last dashboard link naming no model, until its first funnel is asked (`startFirstFunnel`). */
let modelToCome: DashboardState | null = null;

/**
 * Starts the engine worker on a dashboard link (`search`, its query string): the dataset's read, and its first
 * funnel where the link opens on the funnel and names its model (otherwise the page first asks which model fits),
 * with the read of that funnel's stored answer.
 */
export function startDashboard(search: string): void {
	const params = new URLSearchParams(search);
	const { state } = decodeState(params);
	const worker = engineWorker();
	const ref = state.dataset;
	started = stored = null;
	if (!ref) return;
	const namesModel = params.has('model') || params.has('m');
	modelToCome = namesModel ? null : state;
	const query = namesModel && state.view === 'funnel' ? firstQueryOf(state) : Promise.resolve(null);
	const answer = query.then(async (query) => {
		const first = query ? await worker.open(ref, query) : await worker.open(ref);
		return first && query && { ...first, query: JSON.stringify(query) };
	});
	// Only a head start: a failure here is met again, and said, by the page's own lookup and queries.
	started = { query: query.then((query) => query && JSON.stringify(query)).catch(() => null), answer: answer.catch(() => null) };
	stored = query.then((query) => query && storedAnswer(ref, query)).catch(() => null);
	// No stored first chart to draw (the link opens on another view, names no model, or nothing was stored for its query).
	void stored.then((answer) => answer || noStoredChart());
}

/**
 * The first funnel of a link naming no model, on the model the data fits (`model`), asked as soon as the dashboard
 * has it and before its views mount: the engine computes it while they do (after an import, the funnel was asked
 * only once the views had mounted: bench/README.md). The funnel view takes it as it takes a link's head start.
 */
export function startFirstFunnel(datasetId: string, model: LifecycleModel): void {
	const state = modelToCome;
	modelToCome = null;
	if (state?.view !== 'funnel') return;
	const query = queryOf(state, model);
	const asked = JSON.stringify(query);
	const answer = engineWorker()
		.lifecycleFunnel(datasetId, query)
		.then((result) => ({ datasetId, query: asked, result }))
		.catch(() => null);
	started = { query: Promise.resolve(asked), answer };
}

/** The answer stored for `query` on the dataset `ref` means, from the read the page's first script started. */
async function storedAnswer(ref: string, query: LifecycleQuery): Promise<FirstAnswer<StoredAnswer> | null> {
	const stored = await linkedAnswers(ref);
	const result = stored?.answers.get(answerKey(query, version));
	return stored && result ? { datasetId: stored.datasetId, query: JSON.stringify(query), result } : null;
}

/** How the funnel view asks the engine: for the funnel alone, and for the whole answer (funnel, stage table, status). */
export interface FunnelAsk {
	funnel(query: LifecycleQuery): Promise<FunnelAnswer>;
	whole(query: LifecycleQuery): Promise<LifecycleResult>;
}

/**
 * The funnel view's answer to `query`, the engine's whole answer. Before it, `early` gets what can be drawn sooner:
 * - the stored answer to this very query on this dataset (`stored` true), if there is one and it comes first; the
 *   engine's answer, identical by construction, is then that same object (a difference is logged as an error);
 * - else the engine's funnel alone (`stored` false): the head start's when it answered this very query on this
 *   dataset (taken once: a later query, a changed option, a retry, back and forward, asks), or, for the view's first
 *   answer (`funnelFirst`), asked here before the whole answer, which the worker then computes from the same funnel.
 *   Later answers come whole, so that the stage table below a drawn funnel is never taken away while one computes.
 * Every whole answer is stored for the next reload, and the engine's funnel alone as soon as it is drawn (a stored
 * funnel alone is drawn like a whole answer, then completed by the engine's, which replaces it in storage).
 */
export async function funnelAnswer(
	datasetId: string,
	query: LifecycleQuery,
	ask: FunnelAsk,
	early: (result: LifecycleResult | FunnelAnswer, stored: boolean) => void,
	funnelFirst = false
): Promise<LifecycleResult> {
	const [head, kept] = [started, stored];
	started = stored = null;
	const asked = JSON.stringify(query);
	const own = <R>(answer: FirstAnswer<R> | null) => (answer && answer.datasetId === datasetId && answer.query === asked ? answer.result : null);
	let answered = false;
	let funnelShown = false;
	let shown: StoredAnswer | null = null;
	if (!kept) noStoredChart();
	void kept?.then((answer) => {
		shown = answered || funnelShown ? null : own(answer);
		if (!shown) return noStoredChart();
		early(shown, true);
		storedChartDrawn();
	});
	// The engine's funnel replaces nothing: not a stored answer shown (the same funnel, with its stage table).
	const showFunnel = (answer: FunnelAnswer | null) => {
		if (!answer || answered || shown) return;
		funnelShown = true;
		early(answer, false);
		// Kept at once: a page closed before the whole answer comes (at 5M, seconds later) still leaves the next
		// reload its first chart.
		keep(datasetId, query, answer);
	};
	// The head start asked this very query before anything else: its funnel comes first in the worker's turn.
	// (A failure of the funnel alone is the whole answer's to report.)
	if (head && (await head.query) === asked) void head.answer.then((answer) => showFunnel(own(answer)));
	else if (funnelFirst) ask.funnel(query).then(showFunnel, () => {});
	const result = await ask.whole(query);
	answered = true;
	if (shown) {
		const same = sameAnswer(shown, result);
		// A whole stored answer is left as drawn; a stored funnel alone is completed (and kept whole) by the engine's.
		if (same && isWhole(shown)) return shown;
		if (!same) console.error('The stored first answer differed from the engine’s; the engine’s is shown and kept.');
	}
	keep(datasetId, query, result);
	return result;
}

/**
 * Whether a stored answer is the engine's `result`, or its first answer (the funnel alone, which may have left its times
 * to the whole: FunnelResult.timesToCome).
 */
function sameAnswer(stored: StoredAnswer, result: LifecycleResult): boolean {
	if (isWhole(stored)) return JSON.stringify(stored) === JSON.stringify(result);
	const funnel = stored.funnel.timesToCome ? withoutTimes(result.funnel) : result.funnel;
	return JSON.stringify(stored) === JSON.stringify({ asOf: result.asOf, funnel });
}

/** Stores an answer after the page has drawn it; a failure to store costs only the next reload's head start. */
function keep(datasetId: string, query: LifecycleQuery, result: StoredAnswer): void {
	if (isSessionDataset(datasetId)) return;
	setTimeout(() => void keepAnswer(database(), datasetId, answerKey(query, version), result).catch(() => {}), 0);
}

/** The first funnel's query, built from the link as the dashboard builds it (dashboard-link.svelte.ts, FunnelView). */
async function firstQueryOf(state: DashboardState): Promise<LifecycleQuery | null> {
	const decoded = state.customModel ? await decodeModel(state.customModel) : null;
	const model = decoded ? (decoded.ok ? decoded.model : null) : structuredClone(templateById(state.model)!);
	return model && queryOf(state, model);
}

/** The first funnel's query on `model`, with the link's options, date and filter. */
function queryOf(state: DashboardState, model: LifecycleModel): LifecycleQuery {
	const options = withDefaults(state.options);
	return lifecycleQuery(options, { model, asOf: state.asOf ? endOfDay(state.asOf) : undefined, filter: filterOf(options) });
}
