/**
 * Breakdowns (engine/breakdown.ts) as SQL: each counted customer's segment by the value of an attribute under an
 * attribution (the first event, the last, or entering a stage: ./filter's attributedSql), the top N values by
 * customers, then "Other". The funnel and retention queries join `segs` and answer once per segment.
 *   seg_values   each customer's value (no row: none, a stage they never entered)
 *   seg_members  one row per counted customer (the filter's kept, else everyone) with their value; no_value = 1: none
 *   seg_ranks    each value's rank: most customers first, ties by the value's first row in the order column (the
 *                file's order, which is the engine's dictionary order), else by the value's text; "(none)" last
 *   segs         customer_id, segment_index (the rank from 0; `top` for "Other"), segment (its label)
 *   seg_list     segment_index, segment and its customers
 */
import { DEFAULT_ATTRIBUTION } from '../engine/attribution';
import { DEFAULT_TOP, EMPTY_VALUE, NONE_VALUE, OTHER_VALUE } from '../engine/breakdown';
import type { BreakdownSpec } from '../engine/queries';
import type { Cte, SqlContext } from './classification';
import { attributedSql, narrowsCustomers } from './filter';

/** The CTEs above; `column` is the attribute's alias in ev_all. */
export function breakdownCtes(ctx: SqlContext, breakdown: BreakdownSpec, column: string): Cte[] {
	const { d } = ctx;
	const top = breakdown.top ?? DEFAULT_TOP;
	const counted = narrowsCustomers(ctx.filter) ? 'SELECT customer_id FROM kept' : 'SELECT DISTINCT customer_id FROM ev_all';
	const ordered = ctx.source.order !== undefined;
	const firstRows: Cte[] = ordered ? [['seg_first', `SELECT COALESCE(${column}, '') AS v, MIN(seq) AS first_seq FROM ev_all GROUP BY COALESCE(${column}, '')`]] : [];
	const label = `CASE WHEN r.r > ${top} THEN ${d.string(OTHER_VALUE)} WHEN r.no_value = 1 THEN ${d.string(NONE_VALUE)} WHEN r.v = '' THEN ${d.string(EMPTY_VALUE)} ELSE r.v END`;
	return [
		['seg_values', attributedSql(ctx, column, breakdown.attribution ?? DEFAULT_ATTRIBUTION)],
		[
			'seg_members',
			`SELECT p.customer_id, COALESCE(a.v, '') AS v, CASE WHEN a.v IS NULL THEN 1 ELSE 0 END AS no_value\n` +
				`FROM (${counted}) AS p LEFT JOIN seg_values AS a ON a.customer_id = p.customer_id`
		],
		...firstRows,
		[
			'seg_ranks',
			`SELECT s.v, s.no_value, ROW_NUMBER() OVER (ORDER BY s.customers DESC, s.no_value${ordered ? ', f.first_seq' : ''}, s.v) AS r FROM (\n` +
				`  SELECT v, no_value, COUNT(*) AS customers FROM seg_members GROUP BY v, no_value\n` +
				`) AS s${ordered ? ' LEFT JOIN seg_first AS f ON f.v = s.v' : ''}`
		],
		[
			'segs',
			`SELECT m.customer_id, CASE WHEN r.r > ${top} THEN ${top} ELSE r.r - 1 END AS segment_index, ${label} AS segment\n` +
				`FROM seg_members AS m JOIN seg_ranks AS r ON r.v = m.v AND r.no_value = m.no_value`
		],
		['seg_list', 'SELECT segment_index, segment, COUNT(*) AS total_customers FROM segs GROUP BY segment_index, segment']
	];
}
