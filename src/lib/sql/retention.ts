/**
 * Cohort retention (retention.ts) as SQL. Cohort time: first seen, or entry into a stage of the model.
 * A return is an event (any, or one named exactly) at or after the cohort time and up to as-of; its period
 * offset k = period(event) - period(cohort). Bounded ("on"): customers with a return in period k.
 * Unbounded ("on or after"): customers whose furthest return is at k or later, a running sum from the end.
 * Every cell from k = 0 to the data's last period is a row (zeros included); later ones are past the end.
 * With custom brackets, k is the bracket of the period offset (a CASE over the brackets' first offsets) and a row is
 * a bracket that has begun by the data's end, with bracket_from and bracket_to (empty: no end).
 * With a breakdown (./breakdown), each segment's cohorts, led by segment_index and segment, as the engine's per segment.
 */
import type { Period } from '../engine/periods';
import { retentionBrackets } from '../engine/retention';
import { classificationCtes, keptOnly, segmentCtes, withClause, type Cte, type SqlContext } from './classification';
import { periodIndex } from './dialect';

export interface RetentionSqlOptions {
	period?: Period;
	mode?: 'bounded' | 'unbounded';
	/** Stage index whose entry defines the cohort; -1 (default): first seen. */
	cohortStage?: number;
	/** The event name (exact) that counts as a return; null (default): any event. */
	returnEvent?: string | null;
	/** Custom brackets: the first period offset of each, from 0 (retention.ts); one row per period when omitted. */
	brackets?: readonly number[];
}

export const RETENTION_COLUMNS = [
	'period_unit',
	'mode',
	'cohort_start',
	'cohort_size',
	'period',
	'customers',
	'rate',
	'revenue',
	'revenue_retention',
	'period_state'
] as const;

export function retentionQuery(ctx: SqlContext, options: RetentionSqlOptions = {}): string {
	const { d, model } = ctx;
	const period = options.period ?? 'month';
	const mode = options.mode ?? 'bounded';
	const stage = options.cohortStage ?? -1;
	const index = (ms: string) => periodIndex(d, ms, period);
	const cohortTimes =
		stage < 0 || stage >= model.stages.length ? `SELECT customer_id, MIN(ms) AS t FROM ev${keptOnly(ctx)} GROUP BY customer_id` : `SELECT customer_id, t FROM entered WHERE stage = ${stage}`;
	const returnFilter = options.returnEvent == null ? '' : ` AND e.event = ${d.string(options.returnEvent)}`;
	const f = d.float;
	const brackets = options.brackets?.length ? retentionBrackets(options.brackets) : null;
	// The column a period offset falls in: itself, or its bracket.
	const column = (k: string) =>
		brackets ? `CASE ${brackets.map((b, i) => [i, b] as const).reverse().map(([i, b]) => `WHEN ${k} >= ${b.from} THEN ${i}`).join(' ')} END` : k;
	const columns = brackets
		? brackets.map((b, i) => `SELECT ${i} AS k, ${b.from} AS k_from, ${b.to === null ? `CAST(NULL AS ${d.int})` : b.to} AS k_to`).join('\nUNION ALL\n')
		: `SELECT k FROM ${d.series('span.last_period - span.first_period', 'span')} AS series`;
	// With a breakdown a cohort is a segment's customers of one period: the segment goes wherever the cohort does.
	const segmented = ctx.breakdown !== undefined;
	const seg = segmented ? 'segment_index, ' : '';
	const sameCohort = (a: string, b: string) => `${segmented ? `${a}.segment_index = ${b}.segment_index AND ` : ''}${a}.cohort_period = ${b}.cohort_period`;
	const ctes: Cte[] = [
		...classificationCtes(ctx),
		...segmentCtes(ctx),
		[
			'cohorts',
			segmented
				? `SELECT c.customer_id, segs.segment_index, c.t AS cohort_ms, ${index('c.t')} AS cohort_period FROM (${cohortTimes}) AS c JOIN segs ON segs.customer_id = c.customer_id`
				: `SELECT customer_id, t AS cohort_ms, ${index('t')} AS cohort_period FROM (${cohortTimes}) AS c`
		],
		['span', `SELECT MIN(cohorts.cohort_period) AS first_period, MAX(${index('bounds.as_of')}) AS last_period FROM cohorts CROSS JOIN bounds`],
		['sizes', `SELECT ${seg}cohort_period, COUNT(*) AS size, MIN(cohort_ms) AS some_ms FROM cohorts GROUP BY ${seg}cohort_period`],
		[
			'returns',
			`SELECT c.customer_id, ${segmented ? 'c.segment_index, ' : ''}c.cohort_period, ${column(`${index('e.ms')} - c.cohort_period`)} AS k, e.value\n` +
				`FROM ev AS e JOIN cohorts AS c ON c.customer_id = e.customer_id\nWHERE e.ms >= c.cohort_ms${returnFilter}`
		],
		['revenue', `SELECT ${seg}cohort_period, k, SUM(value) AS revenue FROM returns GROUP BY ${seg}cohort_period, k`],
		mode === 'bounded'
			? ['hits', `SELECT ${seg}cohort_period, k, COUNT(DISTINCT customer_id) AS n FROM returns GROUP BY ${seg}cohort_period, k`]
			: [
					'hits',
					`SELECT ${seg}cohort_period, furthest AS k, COUNT(*) AS n FROM (\n` +
						`  SELECT customer_id, ${seg}cohort_period, MAX(k) AS furthest FROM returns GROUP BY customer_id, ${seg}cohort_period\n` +
						`) AS f GROUP BY ${seg}cohort_period, furthest`
				],
		['ks', columns],
		[
			'grid',
			`SELECT ${segmented ? 'sizes.segment_index, ' : ''}sizes.cohort_period, sizes.size, sizes.some_ms, ks.k${brackets ? ', ks.k_from, ks.k_to' : ''}, span.last_period\n` +
				`FROM sizes CROSS JOIN ks CROSS JOIN span WHERE ks.${brackets ? 'k_from' : 'k'} <= span.last_period - sizes.cohort_period`
		],
		[
			'cells',
			`SELECT grid.*, ${segmented ? 'seg_list.segment, ' : ''}${
				mode === 'bounded'
					? 'COALESCE(hits.n, 0)'
					: `SUM(COALESCE(hits.n, 0)) OVER (PARTITION BY ${segmented ? 'grid.segment_index, ' : ''}grid.cohort_period ORDER BY grid.k DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`
			} AS customers,\n` +
				`  CAST(COALESCE(revenue.revenue, 0) AS ${f}) AS revenue\n` +
				`FROM grid LEFT JOIN hits ON ${sameCohort('hits', 'grid')} AND hits.k = grid.k\n` +
				`LEFT JOIN revenue ON ${sameCohort('revenue', 'grid')} AND revenue.k = grid.k` +
				(segmented ? '\nJOIN seg_list ON seg_list.segment_index = grid.segment_index' : '')
		]
	];
	return (
		withClause(ctes) +
		`\nSELECT ${segmented ? 'segment_index, segment, ' : ''}${d.string(period)} AS period_unit, ${d.string(mode)} AS mode, ${d.periodStartDate('some_ms', period)} AS cohort_start,\n` +
		`  size AS cohort_size, k AS period, customers, CAST(customers AS ${f}) / size AS rate, revenue,\n` +
		`  revenue / NULLIF(FIRST_VALUE(revenue) OVER (PARTITION BY ${seg}cohort_period ORDER BY k), 0) AS revenue_retention,\n` +
		(brackets
			? `  CASE WHEN k_to IS NULL OR cohort_period + k_to >= last_period THEN 'partial' ELSE 'complete' END AS period_state,\n  k_from AS bracket_from, k_to AS bracket_to\n`
			: `  CASE WHEN cohort_period + k = last_period THEN 'partial' ELSE 'complete' END AS period_state\n`) +
		`FROM cells\nORDER BY ${seg}cohort_start, period`
	);
}
