/**
 * A lifecycle model's classification as SQL common table expressions: when each customer entered each stage,
 * by the same rules as classify.ts (a stage is entered at the first time any of its rules holds).
 *
 *   ev        the events up to the as-of time, with epoch ms and normalised event names
 *   bounds    the as-of time (the last event unless given) and the number of customers
 *   r<i>      one per rule: (customer_id, stage, t) where the rule first holds
 *   entered   the earliest rule per (customer, stage): the long form of Classification.entered
 *   (with a customer filter: entered_all is that, then ./filter's cust, a<n> and kept, and entered keeps the kept)
 *   counted   the number of customers (kept)
 *   wide      one row per customer, column s<k> = entered time of stage k (NULL: never)
 */
import type { CustomerFilter } from '../engine/filter';
import type { BreakdownSpec } from '../engine/queries';
import { normalizeName, type LifecycleModel, type Rule } from '../engine/model';
import { DAY_MS } from '../engine/periods';
import type { Dialect } from './dialect';
import { breakdownCtes } from './breakdown';
import { activeConditions, filterCtes, narrowsCustomers } from './filter';

/** Where the events are: a table (or view) and its columns. `time` is a UTC TIMESTAMP. */
export interface EventsSource {
	table: string;
	customer: string;
	time: string;
	event: string;
	value: string;
	/** A column that orders events of one instant as the file did (a line number), for the filter's attribution. */
	order?: string;
}

export const DEFAULT_SOURCE: EventsSource = { table: 'events', customer: 'customer_id', time: 'ts', event: 'event', value: 'value' };

export interface SqlContext {
	d: Dialect;
	model: LifecycleModel;
	source: EventsSource;
	/** Epoch ms; events after it are not seen. Default: the last event. */
	asOf: number | null;
	/** The customers every query counts (engine/filter.ts); everyone when absent. */
	filter?: CustomerFilter;
	/** The funnel and retention once per segment (./breakdown). */
	breakdown?: BreakdownSpec;
}

/** A WITH clause entry. */
export type Cte = [name: string, body: string];

export const withClause = (ctes: Cte[]) => `WITH\n${ctes.map(([name, body]) => `${name} AS (\n${indent(body)}\n)`).join(',\n')}`;

export const indent = (text: string) => text.replace(/^/gm, '  ');

/** Attribute columns used by `where` rules, the filter's conditions and the breakdown, by name → their alias in ev. */
function attributeColumns({ model, filter, breakdown }: SqlContext): Map<string, string> {
	const columns = new Map<string, string>();
	const add = (name: string) => columns.has(name) || columns.set(name, `w${columns.size}`);
	for (const stage of model.stages) for (const rule of stage.enter) if (rule.kind === 'event' && rule.where) add(rule.where.attribute);
	for (const { name } of activeConditions(filter)) add(name);
	if (breakdown) add(breakdown.attribute);
	return columns;
}

/** The breakdown's segments (./breakdown: `segs` and `seg_list`), after classificationCtes; none without a breakdown. */
export const segmentCtes = (ctx: SqlContext): Cte[] => (ctx.breakdown ? breakdownCtes(ctx, ctx.breakdown, attributeColumns(ctx).get(ctx.breakdown.attribute)!) : []);

/** Narrows a query over ev to the customers the filter keeps (nothing without a filter). */
export const keptOnly = (ctx: SqlContext) => (narrowsCustomers(ctx.filter) ? ' WHERE customer_id IN (SELECT customer_id FROM kept)' : '');

export function classificationCtes(ctx: SqlContext): Cte[] {
	const { d, model, source } = ctx;
	const where = attributeColumns(ctx);
	const attributes = [...where].map(([name, alias]) => `,\n  ${d.id(name)} AS ${alias}`).join('') + (source.order ? `,\n  ${d.id(source.order)} AS seq` : '');
	const all: Cte = [
		'ev_all',
		`SELECT CAST(${d.id(source.customer)} AS ${d.text}) AS customer_id,\n` +
			`  ${d.epochMs(d.id(source.time))} AS ms,\n  ${d.id(source.event)} AS event,\n  ${d.normalize(d.id(source.event))} AS ename,\n` +
			`  CAST(${d.id(source.value)} AS ${d.float}) AS value${attributes}\nFROM ${d.table(source.table)}`
	];
	const asOf = ctx.asOf === null ? 'MAX(ms)' : `CAST(${Math.round(ctx.asOf)} AS ${d.int})`;
	const bounds: Cte = ['bounds', `SELECT ${asOf} AS as_of, COUNT(DISTINCT customer_id) AS total_customers FROM ev_all`];
	const ev: Cte = ['ev', 'SELECT ev_all.* FROM ev_all CROSS JOIN bounds WHERE ev_all.ms <= bounds.as_of'];
	const rules: Cte[] = [];
	model.stages.forEach((stage, s) => stage.enter.forEach((rule) => rules.push([`r${rules.length}`, ruleSql(d, rule, s, where)])));
	const union = rules.length ? rules.map(([name]) => `SELECT customer_id, stage, t FROM ${name}`).join('\nUNION ALL\n') : `SELECT customer_id, 0 AS stage, ms AS t FROM ev WHERE FALSE`;
	const earliest = `SELECT customer_id, stage, MIN(t) AS t\nFROM (\n${indent(union)}\n) AS held\nGROUP BY customer_id, stage`;
	const narrowed: Cte[] = narrowsCustomers(ctx.filter)
		? [['entered_all', earliest], ...filterCtes(ctx, ctx.filter, where), ['entered', `SELECT * FROM entered_all${keptOnly(ctx)}`], ['counted', 'SELECT COUNT(*) AS total_customers FROM kept']]
		: [['entered', earliest], ['counted', 'SELECT total_customers FROM bounds']];
	const columns = model.stages.map((_, s) => `MIN(CASE WHEN stage = ${s} THEN t END) AS s${s}`).join(',\n  ');
	const wide: Cte = ['wide', `SELECT customer_id${columns ? `,\n  ${columns}` : ''}\nFROM entered\nGROUP BY customer_id`];
	return [all, bounds, ev, ...rules, ...narrowed, wide];
}

/**
 * Every time each rule of the model holds for a customer, (customer_id, stage, t) per rule, as classify.ts's
 * ruleReplay calls hold(): what the stage entries (./stage-entries) replay. The classification keeps each rule's first.
 */
export function everyHoldSql(ctx: SqlContext): string[] {
	const where = attributeColumns(ctx);
	return ctx.model.stages.flatMap((stage, s) => stage.enter.map((rule) => ruleSql(ctx.d, rule, s, where, true)));
}

/** When a rule holds: the first time, or (every) each time. */
function ruleSql(d: Dialect, rule: Rule, stage: number, where: Map<string, string>, every = false): string {
	switch (rule.kind) {
		case 'first-seen':
			return `SELECT customer_id, ${stage} AS stage, MIN(ms) AS t FROM ev GROUP BY customer_id`;
		case 'activity':
			return nth(stage, 'TRUE', count(rule.minCount), every);
		case 'inactivity': {
			// Holds `days` after an event not followed by another within them, and after a quiet spell up to as-of.
			const gap = rule.days * DAY_MS;
			return (
				`SELECT customer_id, ${stage} AS stage, ${every ? 't' : 'MIN(t) AS t'} FROM (\n` +
				`  SELECT customer_id, previous + ${gap} AS t FROM (\n` +
				`    SELECT customer_id, ms, LAG(ms) OVER (PARTITION BY customer_id ORDER BY ms) AS previous FROM ev\n` +
				`  ) AS gaps WHERE previous IS NOT NULL AND ms - previous >= ${gap}\n` +
				`  UNION ALL\n` +
				`  SELECT ev.customer_id, MAX(ev.ms) + ${gap} AS t FROM ev CROSS JOIN bounds GROUP BY ev.customer_id, bounds.as_of HAVING bounds.as_of - MAX(ev.ms) >= ${gap}\n` +
				`) AS quiet${every ? '' : ' GROUP BY customer_id'}`
			);
		}
		case 'stage-date':
		case 'event': {
			const names = [...new Set((rule.kind === 'event' ? rule.names : [rule.column]).map(normalizeName))];
			const conditions = [names.length ? `ename IN (${names.map(d.string).join(', ')})` : 'FALSE'];
			if (rule.kind === 'event' && rule.minValue !== undefined) conditions.push(`value >= ${rule.minValue}`);
			if (rule.kind === 'event' && rule.where) {
				const values = rule.where.in.map(d.string);
				conditions.push(values.length ? `${where.get(rule.where.attribute)} IN (${values.join(', ')})` : 'FALSE');
			}
			return nth(stage, conditions.join(' AND '), rule.kind === 'event' ? count(rule.minCount) : 1, every, true);
		}
	}
}

const count = (minCount: number | undefined) => Math.max(1, Math.floor(minCount ?? 1));

/**
 * The time of the n-th event meeting the condition; every: the time of that event and of each one after it (the
 * events of one instant hold at the same time whichever is counted first). byInstant: the n-th instant with such an
 * event (an event rule's count, as classify.ts counts it: the lines of one order are one purchase).
 */
function nth(stage: number, condition: string, n: number, every = false, byInstant = false): string {
	if (n === 1) return every ? `SELECT customer_id, ${stage} AS stage, ms AS t FROM ev WHERE ${condition}` : `SELECT customer_id, ${stage} AS stage, MIN(ms) AS t FROM ev WHERE ${condition} GROUP BY customer_id`;
	return (
		`SELECT customer_id, ${stage} AS stage, ms AS t FROM (\n` +
		`  SELECT customer_id, ms, ${byInstant ? 'DENSE_RANK()' : 'ROW_NUMBER()'} OVER (PARTITION BY customer_id ORDER BY ms) AS n FROM ev WHERE ${condition}\n` +
		`) AS matching WHERE n ${every ? '>=' : '='} ${n}`
	);
}

/** The classification itself: one row per (customer, stage entered). */
export function classificationQuery(ctx: SqlContext): string {
	const stages = ctx.model.stages.map((stage, s) => `SELECT ${s} AS stage_index, ${ctx.d.string(stage.id)} AS stage_id`).join('\nUNION ALL\n');
	return (
		withClause([...classificationCtes(ctx), ['stages', stages]]) +
		`\nSELECT e.customer_id, e.stage AS stage_index, s.stage_id, e.t AS entered_ms, ${ctx.d.fromMs('e.t')} AS entered_at\n` +
		`FROM entered AS e JOIN stages AS s ON s.stage_index = e.stage\nORDER BY e.customer_id, e.stage`
	);
}
