/**
 * Every query the SQL compiler writes, parsed by a real parser of its dialect: DuckDB's own (json_serialize_sql),
 * Spark SQL's grammar (dt-sql-parser, the ANTLR grammar of Spark's parser) and BigQuery's (sql-parser-cst's
 * GoogleSQL dialect). Every template model and a model with every rule kind, each with every option the compiler
 * turns into different SQL: the as-of time, funnel mode x window x steps, the funnel's windows in hours, per-step
 * windows and exclusions, counting by entries, retention period x mode x cohort x return event and in brackets,
 * customer filters and breakdowns under each attribution, and a renamed, dataset-qualified table. Whether the DuckDB
 * SQL computes what the engine computes is checked in tests/integration/sql-agreement-*.test.ts.
 *
 * The Spark and BigQuery parsers take a few hundred milliseconds for one whole query (and dt-sql-parser seconds more
 * for its first ones, while ANTLR builds its prediction tables), so each query is parsed in parts: every WITH entry's
 * body on its own (each is a complete query), and the query with every body replaced by `SELECT 1`; a part shared by
 * many queries (the classification's) is parsed once: about 200 parts per dialect instead of 408 queries. That is
 * the same grammar check as parsing the whole: a body's syntax does not depend on where it stands.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { SparkSQL } from 'dt-sql-parser';
import { parse as parseCst } from 'sql-parser-cst';
import { describe, expect, it } from 'vitest';
import { templates, type LifecycleModel } from '../../../src/lib/engine/model';
import type { Period } from '../../../src/lib/engine/periods';
import { compileModel, DIALECTS, type CompileOptions, type DialectName, type EventsSource } from '../../../src/lib/sql';

/** A model with every rule kind, an optional stage, quotes in names and labels, and attribute filters. */
const everyRule: LifecycleModel = {
	id: 'every-rule',
	name: "Every rule's kind",
	progression: 'latest',
	stages: [
		{ id: 'seen', label: 'First seen', enter: [{ kind: 'first-seen' }] },
		{
			id: "it's",
			label: "Signed up ('trial')",
			enter: [
				{ kind: 'event', names: ["it's", 'Sign-Up'], minValue: 10, where: { attribute: 'plan name', in: ['pro', "o'neil"] } },
				{ kind: 'event', names: ['x'], where: { attribute: 'plan name', in: [] } },
				{ kind: 'stage-date', column: 'trial_start' }
			]
		},
		{ id: 'busy', label: 'Busy', optional: true, enter: [{ kind: 'activity', minCount: 3 }, { kind: 'event', names: ['order'], minCount: 2 }] },
		{ id: 'gone', label: 'Gone', enter: [{ kind: 'inactivity', days: 30 }] }
	]
};

const models = [...templates, everyRule];
const PERIODS: Period[] = ['day', 'week', 'month'];

/** The table the queries read: the default, or a renamed one in a dataset of a project whose name has a hyphen. */
const SOURCES: Partial<EventsSource>[] = [{}, { table: 'my-proj.lens data.events', customer: 'user id', time: 'when', event: 'select', value: 'amount`s' }];

/** Every query the compiler writes for a dialect: one string per combination of options. */
function queries(dialect: DialectName): { what: string; sql: string }[] {
	const out: { what: string; sql: string }[] = [];
	for (const model of models) {
		for (const [i, source] of SOURCES.entries()) {
			// BigQuery has no default dataset to find a bare `events` in: it is given a qualified table only.
			if (dialect === 'bigquery' && !source.table) continue;
			const compile = (options: CompileOptions) => compileModel(model, { dialect, source, ...options });
			const what = (s: string) => `${dialect} ${model.id} source ${i} ${s}`;
			for (const asOf of [null, Date.UTC(2025, 5, 30)]) out.push({ what: what(`classification as of ${asOf}`), sql: compile({ asOf }).classification });
			for (const mode of ['cumulative', 'strict'] as const)
				for (const windowDays of [undefined, 30])
					for (const steps of [undefined, [0, 2, model.stages.length - 1]])
						out.push({ what: what(`funnel ${mode} ${windowDays} ${steps}`), sql: compile({ funnel: { mode, windowDays, steps } }).funnel });
			// The funnel's options (issue 24): a window in hours, per-step windows, exclusions (one with a quote in its event).
			const last = model.stages.length - 1;
			const options = { windowDays: 48, windowUnit: 'hour' as const, stepWindows: [{ stage: 2, within: 12 }], exclusions: [{ event: "it's", from: 0, to: last }, { event: 'x', from: 1, to: 2 }] };
			for (const mode of ['cumulative', 'strict'] as const) out.push({ what: what(`funnel ${mode} with options`), sql: compile({ funnel: { mode, ...options } }).funnel });
			// Counting by entries: every hold of every rule kind, the stays and each step's re-entries.
			out.push({ what: what('funnel by entries with options'), sql: compile({ funnel: { mode: 'strict', counting: 'entries', ...options } }).funnel });
			for (const period of PERIODS)
				for (const mode of ['bounded', 'unbounded'] as const)
					for (const cohortStage of [-1, 1])
						for (const returnEvent of [null, "it's"])
							out.push({ what: what(`retention ${period} ${mode} ${cohortStage} ${returnEvent}`), sql: compile({ retention: { period, mode, cohortStage, returnEvent } }).retention });
			for (const mode of ['bounded', 'unbounded'] as const)
				out.push({ what: what(`retention brackets ${mode}`), sql: compile({ retention: { period: 'day', mode, brackets: [0, 1, 8, 31] } }).retention });
			// Customer filters (issue 24): every condition kind, under each attribution, with and without an order column;
			// on the model with every rule only (the filter's SQL does not depend on the model but for a stage's index).
			if (model !== everyRule) continue;
			for (const attribution of ['first', 'last', { stage: model.stages[1].id }, { stage: 'no such stage' }] as const) {
				const filter = {
					from: Date.UTC(2025, 0, 1),
					to: Date.UTC(2025, 11, 31),
					attributes: [
						{ name: "plan`s 'tier'", op: 'is' as const, values: ["it's"] },
						{ name: 'country', op: 'not' as const, values: ['US', 'DE'] },
						{ name: 'channel', op: 'any' as const, values: ['email', 'paid search'] }
					],
					events: [
						{ event: "it's", did: true },
						{ event: 'support_ticket', did: false }
					],
					value: { min: -10.5, max: 2000 },
					attribution
				};
				for (const order of [undefined, 'line no']) {
					const filtered = (options: CompileOptions) => compile({ ...options, filter, source: { ...source, ...(order ? { order } : {}) } });
					const name = what(`filtered ${JSON.stringify(attribution)} order ${order}`);
					out.push({ what: `${name} classification`, sql: filtered({}).classification });
					// The funnel and retention add only their own narrowing to the classification's: once each.
					if (attribution !== 'first' || order) continue;
					out.push({ what: `${name} funnel`, sql: filtered({ funnel: { mode: 'strict', windowDays: 30 } }).funnel });
					out.push({ what: `${name} retention`, sql: filtered({ retention: { period: 'week', cohortStage: -1 } }).retention });
				}
			}
			// Breakdowns (issue 24): the funnel and retention per segment under each attribution, without and with an
			// order column (then also within a filter, so a stage's attribution reads every customer's entries).
			for (const attribution of ['first', 'last', { stage: model.stages[1].id }, { stage: 'no such stage' }] as const) {
				for (const order of [undefined, 'line no']) {
					const breakdown = { attribute: "plan`s 'tier'", top: 3, attribution };
					const filter = order ? { filter: { events: [{ event: "it's", did: true }], attributes: [{ name: 'country', op: 'not' as const, values: ['US'] }] } } : {};
					const segmented = (options: CompileOptions) => compile({ ...options, ...filter, breakdown, source: { ...source, ...(order ? { order } : {}) } });
					const name = what(`breakdown ${JSON.stringify(attribution)} order ${order}`);
					out.push({ what: `${name} funnel`, sql: segmented({ funnel: { mode: 'strict', ...options, ...(order ? { counting: 'entries' as const } : {}) } }).funnel });
					out.push({ what: `${name} retention`, sql: segmented({ retention: { period: 'month', mode: 'unbounded', cohortStage: 1, returnEvent: "it's" } }).retention });
					out.push({ what: `${name} retention brackets`, sql: segmented({ retention: { period: 'day', mode: 'bounded', brackets: [0, 1, 8, 31] } }).retention });
				}
			}
		}
	}
	return out;
}

/**
 * A compiled query in parts: each WITH entry's body (un-indented), then the query with every body replaced by
 * `SELECT 1`. The compiler writes `WITH`, then `name AS (`, the body indented by two spaces, `),` or `)` at the start
 * of their lines.
 */
function parts(sql: string): string[] {
	const lines = sql.split('\n');
	if (lines[0] !== 'WITH') return [sql];
	const bodies: string[] = [];
	const skeleton: string[] = ['WITH'];
	let i = 1;
	for (;;) {
		const open = /^(\w+) AS \($/.exec(lines[i]);
		if (!open) throw new Error(`expected "name AS (" at line ${i + 1}: ${lines[i]}`);
		const start = ++i;
		while (!/^\),?$/.test(lines[i])) i++;
		bodies.push(lines.slice(start, i).map((line) => line.replace(/^ {2}/, '')).join('\n'));
		skeleton.push(`${open[1]} AS (SELECT 1)${lines[i] === '),' ? ',' : ''}`);
		if (lines[i++] === ')') break;
	}
	return [...bodies, [...skeleton, ...lines.slice(i)].join('\n')];
}

/** The distinct parts of every query the compiler writes for a dialect, each with the first query it came from. */
function distinctParts(dialect: DialectName): Map<string, string> {
	const found = new Map<string, string>();
	for (const { what, sql } of queries(dialect)) for (const part of parts(sql)) if (!found.has(part)) found.set(part, what);
	return found;
}

describe('every query the compiler writes parses in its dialect', () => {
	it('covers every dialect the compiler claims, each in whole parts', () => {
		expect(DIALECTS).toEqual(['duckdb', 'bigquery', 'spark']);
		const sql = compileModel(everyRule, { dialect: 'spark' }).funnel;
		const split = parts(sql);
		// The classification's entries (ev_all, bounds, ev, 7 rules, entered, counted, wide) and the funnel's (src,
		// f0..f3, times, medians, counts, steps, joined), then the skeleton.
		expect(split).toHaveLength(13 + 10 + 1);
		expect(split[0]).toMatch(/^SELECT CAST\(`customer_id` AS STRING\) AS customer_id,\n/);
		expect(split.at(-1)).toMatch(/^WITH\nev_all AS \(SELECT 1\),\nbounds AS \(SELECT 1\),\n[^]*\njoined AS \(SELECT 1\)\nSELECT 'cumulative' AS mode/);
	});

	it('DuckDB: json_serialize_sql parses every whole query', async () => {
		const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
		const connection = await instance.connect();
		try {
			const all = queries('duckdb');
			expect(all.length).toBe(6 * 2 * (2 + 8 + 2 + 1 + 24 + 2) + 2 * 10 + 2 * 24);
			for (const { what, sql } of all) {
				const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS ast', [sql]);
				const ast = JSON.parse(String(reader.getRowObjectsJS()[0].ast));
				expect(ast.error ? `${what}: ${ast.error_message}` : null).toBeNull();
			}
		} finally {
			connection.closeSync();
			instance.closeSync();
		}
		// 536 whole queries: the Spark and BigQuery tests' allowance (7 s alone, over 20 s at the machine's load 20).
	}, 120_000);

	it('Spark SQL: dt-sql-parser finds no syntax error in any part', () => {
		const parser = new SparkSQL();
		for (const [part, what] of distinctParts('spark')) {
			const errors = parser.validate(part);
			expect(errors.length ? `${what}: ${errors.map((e) => `${e.startLine}:${e.startColumn} ${e.message}`).join('; ')}\n${part}` : null).toBeNull();
		}
	}, 120_000);

	it('BigQuery: sql-parser-cst parses every part as GoogleSQL', () => {
		for (const [part, what] of distinctParts('bigquery')) {
			let problem: string | null = null;
			try {
				parseCst(part, { dialect: 'bigquery' });
			} catch (error) {
				problem = `${what}: ${(error as Error).message}`;
			}
			expect(problem).toBeNull();
		}
	}, 120_000);
});

describe('where the dialects differ', () => {
	it('the parsers reject what their dialect does not have', () => {
		expect(new SparkSQL().validate('SELECT (1').length).toBeGreaterThan(0);
		expect(() => parseCst('SELECT CAST(x AS VARCHAR) FROM t', { dialect: 'bigquery' })).toThrow(/VARCHAR/);
		expect(() => parseCst('SELECT x FROM `a`.`b` WHERE', { dialect: 'bigquery' })).toThrow();
	});

	it('Spark and BigQuery cast to STRING: Spark rejects VARCHAR without a length (dt-sql-parser lets it through)', () => {
		for (const dialect of ['spark', 'bigquery'] as const) {
			const { classification } = compileModel(templates[0], { dialect, source: { table: 'lens.events' } });
			expect(classification).toContain('AS STRING) AS customer_id');
			expect(classification).not.toMatch(/VARCHAR/);
		}
	});

	it('quotes each part of a dotted table name, and asks BigQuery for a dataset', () => {
		const from = (dialect: DialectName, table: string) => /\n {2}FROM (.*)\n/.exec(compileModel(templates[0], { dialect, source: { table } }).classification)![1];
		expect(from('bigquery', 'my-proj.ds.events')).toBe('`my-proj`.`ds`.`events`');
		expect(from('bigquery', 'ds.my`table')).toBe('`ds`.`my\\`table`');
		expect(from('spark', 'db.my`table')).toBe('`db`.`my``table`');
		expect(from('duckdb', 'main.events')).toBe('"main"."events"');
		expect(from('duckdb', 'events')).toBe('"events"');
		expect(() => compileModel(templates[0], { dialect: 'bigquery' })).toThrow("BigQuery needs the table's dataset: dataset.events or project.dataset.events");
		expect(() => compileModel(templates[0], { source: { table: 'a..b' } })).toThrow('has an empty part');
	});
});
