/**
 * The record and stored answers of the dataset a dashboard link names, read once from the page's first script
 * (src/hooks.client.ts) and handed to the dashboard's: its record to the route (shown without waiting for Dexie's open
 * and listing), its answers to app/dashboard-start.ts. Kept this small because every page runs it.
 */
import type { DatasetRecord } from '../store/db';
import { readEarlyAnswers, type EarlyAnswers } from '../store/early-answers';

let started: { ref: string; read: Promise<EarlyAnswers | null>; answersTaken: boolean; datasetTaken: boolean } | null = null;

/** Starts the read of the record and answers stored for the dataset `ref` means. */
export function startLinkedAnswers(ref: string): void {
	started = { ref, read: readEarlyAnswers(ref), answersTaken: false, datasetTaken: false };
}

/**
 * Settles once the read started for `ref` is done (at once when none is under way). The engine worker's read of the
 * whole dataset waits for it: queued first, it held this small read, which the first bar waits for, behind it.
 */
export async function linkedReadDone(ref: string): Promise<void> {
	if (started?.ref === ref) await started.read;
}

/** The answers stored for the dataset `ref` means: the read started for this ref (taken once), else a new one. */
export function linkedAnswers(ref: string): Promise<EarlyAnswers | null> {
	if (started?.ref !== ref || started.answersTaken) return readEarlyAnswers(ref);
	started.answersTaken = true;
	return letGo(started).read;
}

/**
 * The record of the dataset `ref` means as the page's first script read it (taken once), or null when no read was
 * started for this ref, it was taken, or it found none: the caller then looks the dataset up itself (a session's
 * dataset, a dataset missing, storage refused all go that way).
 */
export async function linkedDataset(ref: string): Promise<DatasetRecord | null> {
	if (started?.ref !== ref || started.datasetTaken) return null;
	started.datasetTaken = true;
	return (await letGo(started).read)?.dataset ?? null;
}

/** Lets go of the read (its answers) once both have been taken. */
function letGo(read: NonNullable<typeof started>): NonNullable<typeof started> {
	if (read.answersTaken && read.datasetTaken && started === read) started = null;
	return read;
}
