/**
 * Retention in custom brackets (issue 24, items 5 and 6): the SQL's rows equal the engine's cells on the built-in
 * sample, for "on" and rolling "on or after", by day, week and month, cohorts by first seen or by a stage: each
 * cohort's size, each bracket's customers, revenue (to 1e-9), whether it is partial, and which brackets exist.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import type { EventTable } from '../../src/lib/engine/table';
import { compileModel, type RetentionSqlOptions } from '../../src/lib/sql';
import { eventsDb, type EventsDb } from '../helpers/duckdb';
import { readFile } from '../helpers/import';

const CASES: (Required<Omit<RetentionSqlOptions, 'brackets'>> & { brackets: number[] })[] = [
	{ period: 'day', mode: 'bounded', cohortStage: -1, returnEvent: null, brackets: [0, 1, 8, 31, 91] },
	{ period: 'day', mode: 'unbounded', cohortStage: -1, returnEvent: null, brackets: [0, 1, 8, 31, 91] },
	{ period: 'week', mode: 'unbounded', cohortStage: 1, returnEvent: 'purchase', brackets: [0, 2, 5, 13] },
	{ period: 'month', mode: 'bounded', cohortStage: 2, returnEvent: null, brackets: [0, 3] }
];

describe('SQL and engine on the built-in sample: retention brackets', () => {
	let table: EventTable;
	let db: EventsDb;
	beforeAll(async () => {
		table = (await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv')).table;
		db = await eventsDb(table);
	}, 60_000);
	afterAll(() => db?.close());

	it.each(CASES)('$period $mode brackets $brackets (cohort stage $cohortStage, return $returnEvent)', async (options) => {
		const engine = new EngineSession(table).retention({ model: leadLifecycle, ...options });
		const sql = await db.rows(`SELECT CAST(cohort_start AS VARCHAR) AS cohort_start, cohort_size, period, customers, revenue, period_state, bracket_from, bracket_to FROM (${compileModel(leadLifecycle, { retention: options }).retention}) AS r`);
		const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
		const expected = engine.cohorts.flatMap((c) =>
			c.counts.flatMap((n, k) => (n === null ? [] : [{ cohort: new Date(c.start).toISOString().slice(0, 10), size: c.size, k, customers: n, partial: c.partial[k], from: engine.brackets![k].from, to: engine.brackets![k].to }]))
		);
		const actual = sql.map((r) => ({ cohort: String(r.cohort_start), size: Number(r.cohort_size), k: Number(r.period), customers: Number(r.customers), partial: r.period_state === 'partial', from: Number(r.bracket_from), to: r.bracket_to === null ? null : Number(r.bracket_to) }));
		expect(actual).toEqual(expected);
		const revenue = engine.cohorts.flatMap((c) => c.revenue.filter((m): m is number => m !== null));
		expect(sql.map((r, i) => close(Number(r.revenue), revenue[i])).every(Boolean)).toBe(true);
		// About real numbers: someone came back after day 0 somewhere.
		expect(expected.some((cell) => cell.k > 0 && cell.customers > 0)).toBe(true);
	}, 60_000);
});
