/** Typed Comlink clients of the workers, created on first use, shared by the page, and restarted after a crash. */
import * as Comlink from 'comlink';
import type { EngineWorkerApi } from './engine.worker';
import type { ImportWorkerApi } from './import.worker';
import { plainCopy } from './plain-copy.svelte';
import { supervise } from './supervise';

/**
 * The two workers take the page's state as it is: each call's arguments are copied plain before they are posted
 * (a File, a MessagePort and a Comlink.proxy callback pass through as they are), so no caller snapshots.
 */
export const importWorker = supervise<ImportWorkerApi>(
	() => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' }),
	'import worker',
	plainCopy
);

export const engineWorker = supervise<EngineWorkerApi>(
	() => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }),
	'analysis worker',
	plainCopy
);

export { Comlink };
