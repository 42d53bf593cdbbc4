/**
 * Parts of a view built in the tasks after the one that mounts it or brings its first answer, a part per task. The
 * page's budget is no main-thread task over 50 ms; a dashboard that mounts its menus and options, or a view that draws
 * its chart, table, notes and the charts below in the task its answer arrives in, runs over it at a million events
 * (bench:profile), and the chart is what the reader looks at first. Once built, a part follows later answers at
 * once, so a chart and its table never disagree.
 */
import { urgentTask } from '$lib/browser/urgent-task';

// Kept here too, where the components have always found it; it knows nothing of Svelte.
export { afterNextPaint } from '$lib/browser/after-next-paint';

/**
 * How many tasks have passed since `source` first had a value (up to `turns`): part k is built once `passed >= k`.
 * `urgent`: each next task goes ahead of the page's timers and the next frame (browser/urgent-task.ts), for parts on
 * the way to a first chart.
 */
export function turnsSinceFirst(source: () => unknown, turns: number | (() => number), urgent = false): { readonly passed: number } {
	let passed = $state(0);
	$effect(() => {
		if (source() == null || passed >= (typeof turns === 'number' ? turns : turns())) return;
		if (urgent) return urgentTask(() => passed++);
		const timer = setTimeout(() => passed++, 0);
		return () => clearTimeout(timer);
	});
	return {
		get passed() {
			return passed;
		}
	};
}

/**
 * False in the task that mounts the component that calls it, true from the next: a part of it built a task later.
 * `urgent`: that task goes ahead of the page's timers (browser/urgent-task.ts).
 */
export function mountedLater(urgent = false): { readonly done: boolean } {
	let done = $state(false);
	$effect(() => {
		if (urgent) return urgentTask(() => (done = true));
		const timer = setTimeout(() => (done = true), 0);
		return () => clearTimeout(timer);
	});
	return {
		get done() {
			return done;
		}
	};
}
