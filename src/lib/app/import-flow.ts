/**
 * The page's side of an import, so that no component drives the import worker itself: reading a file's start (the
 * preview), knowing it (its hash), starting and stopping imports with a plan from the mapper or as detected (the
 * sample, a shared link's file), and fetching a link's public file.
 */
import type { SourceInfo } from '$lib/base/source-types';
import type { ImportPlan, ImportProgress } from '$lib/import/import-file';
import { storageAvailable } from '$lib/app/client';
import { holdInSession } from '$lib/app/session';
import { Comlink, engineWorker, importWorker } from '$lib/worker/clients';
import type { FetchProgress } from '$lib/worker/fetch-source';
import type { ImportOutcome } from '$lib/worker/import.worker';

/** Reads the start of a file in the import worker: its source settings, header, first rows and detected mapping. */
export function previewFile(file: File, chosen: Partial<SourceInfo> = {}, timeZone = 'UTC') {
	return importWorker().preview(file, chosen, timeZone);
}

let warmedUp = false;

/**
 * Has the import worker preview a few built-in lines, once, while the user looks for a file: the first file's preview
 * then runs compiled code. Only a head start: a failure is the real preview's to meet.
 */
export function warmUpPreview(): void {
	if (warmedUp) return;
	warmedUp = true;
	importWorker()
		.warmUp()
		.catch(() => {});
}

/** The file's SHA-256 (hashed since its preview: `hashTicket`) and the stored dataset of the same bytes, if any. */
export function identifyFile(file: File, hashTicket: string) {
	return importWorker().identify(file, hashTicket);
}

/** Downloads a link's public file in the import worker; the page only hears how far it got. */
export function fetchSourceFile(address: string, onProgress: (progress: FetchProgress) => void) {
	return importWorker().fetchSource(
		address,
		Comlink.proxy((p: FetchProgress) => {
			onProgress(p);
		})
	);
}

/** Asks the import worker to stop what it is doing (it checks between chunks). */
export function cancelImport(): Promise<void> {
	return importWorker().cancel();
}

/** Ends an import worker too busy to hear a cancel; its calls reject with `reason`. */
export function stopImportWorker(reason: Error): void {
	importWorker.stop(reason);
}

/**
 * Asks that stored datasets survive storage pressure; the browser may say no, which is fine. Not waited for: the
 * answer changes nothing the import does, and its round trip held the import's start up. Asked in the click's task.
 */
export function askPersistence(): void {
	void navigator.storage?.persist?.().catch(() => false);
}

/**
 * Imports into storage or, where the browser refuses storage, into the engine worker's memory for this session.
 * `hashTicket`: the preview's, whose hash of the file is then not computed again.
 */
export async function importPlanned(file: File, plan: ImportPlan, hashTicket: string | undefined, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
	// The callback returns nothing: Comlink sends a callback's return value back to the worker.
	const report = Comlink.proxy((p: ImportProgress) => {
		onProgress(p);
	});
	if (await storageAvailable()) return importWorker().importFile(file, plan, hashTicket, report, engineChannel());
	// The columns go from worker to worker over a channel of their own: the page never holds them.
	const channel = new MessageChannel();
	await engineWorker().receiveDatasets(Comlink.transfer(channel.port2, [channel.port2]));
	const outcome = await importWorker().importToMemory(file, plan, hashTicket, report, Comlink.transfer(channel.port1, [channel.port1]));
	if (outcome.ok) holdInSession(outcome.dataset, outcome.rejects ?? []);
	return outcome;
}

/**
 * The import worker's end of a channel to the engine worker, which starts while the file is read and is handed the
 * table once stored, so the dashboard's first chart does not wait for the worker's start or a read back. Not
 * awaited: the port keeps what is sent.
 */
function engineChannel(): MessagePort {
	const channel = new MessageChannel();
	engineWorker()
		.receiveDatasets(Comlink.transfer(channel.port2, [channel.port2]))
		.catch(() => undefined);
	return Comlink.transfer(channel.port1, [channel.port1]);
}

/** Adds a file's events to a stored dataset, replacing it in storage all or nothing (docs/compare.md). */
export async function appendPlanned(datasetId: string, file: File, plan: ImportPlan, hashTicket: string | undefined, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
	const report = Comlink.proxy((p: ImportProgress) => {
		onProgress(p);
	});
	return importWorker().appendFile(datasetId, file, plan, hashTicket, report, engineChannel());
}

/** Imports with the plan the preview detects; a file stored before (same bytes) is not imported again. */
export async function importAsDetected(file: File, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
	const preview = await importWorker().preview(file);
	if (!preview.ok) return { ok: false, cancelled: false, message: preview.message, problem: preview.problem };
	const { duplicate } = await importWorker().identify(file, preview.hashTicket);
	if (duplicate) return { ok: true, dataset: duplicate };
	const { source, header, mapping } = preview.preview;
	return importPlanned(file, { source, header, mapping }, preview.hashTicket, onProgress);
}
