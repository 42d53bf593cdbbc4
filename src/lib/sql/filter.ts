/**
 * The customer filter (engine/filter.ts) as SQL: a CTE `kept` of the customers it keeps, which the classification
 * narrows `entered` (so the funnel) and the retention cohorts to. Over every event of the table, whatever the as-of
 * time, as the engine's filter:
 *   cust      one row per customer: first seen, net value (every value summed: purchases less refunds), and a flag
 *             per event condition (did the named event, its exact name, at least once)
 *   a<n>      per attribute condition: each customer's value under the attribution (the first event, the last, or
 *             the first event at or after entering a stage); a customer without one (never entered) has NULL
 *   kept      the customers every condition holds for; "is not" keeps those without a value, as the engine does
 * Among events of one instant the engine takes the file's order: the source's `order` column stands for it (a line
 * number); without one, the smallest value of the instant is taken.
 */
import { DEFAULT_ATTRIBUTION, needsClassification, type Attribution } from '../engine/attribution';
import { isEmptyFilter, type AttributeCondition, type CustomerFilter } from '../engine/filter';
import type { Cte, SqlContext } from './classification';

/** The attribute conditions that choose anyone (a condition without values filters nothing, as in the engine). */
export const activeConditions = (filter: CustomerFilter | undefined): AttributeCondition[] => (filter?.attributes ?? []).filter((a) => a.values.length > 0);

/** Whether the compiled SQL narrows the customers. */
export const narrowsCustomers = (filter: CustomerFilter | undefined): filter is CustomerFilter => filter !== undefined && !isEmptyFilter(filter);

/**
 * Each customer's value of the column `alias` of ev_all under the attribution; stage attribution reads every
 * customer's stage entries before the filter (`entered_all` with a filter, else `entered`). Also the breakdowns'.
 */
export function attributedSql(ctx: SqlContext, alias: string, attribution: Attribution): string {
	const tie = ctx.source.order ? 'seq' : alias;
	if (!needsClassification(attribution)) {
		const direction = attribution === 'last' ? 'DESC' : 'ASC';
		return (
			`SELECT customer_id, v FROM (\n` +
			`  SELECT customer_id, COALESCE(${alias}, '') AS v, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ms ${direction}, ${tie} ${direction}) AS n FROM ev_all\n` +
			`) AS ranked WHERE n = 1`
		);
	}
	const stage = ctx.model.stages.findIndex((s) => s.id === attribution.stage);
	// A stage the model does not have: nobody has a value.
	if (stage < 0) return `SELECT customer_id, CAST(NULL AS ${ctx.d.text}) AS v FROM ev_all WHERE FALSE`;
	const entered = narrowsCustomers(ctx.filter) ? 'entered_all' : 'entered';
	return (
		`SELECT customer_id, v FROM (\n` +
		`  SELECT e.customer_id, COALESCE(e.${alias}, '') AS v, ROW_NUMBER() OVER (PARTITION BY e.customer_id ORDER BY e.ms, e.${tie}) AS n\n` +
		`  FROM ev_all AS e JOIN ${entered} AS x ON x.customer_id = e.customer_id AND x.stage = ${stage}\n` +
		`  WHERE e.ms >= x.t\n` +
		`) AS ranked WHERE n = 1`
	);
}

/** The CTEs cust, a<n> and kept; `columns` names each attribute's alias in ev_all. */
export function filterCtes(ctx: SqlContext, filter: CustomerFilter, columns: Map<string, string>): Cte[] {
	const { d } = ctx;
	const events = filter.events ?? [];
	const flags = events.map(({ event }, n) => `,\n  MAX(CASE WHEN event = ${d.string(event)} THEN 1 ELSE 0 END) AS did${n}`).join('');
	const cust: Cte = ['cust', `SELECT customer_id, MIN(ms) AS first_ms, COALESCE(SUM(value), 0) AS net_value${flags}\nFROM ev_all\nGROUP BY customer_id`];
	const attribution = filter.attribution ?? DEFAULT_ATTRIBUTION;
	const conditions = activeConditions(filter);
	const attributed: Cte[] = conditions.map(({ name }, n) => [`a${n}`, attributedSql(ctx, columns.get(name)!, attribution)]);
	const where: string[] = [];
	if (filter.from !== undefined) where.push(`cust.first_ms >= ${Math.round(filter.from)}`);
	if (filter.to !== undefined) where.push(`cust.first_ms <= ${Math.round(filter.to)}`);
	conditions.forEach(({ values, op = 'any' }, n) => {
		const list = values.map(d.string).join(', ');
		where.push(op === 'not' ? `(a${n}.v IS NULL OR a${n}.v NOT IN (${list}))` : `a${n}.v IN (${list})`);
	});
	events.forEach(({ did }, n) => where.push(`cust.did${n} = ${did ? 1 : 0}`));
	if (filter.value?.min !== undefined) where.push(`cust.net_value >= ${filter.value.min}`);
	if (filter.value?.max !== undefined) where.push(`cust.net_value <= ${filter.value.max}`);
	const joins = conditions.map((_, n) => `\nLEFT JOIN a${n} ON a${n}.customer_id = cust.customer_id`).join('');
	const kept: Cte = ['kept', `SELECT cust.customer_id FROM cust${joins}\nWHERE ${where.length ? where.join('\n  AND ') : 'TRUE'}`];
	return [cust, ...attributed, kept];
}
