/**
 * Stored first answers (issue 26, reload to first chart): the dashboard's funnel answer, kept per dataset and per
 * exact query, so that a reload draws it at once while the engine worker reads the dataset and computes its own.
 * A record is only ever read back for the same dataset, the same query and the same build:
 * - a dataset is immutable (an append stores a new dataset and deletes the old one, answers included);
 * - the key is the query as the engine receives it (model with every rule, filter, options, the as-of date when the
 *   link sets one: without one the engine's as-of is the dataset's last event, fixed with the dataset, and no query
 *   depends on the day it is asked) and the site's build, whose engine computed the answer.
 */
import type { LifecycleQuery } from '../engine/queries';
import type { FunnelAnswer, LifecycleResult } from '../engine/session';
import type { LensDatabase } from './db';
import { dropOldest } from './keep-newest';

/**
 * What is kept for a query: the whole answer, or the funnel alone until the whole one comes (kept as soon as it is
 * drawn, so that a page closed before the stage table still leaves the next reload its first chart).
 */
export type StoredAnswer = LifecycleResult | FunnelAnswer;

export interface AnswerRecord {
	datasetId: string;
	/** answerKey(query, build) */
	key: string;
	result: StoredAnswer;
	saved: number;
}

/** Answers kept per dataset, the newest: a reload is of a recent link, and each record is a few kilobytes. */
export const ANSWERS_PER_DATASET = 8;

/** What an answer depends on besides its dataset: the build whose engine computed it and the exact query. */
export function answerKey(query: LifecycleQuery, build: string): string {
	return `${build}\n${JSON.stringify(query)}`;
}

/** Whether a stored answer is the whole one (funnel, stage table, status), not the funnel alone. */
export function isWhole(answer: StoredAnswer | undefined): answer is LifecycleResult {
	return answer !== undefined && 'stages' in answer;
}

/** The answer stored for this dataset under this key, if any. */
export async function readAnswer(db: LensDatabase, datasetId: string, key: string): Promise<StoredAnswer | undefined> {
	return (await db.answers.get([datasetId, key]))?.result;
}

/** Keeps an answer, and lets go of the dataset's oldest beyond ANSWERS_PER_DATASET. */
export async function keepAnswer(db: LensDatabase, datasetId: string, key: string, result: StoredAnswer, saved = Date.now()): Promise<void> {
	await db.transaction('rw', db.datasets, db.answers, async () => {
		// Not for a dataset that is gone (deleted while the answer was on its way).
		if (!(await db.datasets.get(datasetId))) return;
		// The funnel alone never replaces the whole answer to the same query.
		if (!isWhole(result) && isWhole((await db.answers.get([datasetId, key]))?.result)) return;
		await db.answers.put({ datasetId, key, result, saved });
		await dropOldest(db.answers, datasetId, ANSWERS_PER_DATASET);
	});
}

/** A dataset's stored answers (deleted with it: store/datasets.ts). */
export function answersOf(db: LensDatabase, datasetId: string) {
	return db.answers.where('datasetId').equals(datasetId);
}
