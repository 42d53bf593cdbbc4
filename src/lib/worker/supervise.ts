/**
 * A Comlink client that notices when its worker dies (an uncaught error, running out of memory): every call
 * still waiting is rejected with a plain message instead of hanging, and the next call starts a fresh worker.
 */
import * as Comlink from 'comlink';
import { problem, ProblemError } from '../base/problem';

/** What supervision needs of a worker: a Comlink endpoint that also reports errors and can be stopped. */
export type SupervisedWorker = Comlink.Endpoint & { terminate(): void };

/** The client: each call gets the running worker (or a fresh one); `stop` ends the worker now. */
export type Supervised<T> = (() => Comlink.Remote<T>) & {
	/** Terminates the worker (one stuck in a long task cannot hear a message): its waiting calls reject with `reason`. */
	stop(reason: Error): void;
	/** Calls made until `until` settles are posted then, in the order made (their arguments copied as made). */
	holdUntil(until: Promise<unknown>): void;
};

/**
 * `copy` is applied to each argument before it is posted: the workers' clients make Svelte state plain there, so
 * no caller has to.
 */
export function supervise<T>(create: () => SupervisedWorker, name: string, copy: (argument: unknown) => unknown = (argument) => argument): Supervised<T> {
	let current: { remote: Comlink.Remote<T>; crashed: Promise<never>; stop(reason: Error): void } | null = null;

	const start = () => {
		const worker = create();
		let fail: (error: Error) => void = () => {};
		const crashed = new Promise<never>((_, reject) => (fail = reject));
		crashed.catch(() => {}); // observed through the calls
		worker.addEventListener('error', (event) => {
			const detail = (event as ErrorEvent).message;
			const shown = detail ? ` (${detail})` : '';
			fail(
				new ProblemError(
					`The ${name} stopped unexpectedly${shown}, perhaps out of memory. Try again; nothing stored was changed.`,
					problem(name === 'import worker' ? 'worker.importCrashed' : 'worker.crashed', { worker: name, detail: shown })
				)
			);
			worker.terminate();
			if (current?.crashed === crashed) current = null;
		});
		const stop = (reason: Error) => {
			fail(reason);
			worker.terminate();
			if (current?.crashed === crashed) current = null;
		};
		return { remote: Comlink.wrap<T>(worker), crashed, stop };
	};

	let held: Promise<void> | null = null;
	const holdUntil = (until: Promise<unknown>) => {
		const gate = until.then(
			() => {},
			() => {}
		);
		held = gate;
		void gate.then(() => void (held === gate && (held = null)));
	};

	const running = () => (current ??= start());
	const client = () => {
		// A held worker is not even created until its first call is posted: its script would be compiled and run
		// on the other core while the page it waits for is still being drawn.
		if (!held) running();
		// Each method call goes to the worker running when it is posted (a fresh one after a crash), and races its death.
		return new Proxy({} as Comlink.Remote<T>, {
			get(_, property) {
				if (property === 'then') return undefined; // the client is not a promise
				return (...args: unknown[]) => {
					const copied = args.map(copy);
					const call = () => {
						const { remote, crashed } = running();
						const method = Reflect.get(remote, property) as (...a: unknown[]) => Promise<unknown>;
						return Promise.race([method(...copied), crashed]);
					};
					return held ? held.then(call) : call();
				};
			}
		});
	};
	return Object.assign(client, { stop: (reason: Error) => current?.stop(reason), holdUntil });
}
