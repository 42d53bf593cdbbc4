/**
 * SvelteKit evaluates this module with its own start, before it loads the layout and the route: the first of our
 * scripts a page runs. A dashboard link opened in a new tab starts the engine worker here, reading the linked
 * dataset while SvelteKit boots and loads the dashboard; the dashboard's script then sends its first funnel query
 * (app/dashboard-start.ts), which the worker answers as soon as the read is done; and the answers stored for that
 * dataset are read (app/linked-answers.ts). Kept this small because every page runs it.
 */
import { startLinkedAnswers } from '$lib/app/linked-answers';
import { engineWorker } from '$lib/worker/clients';

const linked = /\/dashboard\/?$/.test(location.pathname) ? new URLSearchParams(location.search).get('ds') : null;
if (linked) {
	// The answers the dashboard stored for the linked dataset, read while SvelteKit boots: on a reload the funnel
	// view draws its own (the one stored under its query) as soon as it mounts.
	startLinkedAnswers(linked);
	// A head start only: the dashboard's own lookup says what is missing or failing.
	engineWorker().open(linked).catch(() => {});
}
