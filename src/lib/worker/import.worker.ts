/// <reference lib="webworker" />
/** The import worker: streams a file, parses it and stores it, off the main thread. */
import * as Comlink from 'comlink';
import { importFile, newDatasetId, type ImportProgress } from '../import/import-file';
import { importLockName } from '../store/datasets';
import { openDatabase, type DatasetRecord } from '../store/db';

export type ImportOutcome =
	| { ok: true; dataset: DatasetRecord }
	| { ok: false; cancelled: boolean; message: string };

const db = openDatabase();
let running: AbortController | null = null;

const api = {
	async importFile(file: File, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
		const controller = new AbortController();
		running = controller;
		try {
			const id = newDatasetId();
			const signal = controller.signal;
			const run = () => importFile(db, file, { id, onProgress: throttle(onProgress), signal });
			const dataset = navigator.locks ? await navigator.locks.request(importLockName(id), run) : await run();
			return { ok: true, dataset };
		} catch (error) {
			const cancelled = controller.signal.aborted;
			return { ok: false, cancelled, message: cancelled ? 'Import cancelled; nothing was stored.' : messageOf(error) };
		} finally {
			if (running === controller) running = null;
		}
	},
	cancel() {
		running?.abort();
	}
};

/** Forwards a progress report only when it moved by a percent or changed phase: one message per row would flood the page. */
function throttle(report: (progress: ImportProgress) => void) {
	let last: ImportProgress | null = null;
	return (progress: ImportProgress) => {
		if (last && last.phase === progress.phase && progress.fraction - last.fraction < 0.01 && progress.fraction < 1) return;
		last = progress;
		report(progress);
	};
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

Comlink.expose(api);
export type ImportWorkerApi = typeof api;
