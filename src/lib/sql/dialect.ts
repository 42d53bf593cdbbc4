/**
 * What differs between the SQL engines we generate for: literals, identifiers, time functions, the name
 * normalisation and series of integers. Everything else the compiler writes is common SQL.
 * Times are carried as epoch milliseconds (integers) so that arithmetic is the same everywhere.
 */
import { DAY_MS, type Period } from '../engine/periods';

export type DialectName = 'duckdb' | 'bigquery' | 'spark';

export const DIALECTS: DialectName[] = ['duckdb', 'bigquery', 'spark'];

export interface Dialect {
	name: DialectName;
	/** The 64-bit integer type. */
	int: string;
	float: string;
	/** The character string type (Spark's parser rejects VARCHAR without a length; BigQuery has only STRING). */
	text: string;
	/** A string literal. */
	string(text: string): string;
	/** A quoted identifier. */
	id(name: string): string;
	/** A table name given as dotted parts (`project.dataset.table`, `schema.table`), each part quoted. */
	table(name: string): string;
	/** Epoch milliseconds of a TIMESTAMP (UTC). */
	epochMs(ts: string): string;
	/** A TIMESTAMP from epoch milliseconds. */
	fromMs(ms: string): string;
	/** The engine's normalizeName: NFC, lower case, without runs of spaces, '-' and '_' (Spark SQL has no NFC function: names there compare as encoded). */
	normalize(text: string): string;
	/** `SELECT <n> AS k FROM <from>` for each integer n in 0..<upper>, as a FROM-clause fragment. */
	series(upper: string, from: string): string;
	/** The first day of the period holding epoch ms, as a DATE. */
	periodStartDate(ms: string, period: Period): string;
	/** Exact median (linear interpolation, as the engine) as a window over `partition`. */
	medianOver(expr: string, partition: string): string;
}

const backslashEscaped = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/** Each dot-separated part of a table name quoted on its own: `my-proj`.`ds`.`events` in BigQuery. */
const dottedName = (d: Dialect, name: string) => name.split('.').map(d.id).join('.');

const TRUNC: Record<Period, string> = { day: 'day', week: 'week', month: 'month' };

const duckdb: Dialect = {
	name: 'duckdb',
	int: 'BIGINT',
	float: 'DOUBLE',
	text: 'VARCHAR',
	string: (text) => `'${text.replace(/'/g, "''")}'`,
	id: (name) => `"${name.replace(/"/g, '""')}"`,
	table: (name) => dottedName(duckdb, name),
	epochMs: (ts) => `epoch_ms(${ts})`,
	fromMs: (ms) => `epoch_ms(${ms})`,
	normalize: (text) => `regexp_replace(lower(nfc_normalize(${text})), '[\\s_-]+', '', 'g')`,
	series: (upper, from) => `(SELECT unnest(generate_series(0, ${upper})) AS k FROM ${from})`,
	// date_trunc('week') starts weeks on Monday, as ISO weeks do.
	periodStartDate: (ms, period) => `CAST(date_trunc('${TRUNC[period]}', epoch_ms(${ms})) AS DATE)`,
	medianOver: (expr, partition) => `quantile_cont(${expr}, 0.5) OVER (PARTITION BY ${partition})`
};

const bigquery: Dialect = {
	name: 'bigquery',
	int: 'INT64',
	float: 'FLOAT64',
	text: 'STRING',
	string: backslashEscaped,
	id: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
	table: (name) => dottedName(bigquery, name),
	epochMs: (ts) => `UNIX_MILLIS(${ts})`,
	fromMs: (ms) => `TIMESTAMP_MILLIS(${ms})`,
	normalize: (text) => `REGEXP_REPLACE(LOWER(NORMALIZE(${text}, NFC)), r'[\\s_-]+', '')`,
	series: (upper, from) => `(SELECT k FROM ${from}, UNNEST(GENERATE_ARRAY(0, ${upper})) AS k)`,
	periodStartDate: (ms, period) => `DATE(TIMESTAMP_TRUNC(TIMESTAMP_MILLIS(${ms}), ${period === 'week' ? 'ISOWEEK' : period.toUpperCase()}))`,
	medianOver: (expr, partition) => `PERCENTILE_CONT(${expr}, 0.5) OVER (PARTITION BY ${partition})`
};

const spark: Dialect = {
	name: 'spark',
	int: 'BIGINT',
	float: 'DOUBLE',
	text: 'STRING',
	string: backslashEscaped,
	id: (name) => `\`${name.replace(/`/g, '``')}\``,
	table: (name) => dottedName(spark, name),
	epochMs: (ts) => `unix_millis(${ts})`,
	fromMs: (ms) => `timestamp_millis(${ms})`,
	// Spark string literals take backslash escapes: '\\s' is the regex \s.
	normalize: (text) => `regexp_replace(lower(${text}), '[\\\\s_-]+', '')`,
	series: (upper, from) => `(SELECT explode(sequence(0, ${upper})) AS k FROM ${from})`,
	periodStartDate: (ms, period) => `CAST(date_trunc('${TRUNC[period].toUpperCase()}', timestamp_millis(${ms})) AS DATE)`,
	medianOver: (expr, partition) => `percentile(${expr}, 0.5) OVER (PARTITION BY ${partition})`
};

export function dialectOf(name: DialectName): Dialect {
	return { duckdb, bigquery, spark }[name];
}


/**
 * The engine's period index (periods.ts) of epoch ms: days since 1970, ISO weeks (1970-01-01 was a Thursday,
 * so +3 days starts weeks on Monday), or year * 12 + month - 1. Month needs the calendar: UTC timestamps.
 */
export function periodIndex(d: Dialect, ms: string, period: Period): string {
	const days = `FLOOR(${ms} / ${DAY_MS}.0)`;
	if (period === 'day') return `CAST(${days} AS ${d.int})`;
	if (period === 'week') return `CAST(FLOOR((${days} + 3) / 7.0) AS ${d.int})`;
	const ts = d.fromMs(ms);
	return `(CAST(EXTRACT(YEAR FROM ${ts}) AS ${d.int}) * 12 + CAST(EXTRACT(MONTH FROM ${ts}) AS ${d.int}) - 1)`;
}
