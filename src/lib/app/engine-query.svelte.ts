/**
 * A result from the engine worker that follows the page's state: `query` reads the state it depends on (so Svelte
 * tracks it) and builds the query (state/queries.ts), or null when there is nothing to ask yet; `ask` sends it. The
 * call runs a little after the last change, so typing stays smooth, and a stale answer is never shown. `ask` may
 * give an answer to show before its own (`early`): a stored one, `provisional` while it is shown, or a first part of
 * its own (`provisional` false: the engine's, though not all of it yet).
 */
import { urgentTask } from '$lib/browser/urgent-task';
import { describeError } from '$lib/i18n/describe-problem';

export function engineQuery<Q, T>(query: () => Q | null, ask: (query: Q, early: (answer: T, stored?: boolean) => void) => Promise<T>, delayMs = 120) {
	let result = $state<T | null>(null);
	let provisional = $state(false);
	/** Whether an answer to the latest query is still to come (the result shown, if any, is an earlier one's). */
	let pending = $state(false);
	/** What went wrong, read when shown (so it follows a language switch). */
	let error = $state<(() => string) | null>(null);
	let attempt = $state(0);
	// The first call goes at once (nothing is being typed yet): it is what a reload waits for.
	let first = true;
	$effect(() => {
		void attempt; // asking again re-runs the call
		const built = query();
		if (built === null) return;
		// A plain copy, taken here: reading all of it (the model's every rule) is what makes a change ask again.
		const plain = $state.snapshot(built) as Q;
		let stale = false;
		pending = true;
		const call = async () => {
			let shown: T | null = null;
			try {
				const answer = await ask(plain, (early, stored = true) => {
					if (stale) return;
					result = shown = early;
					provisional = stored;
				});
				if (!stale) {
					// The same answer as the early one is left as drawn.
					if (answer !== shown) result = answer;
					provisional = false;
					pending = false;
					error = null;
				}
			} catch (e) {
				if (!stale) {
					error = () => describeError(e);
					provisional = false;
					pending = false;
				}
			}
		};
		// In a task ahead of the page's timers and the next frame (browser/urgent-task.ts); later calls after the delay.
		const timer = first ? undefined : setTimeout(call, delayMs);
		const cancelFirst = first ? urgentTask(call) : undefined;
		first = false;
		return () => {
			stale = true;
			clearTimeout(timer);
			cancelFirst?.();
		};
	});
	return {
		get result() {
			return result;
		},
		/** Whether the result shown is the early one, before `ask`'s own. */
		get provisional() {
			return provisional;
		},
		get pending() {
			return pending;
		},
		get error(): string | null {
			return error?.() ?? null;
		},
		/** Asks again (after a worker crash, say). */
		retry() {
			error = null;
			attempt++;
		}
	};
}
