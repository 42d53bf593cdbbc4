/**
 * Stage entries (engine/stage-entries.ts) as SQL, for counting by entries: every stay of every customer in a stage.
 * A customer moves into a stage each time one of its rules holds while they are in another one (the later stage
 * wins when several hold at one time), whatever the model's progression.
 *   h<i>    every time rule i holds (./classification's everyHoldSql: each matching event from the n-th on, each
 *           quiet spell, first seen)
 *   moves   per customer and time that some rule holds, the stage that wins: the latest of them
 *   stays   the moves into a stage other than the one before (LAG over the customer's moves in time order): when
 *           each stay began (customer_id, stage, t)
 */
import { everyHoldSql, indent, type Cte, type SqlContext } from './classification';

export function stayCtes(ctx: SqlContext): Cte[] {
	const holds = everyHoldSql(ctx);
	const union = holds.length ? holds.map((_, i) => `SELECT customer_id, stage, t FROM h${i}`).join('\nUNION ALL\n') : 'SELECT customer_id, 0 AS stage, ms AS t FROM ev WHERE FALSE';
	return [
		...holds.map((sql, i): Cte => [`h${i}`, sql]),
		['moves', `SELECT customer_id, t, MAX(stage) AS stage FROM (\n${indent(union)}\n) AS held\nGROUP BY customer_id, t`],
		[
			'stays',
			'SELECT customer_id, stage, t FROM (\n' +
				'  SELECT customer_id, stage, t, LAG(stage) OVER (PARTITION BY customer_id ORDER BY t) AS previous FROM moves\n' +
				') AS m WHERE previous IS NULL OR previous <> stage'
		]
	];
}
