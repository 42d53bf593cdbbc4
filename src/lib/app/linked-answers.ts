/**
 * The record and stored answers of the dataset a dashboard link names, read once from the page's first script
 * (src/hooks.client.ts) and handed to the dashboard's: its record to the route (shown without waiting for Dexie's open
 * and listing), its answers to app/dashboard-start.ts. Kept this small because every page runs it.
 */
import { afterNextPaint } from '../browser/after-next-paint';
import type { DatasetRecord } from '../store/db';
import { readEarlyAnswers, type EarlyAnswers } from '../store/early-answers';

let started: { ref: string; read: Promise<EarlyAnswers | null>; answersTaken: boolean; datasetTaken: boolean } | null = null;

/** Until the stored first chart of the link read last is drawn, or known not to come: the engine's read waits for it. */
let storedChart: { ref: string; read: Promise<EarlyAnswers | null>; settled: Promise<void>; settle: () => void } | null = null;

/** A stored chart not drawn within this long no longer holds the engine's read (a view that never asks for it). */
const STORED_CHART_WAIT_MS = 1000;

/** Starts the read of the record and answers stored for the dataset `ref` means. */
export function startLinkedAnswers(ref: string): void {
	const read = readEarlyAnswers(ref);
	started = { ref, read, answersTaken: false, datasetTaken: false };
	let settle = () => {};
	const settled = new Promise<void>((resolve) => (settle = resolve));
	storedChart = { ref, read, settled, settle };
}

/**
 * Settles when the engine worker may start on the dataset `ref` means (src/hooks.client.ts holds its calls until then):
 * once the small read started for it is done (queued first, the engine's read held it, and the first bar with it), and,
 * when that read found stored answers, once the stored first chart is drawn or known not to come (`storedChartDrawn`,
 * `noStoredChart`). On two cores the engine's read and classification took the core the page's thread needed to draw
 * it (bench/README.md). At once when no read is under way.
 */
export async function engineReadMayStart(ref: string): Promise<void> {
	const chart = storedChart?.ref === ref ? storedChart : null;
	if (!chart) return;
	const read = await chart.read;
	if (!read?.answers.size) return;
	await Promise.race([chart.settled, new Promise((resolve) => setTimeout(resolve, STORED_CHART_WAIT_MS))]);
}

/** No stored first chart will be drawn: the engine's read of the linked dataset may start. */
export function noStoredChart(): void {
	storedChart?.settle();
	storedChart = null;
}

/** The stored first chart was put in the page: the engine's read may start once the frame that paints it has run. */
export function storedChartDrawn(): void {
	afterNextPaint(noStoredChart);
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
