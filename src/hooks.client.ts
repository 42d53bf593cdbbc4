/**
 * SvelteKit evaluates this module with its own start, before it loads the layout and the route: the first of our
 * scripts a page runs. A dashboard link opened in a new tab reads the linked dataset's record and stored answers here
 * (app/linked-answers.ts: the dashboard is shown from them), and sends the engine worker its read of the whole
 * dataset, posted (and the worker created) once that small read is done and a stored first chart drawn; the
 * dashboard's script sends its first funnel query (app/dashboard-start.ts), which the worker answers as soon as its
 * read is done. Kept this small because every page runs it.
 */
import { engineReadMayStart, startLinkedAnswers } from '$lib/app/linked-answers';
import { loadLocaleDataOffThread } from '$lib/browser/locale-data';
import { engineWorker } from '$lib/worker/clients';

const linked = /\/dashboard\/?$/.test(location.pathname) ? new URLSearchParams(location.search).get('ds') : null;
if (linked) {
	// The dataset's record and the answers the dashboard stored for it, read while SvelteKit boots: on a reload the
	// dashboard is shown from the record and the funnel view draws its own answer as soon as it mounts.
	startLinkedAnswers(linked);
	// The dashboard's first number formats find the process's locale data loaded.
	loadLocaleDataOffThread();
	// The worker reads the dataset once that small read is done and the stored first chart, if any, is drawn: until
	// then every call to it waits, and the worker is not created, so that its scripts' compile and start leave the
	// other core to the page (app/linked-answers.ts, worker/supervise.ts). A head start only: the dashboard's own
	// lookup says what is missing or failing.
	engineWorker.holdUntil(engineReadMayStart(linked));
	void engineWorker()
		.open(linked)
		.catch(() => {});
}
