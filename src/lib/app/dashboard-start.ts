/**
 * The dashboard's first funnel, asked as the dashboard's script starts rather than once its views have mounted.
 * Opened in a new tab, the engine worker is already reading the linked dataset (src/hooks.client.ts); the query sent
 * here goes first in the worker's turn, ahead of the key figures and the rest, and the funnel view takes its answer
 * (`firstFunnel`) when its own first query is the same one. In every other case the view asks as usual.
 */
import type { LifecycleResult } from '$lib/engine/session';
import type { LifecycleQuery } from '$lib/engine/queries';
import { templateById } from '$lib/engine/model';
import { decodeModel } from '$lib/state/model-codec';
import { lifecycleQuery } from '$lib/state/queries';
import { decodeState, endOfDay, filterOf, type DashboardState } from '$lib/state/url';
import { withDefaults } from '$lib/state/view-options';
import { engineWorker } from '$lib/worker/clients';

type FirstAnswer = { datasetId: string; query: string; result: LifecycleResult };

/** The answer to the last dashboard link's first funnel, until the funnel view takes it. */
let started: Promise<FirstAnswer | null> | null = null;

/**
 * Starts the engine worker on a dashboard link (`search`, its query string): the dataset's read, and its first
 * funnel where the link opens on the funnel and names its model (otherwise the page first asks which model fits).
 */
export function startDashboard(search: string): void {
	const params = new URLSearchParams(search);
	const { state } = decodeState(params);
	const worker = engineWorker();
	const ref = state.dataset;
	if (!ref) {
		started = null;
		return;
	}
	const answer =
		(params.has('model') || params.has('m')) && state.view === 'funnel'
			? firstQueryOf(state).then(async (query) => {
					const first = query ? await worker.open(ref, query) : await worker.open(ref);
					return first && query && { ...first, query: JSON.stringify(query) };
				})
			: worker.open(ref).then(() => null);
	// Only a head start: a failure here is met again, and said, by the page's own lookup and queries.
	started = answer.catch(() => null);
}

/**
 * The funnel view's answer: the head start's when it answered this very query on this dataset, else `ask`'s. The
 * head start's is taken once: a later query (a changed option, a retry, back and forward) asks.
 */
export async function firstFunnel(datasetId: string, query: LifecycleQuery, ask: (query: LifecycleQuery) => Promise<LifecycleResult>): Promise<LifecycleResult> {
	const early = started;
	started = null;
	const first = early && (await early);
	return first && first.datasetId === datasetId && first.query === JSON.stringify(query) ? first.result : ask(query);
}

/** The first funnel's query, built from the link as the dashboard builds it (dashboard-link.svelte.ts, FunnelView). */
async function firstQueryOf(state: DashboardState): Promise<LifecycleQuery | null> {
	const decoded = state.customModel ? await decodeModel(state.customModel) : null;
	const model = decoded ? (decoded.ok ? decoded.model : null) : structuredClone(templateById(state.model)!);
	if (!model) return null;
	const options = withDefaults(state.options);
	return lifecycleQuery(options, { model, asOf: state.asOf ? endOfDay(state.asOf) : undefined, filter: filterOf(options) });
}
