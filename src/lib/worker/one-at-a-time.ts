/**
 * Wraps async functions so that calls run one at a time, in the order they were made, across all of them; a call of
 * a function named in `first` goes ahead of the calls still waiting that are not (after those of `first` asked
 * before it), never ahead of the one running.
 *
 * Left to interleave at their awaits, every query waiting for the same dataset load would resume and compute in
 * turn before any answer went out: the first chart would wait for all of them. A call that fails does not hold
 * up the ones after it.
 */
export function oneAtATime<T extends Record<string, (...args: never[]) => Promise<unknown>>>(functions: T, first: ReadonlySet<string> = new Set()): T {
	const waiting: { first: boolean; waited: boolean; start(): void }[] = [];
	let running = false;
	const next = () => {
		const call = waiting[0];
		running = call !== undefined;
		if (!call) return;
		// In a worker, a call's message is read a task at a time, and a call computes in the task that reads it: a call
		// that may be passed waits for the messages already received first, so that one of `first` among them goes ahead.
		if (!call.first && !call.waited && first.size > 0) {
			call.waited = true;
			afterMessagesReceived(next);
			return;
		}
		waiting.shift();
		call.start();
	};
	const inTurn: Record<string, unknown> = {};
	for (const [name, run] of Object.entries(functions)) {
		const isFirst = first.has(name);
		inTurn[name] = (...args: never[]) =>
			new Promise((resolve, reject) => {
				const start = () => void Promise.resolve().then(() => run(...args)).then(resolve, reject).finally(next);
				const behind = isFirst ? waiting.findIndex((call) => !call.first) : -1;
				waiting.splice(behind < 0 ? waiting.length : behind, 0, { first: isFirst, waited: false, start });
				if (!running) next();
			});
	}
	return inTurn as T;
}

/** Runs `then` in a task behind the messages already received: a message of its own, sent now (not a timer, which may run first). */
function afterMessagesReceived(then: () => void): void {
	const { port1, port2 } = new MessageChannel();
	port1.onmessage = () => {
		port1.close();
		then();
	};
	port2.postMessage(null);
}
