/**
 * Reads the second part of a file read in two parts (import/parts.ts) in a worker of its own, for one import: the
 * import worker reads the first part meanwhile, so the two use both cores. The worker is stopped when its part is
 * read, when the import is cancelled or no longer needs it, and fails the call if it dies (out of memory).
 */
import * as Comlink from 'comlink';
import type { ReadLaterPart } from '../import/parts';
import type { PartWorkerApi } from './part.worker';

export const readPartInWorker: ReadLaterPart = (part, onBytes, signal) =>
	new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module', name: 'import part' });
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
