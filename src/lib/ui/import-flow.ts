/** Starting imports from the page: with a plan from the mapper, or as detected (the sample, a shared link's file). */
import type { ImportPlan, ImportProgress } from '$lib/import/import-file';
import { Comlink, importWorker } from '$lib/worker/clients';
import type { ImportOutcome } from '$lib/worker/import.worker';

/** Asks that stored datasets survive storage pressure; the browser may say no, which is fine. */
export async function askPersistence(): Promise<void> {
	await navigator.storage?.persist?.().catch(() => false);
}

export function importPlanned(file: File, plan: ImportPlan, sha256: string | undefined, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
	// The callback returns nothing: Comlink sends a callback's return value back to the worker.
	const report = (p: ImportProgress) => {
		onProgress(p);
	};
	return importWorker().importFile(file, plan, sha256, Comlink.proxy(report));
}

/** Imports with the plan the preview detects; a file stored before (same bytes) is not imported again. */
export async function importAsDetected(file: File, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
	const preview = await importWorker().preview(file);
	if (!preview.ok) return { ok: false, cancelled: false, message: preview.message };
	if (preview.duplicate) return { ok: true, dataset: preview.duplicate };
	const { source, header, mapping } = preview.preview;
	return importPlanned(file, { source, header, mapping }, preview.sha256, onProgress);
}
