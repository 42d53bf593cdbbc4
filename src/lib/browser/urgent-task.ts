/**
 * Runs `then` in a task of its own ahead of the page's ordinary tasks (0 ms timers, a closed menu's build) and, in
 * Chromium, of the next frame: `scheduler.postTask` at 'user-blocking' priority, or a 0 ms timer where there is no
 * scheduler. Returns a cancel function. For the steps between a dashboard's record and its first chart (the views'
 * mount, the funnel's first ask), each a task of its own so that none is long: with 0 ms timers a frame (the title row
 * laid out and painted alone) and the timers queued meanwhile came between them (bench/README.md, reload3).
 */
interface TaskScheduler {
	postTask(task: () => void, options: { priority: 'user-blocking'; signal: AbortSignal }): Promise<void>;
}

export function urgentTask(then: () => void): () => void {
	const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
	if (!scheduler) {
		const timer = setTimeout(then, 0);
		return () => clearTimeout(timer);
	}
	const cancel = new AbortController();
	// A cancelled task's promise rejects: nothing to report.
	scheduler.postTask(then, { priority: 'user-blocking', signal: cancel.signal }).catch(() => {});
	return () => cancel.abort();
}
