/**
 * The dashboard's first funnel, asked as the dashboard's script starts rather than once its views have mounted.
 * Opened in a new tab, the engine worker is already reading the linked dataset (src/hooks.client.ts); the query sent
 * here goes first in the worker's turn, ahead of the key figures and the rest, and the funnel view takes its answer
 * (`funnelAnswer`) when its own first query is the same one. In every other case the view asks as usual.
 *
 * Meanwhile the answer the dashboard stored the last time it showed this very query on this dataset (store/answers.ts)
 * is read, and drawn at once; the engine's own answer replaces it when it comes. Every funnel answer the engine gives
 * the view is stored, for the next reload.
 */
import { version } from '$app/environment';
import type { LifecycleResult } from '$lib/engine/session';
import type { LifecycleQuery } from '$lib/engine/queries';
import { templateById } from '$lib/engine/model';
import { decodeModel } from '$lib/state/model-codec';
import { lifecycleQuery } from '$lib/state/queries';
import { decodeState, endOfDay, filterOf, type DashboardState } from '$lib/state/url';
import { withDefaults } from '$lib/state/view-options';
import { answerKey, keepAnswer, readAnswer } from '$lib/store/answers';
import { engineWorker } from '$lib/worker/clients';
import { database, findDataset } from './client';
import { isSessionDataset } from './session';

type FirstAnswer = { datasetId: string; query: string; result: LifecycleResult };

/** The answer to the last dashboard link's first funnel, until the funnel view takes it. */
let started: Promise<FirstAnswer | null> | null = null;
/** The stored answer to the same query, until the funnel view takes it. */
let stored: Promise<FirstAnswer | null> | null = null;

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
	const query = (params.has('model') || params.has('m')) && state.view === 'funnel' ? firstQueryOf(state) : Promise.resolve(null);
	const answer = query.then(async (query) => {
		const first = query ? await worker.open(ref, query) : await worker.open(ref);
		return first && query && { ...first, query: JSON.stringify(query) };
	});
	// Only a head start: a failure here is met again, and said, by the page's own lookup and queries.
	started = answer.catch(() => null);
	stored = query.then((query) => query && storedAnswer(ref, query)).catch(() => null);
}

async function storedAnswer(ref: string, query: LifecycleQuery): Promise<FirstAnswer | null> {
	const dataset = await findDataset(ref);
	if (!dataset || isSessionDataset(dataset.id)) return null;
	const result = await readAnswer(database(), dataset.id, answerKey(query, version));
	return result ? { datasetId: dataset.id, query: JSON.stringify(query), result } : null;
}

/**
 * The funnel view's answer to `query`: the head start's when it answered this very query on this dataset, else
 * `ask`'s. The head start's is taken once: a later query (a changed option, a retry, back and forward) asks. Before
 * the engine answers, `early` gets the stored answer to this very query on this dataset, if there is one and it comes
 * first; the engine's answer, identical by construction, is then that same object (a difference is logged as an
 * error). Every answer is stored for the next reload.
 */
export async function funnelAnswer(
	datasetId: string,
	query: LifecycleQuery,
	ask: (query: LifecycleQuery) => Promise<LifecycleResult>,
	early: (result: LifecycleResult) => void
): Promise<LifecycleResult> {
	const [head, kept] = [started, stored];
	started = stored = null;
	const asked = JSON.stringify(query);
	const own = (answer: FirstAnswer | null) => (answer && answer.datasetId === datasetId && answer.query === asked ? answer.result : null);
	let answered = false;
	let shown: LifecycleResult | null = null;
	void kept?.then((answer) => {
		shown = answered ? null : own(answer);
		if (shown) early(shown);
	});
	const result = own(head && (await head)) ?? (await ask(query));
	answered = true;
	if (shown) {
		if (JSON.stringify(shown) === JSON.stringify(result)) return shown;
		console.error('The stored first answer differed from the engine’s; the engine’s is shown and kept.');
	}
	keep(datasetId, query, result);
	return result;
}

/** Stores an answer after the page has drawn it; a failure to store costs only the next reload's head start. */
function keep(datasetId: string, query: LifecycleQuery, result: LifecycleResult): void {
	if (isSessionDataset(datasetId)) return;
	setTimeout(() => void keepAnswer(database(), datasetId, answerKey(query, version), result).catch(() => {}), 0);
}

/** The first funnel's query, built from the link as the dashboard builds it (dashboard-link.svelte.ts, FunnelView). */
async function firstQueryOf(state: DashboardState): Promise<LifecycleQuery | null> {
	const decoded = state.customModel ? await decodeModel(state.customModel) : null;
	const model = decoded ? (decoded.ok ? decoded.model : null) : structuredClone(templateById(state.model)!);
	if (!model) return null;
	const options = withDefaults(state.options);
	return lifecycleQuery(options, { model, asOf: state.asOf ? endOfDay(state.asOf) : undefined, filter: filterOf(options) });
}
