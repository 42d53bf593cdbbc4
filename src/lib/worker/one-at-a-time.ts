/**
 * Wraps async functions so that calls run one at a time, in the order they were made, across all of them.
 *
 * Left to interleave at their awaits, every query waiting for the same dataset load would resume and compute in
 * turn before any answer went out: the first chart would wait for all of them. A call that fails does not hold
 * up the ones after it.
 */
export function oneAtATime<T extends Record<string, (...args: never[]) => Promise<unknown>>>(functions: T): T {
	let previous: Promise<unknown> = Promise.resolve();
	const inTurn: Record<string, unknown> = {};
	for (const [name, run] of Object.entries(functions)) {
		inTurn[name] = (...args: never[]) => {
			const turn = previous.then(() => run(...args));
			previous = turn.catch(() => undefined);
			return turn;
		};
	}
	return inTurn as T;
}
