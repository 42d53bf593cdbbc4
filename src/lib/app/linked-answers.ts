/**
 * The stored answers of the dataset a dashboard link names, read once from the page's first script
 * (src/hooks.client.ts) and handed to the dashboard's (app/dashboard-start.ts). Kept this small because every page
 * runs it.
 */
import { readEarlyAnswers, type EarlyAnswers } from '../store/early-answers';

let started: { ref: string; read: Promise<EarlyAnswers | null> } | null = null;

/** Starts the read of the answers stored for the dataset `ref` means. */
export function startLinkedAnswers(ref: string): void {
	started = { ref, read: readEarlyAnswers(ref) };
}

/** The answers stored for the dataset `ref` means: the read started for this ref (taken once), else a new one. */
export function linkedAnswers(ref: string): Promise<EarlyAnswers | null> {
	const read = started?.ref === ref ? started.read : readEarlyAnswers(ref);
	started = null;
	return read;
}
