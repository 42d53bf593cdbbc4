/**
 * SvelteKit evaluates this module with its own start, before it loads the layout and the route: the first of our
 * scripts a page runs. A dashboard link opened in a new tab reads the linked dataset's record and stored answers here
 * (app/linked-answers.ts: the dashboard is shown from them), and starts the engine worker, which reads the whole
 * dataset once that small read is done, while SvelteKit boots and loads the dashboard; the dashboard's script then
 * sends its first funnel query (app/dashboard-start.ts), which the worker answers as soon as its read is done. Kept
 * this small because every page runs it.
 */
import { linkedReadDone, startLinkedAnswers } from '$lib/app/linked-answers';
import { engineWorker } from '$lib/worker/clients';

const linked = /\/dashboard\/?$/.test(location.pathname) ? new URLSearchParams(location.search).get('ds') : null;
if (linked) {
	// The dataset's record and the answers the dashboard stored for it, read while SvelteKit boots: on a reload the
	// dashboard is shown from the record and the funnel view draws its own answer as soon as it mounts.
	startLinkedAnswers(linked);
	// The worker is created now (its scripts load meanwhile) and reads the dataset once that small read is done.
	// A head start only: the dashboard's own lookup says what is missing or failing.
	const worker = engineWorker();
	void linkedReadDone(linked).then(() => worker.open(linked).catch(() => {}));
}
