/**
 * A lifecycle model compiled to SQL over an events table (customer_id, ts, event, value, attributes…):
 * the classification, the funnel and the retention matrix, in DuckDB, BigQuery or Spark SQL.
 * Each query stands alone (its own WITH clause), so it can be run, saved as a view or scheduled by itself.
 */
import type { CustomerFilter } from '../engine/filter';
import type { BreakdownSpec } from '../engine/queries';
import type { LifecycleModel } from '../engine/model';
import { DEFAULT_SOURCE, classificationQuery, type EventsSource, type SqlContext } from './classification';
import { dialectOf, type DialectName } from './dialect';
import { funnelQuery, type FunnelSqlOptions } from './funnel';
import { retentionQuery, type RetentionSqlOptions } from './retention';

export { DEFAULT_SOURCE };
export { DIALECTS, type DialectName } from './dialect';
export { FUNNEL_COLUMNS } from './funnel';
export { RETENTION_COLUMNS } from './retention';
export type { EventsSource, FunnelSqlOptions, RetentionSqlOptions };

export interface CompileOptions {
	dialect?: DialectName;
	source?: Partial<EventsSource>;
	/** Epoch ms; default: the last event in the table. */
	asOf?: number | null;
	funnel?: FunnelSqlOptions;
	retention?: RetentionSqlOptions;
	/** The customers every query counts (engine/filter.ts); everyone when absent. */
	filter?: CustomerFilter;
	/** The funnel and retention once per segment of an attribute: the top N values and "Other" (engine/breakdown.ts). */
	breakdown?: BreakdownSpec;
}

export interface CompiledModel {
	classification: string;
	funnel: string;
	retention: string;
}

/**
 * Why a table name cannot be used in a dialect, or null. BigQuery looks a table up in a dataset: a bare name works
 * only in a job given a default dataset, so it must be `dataset.table` or `project.dataset.table`.
 */
export function tableProblem(dialect: DialectName, table: string): string | null {
	if (table.split('.').some((part) => part.trim() === '')) return `The table name "${table}" has an empty part: expected names joined by single dots.`;
	if (dialect === 'bigquery' && !table.includes('.'))
		return `BigQuery needs the table's dataset: dataset.${table} or project.dataset.${table} (a bare name is found only with a default dataset).`;
	return null;
}

/** The three queries; throws a RangeError when the table name cannot be used in the dialect (tableProblem). */
export function compileModel(model: LifecycleModel, options: CompileOptions = {}): CompiledModel {
	const dialect = options.dialect ?? 'duckdb';
	const source = { ...DEFAULT_SOURCE, ...options.source };
	const problem = tableProblem(dialect, source.table);
	if (problem) throw new RangeError(problem);
	const ctx: SqlContext = {
		d: dialectOf(dialect),
		model,
		source,
		asOf: options.asOf ?? null,
		...(options.filter ? { filter: options.filter } : {}),
		...(options.breakdown ? { breakdown: options.breakdown } : {})
	};
	return { classification: classificationQuery(ctx), funnel: funnelQuery(ctx, options.funnel), retention: retentionQuery(ctx, options.retention) };
}

/** The three queries as one script, each introduced by a comment saying what it returns. */
export function sqlScript(model: LifecycleModel, options: CompileOptions = {}): string {
	const compiled = compileModel(model, options);
	const dialect = options.dialect ?? 'duckdb';
	const header = `-- Lifecycle Lens: model "${model.name.replace(/\n/g, ' ')}" (${model.id}) as ${dialect} SQL.`;
	// A segmented table is one table per segment: the site reads one of them, without the two segment columns.
	const perSegment = options.breakdown ? ` per segment of "${options.breakdown.attribute.replace(/\n/g, ' ')}" (segment_index, segment first)` : '';
	const draw = options.breakdown ? "save one segment's rows without segment_index and segment as CSV" : 'save as CSV';
	return [
		header,
		`-- Classification: one row per customer and stage entered (customer_id, stage_index, stage_id, entered_ms, entered_at).\n${compiled.classification};`,
		`-- Funnel: one row per step${perSegment}; ${draw} to draw it in Lifecycle Lens.\n${compiled.funnel};`,
		`-- Cohort retention: one row per cohort and period${perSegment}; ${draw} to draw it in Lifecycle Lens.\n${compiled.retention};`
	].join('\n\n') + '\n';
}
