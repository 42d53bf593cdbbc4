/**
 * Reads the second part of a file read in two parts (import/parts.ts) in a worker of its own, for one import: the
 * import worker reads the first part meanwhile, so the two use both cores. The worker is stopped when its part is
 * read, when the import is cancelled or no longer needs it, and fails the call if it dies (out of memory). It may be
 * started before the import (`warmPartWorker`).
 */
import * as Comlink from 'comlink';
import type { ReadLaterPart } from '../import/parts';
import type { PartWorkerApi } from './part.worker';

const startWorker = () => new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module', name: 'import part' });

/** A worker started ahead of the import that will need it. */
let spare: Worker | null = null;

/**
 * Starts the worker of the next import's second part now (the preview does, while the mapper is shown), so that its
 * module is fetched and compiled before the import begins: the two parts then start together.
 */
export function warmPartWorker(): void {
	if (spare) return;
	const worker = (spare = startWorker());
	// One that fails to start is dropped here: an import then starts its own, which reports the failure.
	worker.addEventListener('error', () => {
		if (spare !== worker) return;
		spare = null;
		worker.terminate();
	});
}

export const readPartInWorker: ReadLaterPart = (part, onBytes, signal) =>
	new Promise((resolve, reject) => {
		const worker = spare ?? startWorker();
		spare = null;
		const stop = (error: unknown) => {
			worker.terminate();
			reject(error);
		};
		if (signal.aborted) return stop(signal.reason);
		signal.addEventListener('abort', () => stop(signal.reason), { once: true });
		worker.addEventListener('error', (event) => stop(new Error(`the second part's worker failed: ${event.message}`)));
		Comlink.wrap<PartWorkerApi>(worker)
			.read(part, Comlink.proxy(onBytes))
			.then(resolve, reject)
			.finally(() => worker.terminate());
	});
