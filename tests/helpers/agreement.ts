/**
 * The engine and the generated SQL on the same events: each analysis computed both ways, the SQL's output
 * saved as CSV (as a warehouse user would), read back by the aggregate parser and compared with the engine's
 * result object. Counts, step times and rates must be equal; revenue is a sum of floating-point values that
 * DuckDB adds in another order, so it is compared to a relative 1e-9.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../src/lib/engine/classify';
import type { FunnelResult } from '../../src/lib/engine/funnel';
import type { LifecycleModel } from '../../src/lib/engine/model';
import type { RetentionResult } from '../../src/lib/engine/retention';
import { EngineSession } from '../../src/lib/engine/session';
import type { EventTable } from '../../src/lib/engine/table';
import { parseFunnelTable, parseRetentionTable } from '../../src/lib/import/aggregate';
import { compileModel, type CompileOptions, type FunnelSqlOptions, type RetentionSqlOptions } from '../../src/lib/sql';
import { benchEventLines } from '../../scripts/lib/bench-events.mjs';
import { eventsDb, type EventsDb } from './duckdb';
import { readFile } from './import';

export type RetentionCase = Required<Omit<RetentionSqlOptions, 'brackets'>>;

export const ALL_FUNNELS: FunnelSqlOptions[] = [{ mode: 'cumulative' }, { mode: 'strict' }, { mode: 'cumulative', windowDays: 30 }, { mode: 'strict', windowDays: 45 }];

/** Every period and mode, cohorts by first seen and by the second and third stages, returns of any kind or one event. */
export const allRetentions = (returnEvent: string): RetentionCase[] => [
	{ period: 'month', mode: 'bounded', cohortStage: -1, returnEvent: null },
	{ period: 'week', mode: 'unbounded', cohortStage: -1, returnEvent: null },
	{ period: 'day', mode: 'bounded', cohortStage: 1, returnEvent },
	{ period: 'month', mode: 'unbounded', cohortStage: 2, returnEvent }
];

/** Revenue sums compared to a relative 1e-9; everything else of the result exactly. */
function expectSameRetentionResult(actual: RetentionResult, engine: RetentionResult, what: string) {
	const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
	const money = (r: RetentionResult) => r.cohorts.flatMap((c) => [...c.revenue, ...c.revenueRetention]);
	const [a, b] = [money(actual), money(engine)];
	expect(a.length, `${what}: revenue cells`).toBe(b.length);
	const far = a.findIndex((x, i) => !close(x, b[i]));
	expect(far === -1 ? null : [a[far], b[far]], `${what}: revenue`).toBeNull();
	const strip = (r: RetentionResult) => ({ ...r, cohorts: r.cohorts.map((c) => ({ ...c, revenue: [], revenueRetention: [] })) });
	expect(strip(actual), what).toEqual(strip(engine));
}

/** Stage entries per stage: how many customers and the sum of their entry times, both ways. */
export async function expectSameClassification(db: EventsDb, table: EventTable, model: LifecycleModel, classification: Classification) {
	const S = model.stages.length;
	const engine = model.stages.map((_, s) => {
		let n = 0;
		let total = 0n;
		for (let c = 0; c < classification.customerCount; c++) {
			const t = classification.entered[c * S + s];
			if (!Number.isNaN(t)) {
				n++;
				total += BigInt(t);
			}
		}
		return { stage: s, customers: n, total: String(total) };
	});
	const rows = await db.rows(
		`SELECT stage_index, COUNT(*) AS n, CAST(SUM(entered_ms) AS VARCHAR) AS total FROM (${compileModel(model).classification}) AS c GROUP BY stage_index`
	);
	const sql = model.stages.map((_, s) => {
		const row = rows.find((r) => Number(r.stage_index) === s);
		return { stage: s, customers: row ? Number(row.n) : 0, total: row ? String(row.total) : '0' };
	});
	expect(sql, `${model.id}: classification`).toEqual(engine);
}

/** A customer filter both sides apply, and how the SQL reads the events (an order column for ties). */
export type Narrowing = Pick<CompileOptions, 'filter' | 'source'>;

/** The engine's side is the session the site and the CLI ask (engine/session.ts). */
export async function expectSameFunnel(db: EventsDb, session: EngineSession, model: LifecycleModel, options: FunnelSqlOptions, narrowing: Narrowing = {}) {
	const { mode = 'cumulative', windowDays = null, windowUnit, stepWindows, exclusions, steps, counting } = options;
	const query = {
		model,
		mode,
		windowDays,
		...(narrowing.filter ? { filter: narrowing.filter } : {}),
		...(windowUnit ? { windowUnit } : {}),
		...(stepWindows ? { stepWindows: [...stepWindows] } : {}),
		...(exclusions ? { exclusions: [...exclusions] } : {}),
		...(steps ? { steps } : {}),
		...(counting ? { counting } : {})
	};
	const engine = session.lifecycle(query).funnel;
	const csv = await db.csv(compileModel(model, { funnel: options, ...narrowing }).funnel);
	expect(parseFunnelTable(csv, 'funnel.csv'), `${model.id}: funnel ${JSON.stringify(options)} ${JSON.stringify(narrowing.filter ?? {})}`).toEqual(engine);
	return engine;
}

export async function expectSameRetention(db: EventsDb, session: EngineSession, model: LifecycleModel, options: RetentionCase, narrowing: Narrowing = {}) {
	const engine = session.retention({ model, ...options, ...(narrowing.filter ? { filter: narrowing.filter } : {}) });
	const csv = await db.csv(compileModel(model, { retention: options, ...narrowing }).retention);
	if (engine.cohorts.length === 0) {
		// No customer entered the cohort stage: both give nothing (the parser rightly refuses an empty table).
		expect(csv.trim().split('\n'), `${model.id}: retention ${JSON.stringify(options)}`).toHaveLength(1);
		return engine;
	}
	expectSameRetentionResult(parseRetentionTable(csv, 'retention.csv'), engine, `${model.id}: retention ${JSON.stringify(options)}`);
	return engine;
}

/**
 * A query compiled with a breakdown (src/lib/sql/breakdown.ts): its rows, one CSV per segment without the two segment
 * columns (as a user saves one segment to draw it), in segment_index order.
 */
export async function csvPerSegment(db: EventsDb, sql: string): Promise<{ value: string; csv: string }[]> {
	await db.connection.run(`CREATE OR REPLACE TEMP TABLE segmented_rows AS ${sql}`);
	const segments = await db.rows('SELECT DISTINCT segment_index, segment FROM segmented_rows ORDER BY segment_index');
	const out = [];
	for (const { segment_index: index, segment } of segments)
		out.push({ value: String(segment), csv: await db.csv(`SELECT * EXCLUDE (segment_index, segment) FROM segmented_rows WHERE segment_index = ${index}`) });
	return out;
}

/** A segmented funnel query's funnels, read back by the aggregate parser: comparable with the engine's FunnelBreakdown groups. */
export async function segmentFunnelsOf(db: EventsDb, sql: string): Promise<{ value: string; funnel: FunnelResult }[]> {
	return (await csvPerSegment(db, sql)).map(({ value, csv }) => ({ value, funnel: parseFunnelTable(csv, `${value}.csv`) }));
}

/** The generated bench log (scripts/lib/bench-events.mjs: four attributes that change from event to event) through the import. */
export async function benchLogTable(events: number, seed: number): Promise<EventTable> {
	const csv = [...benchEventLines({ events, seed })].join('\n') + '\n';
	return (await readFile(csv, 'bench-events.csv')).table;
}

/** A generated bench log, its DuckDB copy and an engine session on it, filled before the calling describe's tests. */
export interface AgreementLog {
	table: EventTable;
	db: EventsDb;
	session: EngineSession;
}

/** Registers the calling describe's beforeAll / afterAll for an AgreementLog; read its fields inside the tests. */
export function useAgreementLog(events: number, seed: number): AgreementLog {
	const log = {} as AgreementLog;
	beforeAll(async () => {
		log.table = await benchLogTable(events, seed);
		log.db = await eventsDb(log.table);
		log.session = new EngineSession(log.table);
	}, 60_000);
	afterAll(() => log.db?.close());
	return log;
}

/** Every check for one model: classification, the given funnels and retention matrices. */
export async function expectAgreement(db: EventsDb, table: EventTable, model: LifecycleModel, funnels: FunnelSqlOptions[], retentions: RetentionCase[]) {
	const session = new EngineSession(table);
	await expectSameClassification(db, table, model, session.classification(model));
	const results = [];
	for (const options of funnels) results.push(await expectSameFunnel(db, session, model, options));
	for (const options of retentions) results.push(await expectSameRetention(db, session, model, options));
	return results;
}

/** A describe block: load a dataset once, then one test per model with its funnels and retention cases. */
export function agreementSuite(
	name: string,
	load: () => Promise<EventTable>,
	cases: { model: LifecycleModel; funnels: FunnelSqlOptions[]; retentions: RetentionCase[] }[],
	timeout: number
) {
	describe(name, () => {
		let table: EventTable;
		let db: EventsDb;
		beforeAll(async () => {
			table = await load();
			db = await eventsDb(table);
		}, timeout);
		afterAll(() => db?.close());
		for (const { model, funnels, retentions } of cases) {
			it(`${model.id}: classification, ${funnels.length} funnel(s) and ${retentions.length} retention matri(ces) agree`, async () => {
				const results = await expectAgreement(db, table, model, funnels, retentions);
				// About real numbers: the first funnel's first step counts customers.
				expect((results[0] as FunnelResult).steps[0].count).toBeGreaterThan(0);
			}, timeout);
		}
	});
}
