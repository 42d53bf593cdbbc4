/**
 * The funnel (funnel.ts) as SQL over the classification. Per customer, a chain of CTEs computes the time
 * they count at each step, exactly as stepTimes does:
 *   cumulative: the time they reached the step's stage or a later one (min of the entered times from it on),
 *   strict: the step's own entered time, in order after the last required step (optional steps do not break
 *   the chain: they count at their own time when entered in order, else at the last required step's);
 * and with a window, a step more than N units after step 1 ends the chain; with a per-step window, a step more
 * than N units after the one before it. An exclusion x<n> is each customer's first excluded event after the step it
 * counts from; a later step it spans holds only before it (and a customer it stops is counted as excluded there).
 * Output: one row per step, the columns the aggregate parser reads (src/lib/import/aggregate.ts). With a breakdown
 * (./breakdown), one row per segment and step, led by segment_index and segment: each segment's funnel, as the engine's.
 */
import { exclusionRange, WINDOW_UNIT_MS, type FunnelCounting, type FunnelExclusion, type FunnelMode, type StepWindow, type WindowUnit } from '../engine/funnel';
import { classificationCtes, indent, segmentCtes, withClause, type Cte, type SqlContext } from './classification';
import { stayCtes } from './stage-entries';

export interface FunnelSqlOptions {
	mode?: FunnelMode;
	/** In windowUnit: days when omitted. */
	windowDays?: number | null;
	windowUnit?: WindowUnit;
	stepWindows?: readonly StepWindow[];
	exclusions?: readonly FunnelExclusion[];
	/** Stage indexes, in model order; every stage when omitted. */
	steps?: number[];
	/** 'entries': each step also counts its customers' later entries into its stage (./stage-entries), in `entries`. */
	counting?: FunnelCounting;
}

/** Larger than any epoch ms: stands in for "never" inside LEAST, whose NULL handling differs between engines. */
const NEVER = '9223372036854775807';

export const FUNNEL_COLUMNS = [
	'mode',
	'window_days',
	'total_customers',
	'step_index',
	'stage_id',
	'label',
	'optional',
	'customers',
	'conversion',
	'step_conversion',
	'drop_off',
	'drop_off_rate',
	'median_ms_from_previous'
] as const;

/**
 * Columns written only when the funnel has the option: the window's unit (not days), the customers excluded at each
 * step, and counting by entries: the customers plus their re-entries.
 */
export const FUNNEL_OPTION_COLUMNS = ['window_unit', 'excluded', 'entries'] as const;

export function funnelQuery(ctx: SqlContext, options: FunnelSqlOptions = {}): string {
	const { d, model } = ctx;
	const S = model.stages.length;
	const mode = options.mode ?? 'cumulative';
	const windowDays = options.windowDays || null;
	const unit = options.windowUnit ?? 'day';
	const unitMs = WINDOW_UNIT_MS[unit];
	const stages = options.steps ? [...new Set(options.steps)].filter((s) => s >= 0 && s < S).sort((a, b) => a - b) : model.stages.map((_, s) => s);
	if (stages.length === 0) throw new Error('The funnel needs at least one step.');

	// The time each step's stage counts from: entered (strict) or reached (cumulative).
	const source = (s: number) => {
		if (mode === 'strict' || s === S - 1) return `s${s}`;
		const later = Array.from({ length: S - s }, (_, i) => `COALESCE(s${s + i}, ${NEVER})`);
		return `NULLIF(LEAST(${later.join(', ')}), ${NEVER})`;
	};
	// With a breakdown every row carries the customer's segment, and every count, median and window is per segment.
	const segmented = ctx.breakdown !== undefined;
	const bySegment = segmented ? 'segment_index, ' : '';
	const ctes: Cte[] = [...classificationCtes(ctx), ...segmentCtes(ctx)];
	const steps0 = stages.map((s, k) => `${source(s)} AS e${k}`).join(', ');
	ctes.push(['src', segmented ? `SELECT wide.customer_id, segs.segment_index, ${steps0} FROM wide JOIN segs ON segs.customer_id = wide.customer_id` : `SELECT customer_id, ${steps0} FROM wide`]);
	ctes.push(['f0', `SELECT src.*, e0 AS t0, e0 AS l0 FROM src WHERE e0 IS NOT NULL`]);
	const within = (t: string) => (windowDays === null ? 'TRUE' : `${t} - t0 <= ${windowDays * unitMs}`);
	const stepWithin = (k: number, t: string) => {
		const n = options.stepWindows?.find((w) => w.stage === stages[k])?.within;
		return n && n > 0 ? ` AND ${t} - t${k - 1} <= ${n * unitMs}` : '';
	};
	const exclusions = (options.exclusions ?? []).flatMap((exclusion, n) => {
		const range = exclusionRange(stages, exclusion);
		return range ? [{ ...range, name: `x${n}`, event: exclusion.event }] : [];
	});
	const excludedEvent = (fromStep: number) => exclusions.filter((x) => x.fromStep === fromStep);
	const excludes = exclusions.length > 0;
	/** The first excluded event after the step an exclusion counts from. */
	const exclusionCte = (x: (typeof exclusions)[number]): Cte => [
		x.name,
		`SELECT f.customer_id, MIN(ev.ms) AS ${x.name} FROM f${x.fromStep} AS f JOIN ev ON ev.customer_id = f.customer_id\n` +
			`WHERE f.t${x.fromStep} IS NOT NULL AND ev.event = ${d.string(x.event)} AND ev.ms > f.t${x.fromStep}\nGROUP BY f.customer_id`
	];
	for (const x of excludedEvent(0)) ctes.push(exclusionCte(x));
	for (let k = 1; k < stages.length; k++) {
		const [t, last] = [`t${k - 1}`, `l${k - 1}`];
		let time: string;
		let holds: string;
		let nextLast: string;
		if (mode === 'cumulative') {
			time = `e${k}`;
			holds = `${t} IS NOT NULL AND e${k} IS NOT NULL AND ${within(`e${k}`)}`;
			nextLast = last;
		} else if (model.stages[stages[k]].optional) {
			time = `(CASE WHEN e${k} IS NOT NULL AND e${k} >= ${last} THEN e${k} ELSE ${last} END)`;
			holds = `${t} IS NOT NULL AND ${within(time)}`;
			nextLast = last;
		} else {
			time = `e${k}`;
			holds = `${t} IS NOT NULL AND e${k} IS NOT NULL AND e${k} >= ${last} AND ${within(`e${k}`)}`;
			nextLast = `t${k}`;
		}
		holds += stepWithin(k, time);
		const spanning = exclusions.filter((x) => k > x.fromStep && k <= x.toStep);
		const clear = spanning.length ? spanning.map((x) => `(${x.name}.${x.name} IS NULL OR ${x.name}.${x.name} >= ${time})`).join(' AND ') : 'TRUE';
		const joins = spanning.map((x) => ` LEFT JOIN ${x.name} ON ${x.name}.customer_id = f${k - 1}.customer_id`).join('');
		const excluded = excludes ? `, CASE WHEN ${holds} AND NOT (${clear}) THEN 1 ELSE 0 END AS x${k}` : '';
		// A step's last required time is named in an outer SELECT, once its time has a name.
		const withTime = `SELECT f${k - 1}.*, CASE WHEN ${holds} AND ${clear} THEN ${time} END AS t${k}${excluded} FROM f${k - 1}${joins}`;
		ctes.push([`f${k}`, `SELECT g.*, ${nextLast} AS l${k} FROM (\n${indent(withTime)}\n) AS g`]);
		for (const x of excludedEvent(k)) ctes.push(exclusionCte(x));
	}
	const last = `f${stages.length - 1}`;
	const times = stages
		.map((_, k) => `SELECT ${bySegment}${k} AS step_index, ${k === 0 ? `CAST(NULL AS ${d.int})` : `t${k} - t${k - 1}`} AS gap FROM ${last} WHERE t${k} IS NOT NULL`)
		.join('\nUNION ALL\n');
	ctes.push(['times', times]);
	ctes.push(['medians', `SELECT ${bySegment}step_index, ${d.medianOver(`CAST(gap AS ${d.float})`, `${bySegment}step_index`)} AS median_gap FROM times`]);
	ctes.push(['counts', `SELECT ${bySegment}step_index, COUNT(*) AS customers, MAX(median_gap) AS median_gap FROM medians GROUP BY ${bySegment}step_index`]);
	if (excludes) {
		// Nobody is excluded at step 0: the join below counts it 0.
		const sums = stages.slice(1).map((_, i) => `SELECT ${bySegment}${i + 1} AS step_index, SUM(x${i + 1}) AS excluded FROM ${last}${segmented ? ' GROUP BY segment_index' : ''}`);
		ctes.push(['excluded_counts', sums.join('\nUNION ALL\n')]);
	}
	const steps = stages
		.map((s, k) => {
			const stage = model.stages[s];
			return `SELECT ${k} AS step_index, ${d.string(stage.id)} AS stage_id, ${d.string(stage.label)} AS label, ${stage.optional ? 'TRUE' : 'FALSE'} AS optional`;
		})
		.join('\nUNION ALL\n');
	ctes.push(['steps', steps]);
	// Counting by entries: each step's stays that began after a customer counted there (within the window of step 1).
	const byEntries = options.counting === 'entries';
	if (byEntries) {
		ctes.push(...stayCtes(ctx));
		const reentries = stages.map(
			(stage, k) =>
				`SELECT ${segmented ? 'f.segment_index, ' : ''}${k} AS step_index, COUNT(*) AS n FROM ${last} AS f\n` +
				`JOIN stays ON stays.customer_id = f.customer_id AND stays.stage = ${stage} AND stays.t > f.t${k}${windowDays === null ? '' : ` AND stays.t <= f.t0 + ${windowDays * unitMs}`}` +
				(segmented ? '\nGROUP BY f.segment_index' : '')
		);
		ctes.push(['reentries', reentries.join('\nUNION ALL\n')]);
	}
	// The rows: every step (of every segment), with its counts.
	const matches = (cte: string) => `${cte}.step_index = steps.step_index${segmented ? ` AND ${cte}.segment_index = seg_list.segment_index` : ''}`;
	ctes.push([
		'joined',
		`SELECT ${segmented ? 'seg_list.*, ' : ''}steps.*, COALESCE(counts.customers, 0) AS customers, counts.median_gap${excludes ? ', COALESCE(excluded_counts.excluded, 0) AS excluded' : ''}` +
			`${byEntries ? ', COALESCE(counts.customers, 0) + COALESCE(reentries.n, 0) AS entries' : ''}\n` +
			`FROM ${segmented ? 'seg_list CROSS JOIN ' : ''}steps LEFT JOIN counts ON ${matches('counts')}` +
			(excludes ? `\nLEFT JOIN excluded_counts ON ${matches('excluded_counts')}` : '') +
			(byEntries ? `\nLEFT JOIN reentries ON ${matches('reentries')}` : '')
	]);
	const f = d.float;
	const over = `OVER (${segmented ? 'PARTITION BY segment_index ' : ''}ORDER BY step_index)`;
	const previous = `LAG(customers) ${over}`;
	const first = `FIRST_VALUE(customers) ${over}`;
	return (
		withClause(ctes) +
		`\nSELECT ${segmented ? 'segment_index, segment, ' : ''}${d.string(mode)} AS mode, ${windowDays === null ? `CAST(NULL AS ${f})` : `CAST(${windowDays} AS ${f})`} AS window_days,\n` +
		`  total_customers, step_index, stage_id, label, optional, customers,\n` +
		`  CAST(customers AS ${f}) / NULLIF(${first}, 0) AS conversion,\n` +
		`  CASE WHEN step_index = 0 THEN NULL ELSE CAST(customers AS ${f}) / NULLIF(${previous}, 0) END AS step_conversion,\n` +
		`  COALESCE(${previous}, customers) - customers AS drop_off,\n` +
		`  CASE WHEN step_index = 0 THEN NULL ELSE CAST(${previous} - customers AS ${f}) / NULLIF(${previous}, 0) END AS drop_off_rate,\n` +
		`  median_gap AS median_ms_from_previous${unit === 'day' ? '' : `, ${d.string(unit)} AS window_unit`}${excludes ? ', excluded' : ''}${byEntries ? ', entries' : ''}\n` +
		(segmented ? `FROM joined\nORDER BY segment_index, step_index` : `FROM joined CROSS JOIN counted\nORDER BY step_index`)
	);
}
