/** Typed Comlink clients of the workers, created on first use and shared by the page. */
import * as Comlink from 'comlink';
import type { EngineWorkerApi } from './engine.worker';
import type { ImportWorkerApi } from './import.worker';

let importClient: Comlink.Remote<ImportWorkerApi> | null = null;
let engineClient: Comlink.Remote<EngineWorkerApi> | null = null;

export function importWorker(): Comlink.Remote<ImportWorkerApi> {
	importClient ??= Comlink.wrap<ImportWorkerApi>(
		new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' })
	);
	return importClient;
}

export function engineWorker(): Comlink.Remote<EngineWorkerApi> {
	engineClient ??= Comlink.wrap<EngineWorkerApi>(
		new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' })
	);
	return engineClient;
}

export { Comlink };
