/**
 * The query builder: the one place where the link's options become the engine's queries (engine/queries.ts), for
 * every view of the dashboard and for the presentation alike. Pure functions of the options, the model, the as-of
 * date and the filter; what a view keeps to itself (the period of conversion over time, the steps of the time to
 * convert) comes as an argument.
 */
import type { CustomerFilter } from '../engine/filter';
import type { LifecycleModel } from '../engine/model';
import type { Period } from '../engine/periods';
import type {
	BaseQuery,
	BreakdownQuery,
	BreakdownSpec,
	ConversionOverTimeQuery,
	ConversionTimeQuery,
	DriversQuery,
	JourneyQuery,
	LifecycleQuery,
	PathsQuery,
	RetentionQuery,
	SegmentedQuery,
	TransitionsQuery,
	TrendQuery,
	ValueQuery
} from '../engine/queries';
import { parseJourneyPoint } from '../engine/journey';
import { parseAttribution } from './filter-codec';
import { bracketsOf, exclusionsOf, stepWindowsOf } from './funnel-links';
import { endOfDay } from './url';
import type { ResolvedOptions } from './view-options';

/** What every query shares: the model, as of when (epoch ms; the data's last event when undefined), which customers. */
export interface QueryContext {
	model: LifecycleModel;
	asOf?: number;
	filter: CustomerFilter;
}

export function baseQuery({ model, asOf, filter }: QueryContext): BaseQuery {
	return { model, ...(asOf !== undefined ? { asOf } : {}), filter };
}

/**
 * The funnel as the options choose it: mode, window (none unless positive) and its unit, per-step windows,
 * exclusion steps, the steps not hidden and counting by entries. What is at its default stays out of the query.
 */
export function lifecycleQuery(options: ResolvedOptions, context: QueryContext): LifecycleQuery {
	const hidden = options.funnelHidden ?? [];
	const window = options.funnelWindow;
	const unit = options.funnelWindowUnit;
	const stepWindows = stepWindowsOf(options.funnelStepWindows, context.model);
	const exclusions = exclusionsOf(options.funnelExclusions, context.model);
	return {
		...baseQuery(context),
		mode: options.funnelMode,
		windowDays: window !== undefined && window > 0 ? window : null,
		...(unit && unit !== 'day' ? { windowUnit: unit } : {}),
		...(stepWindows.length ? { stepWindows } : {}),
		...(exclusions.length ? { exclusions } : {}),
		...(hidden.length ? { steps: context.model.stages.flatMap((stage, i) => (hidden.includes(stage.id) ? [] : [i])) } : {}),
		...(options.funnelCounting === 'entries' ? { counting: 'entries' as const } : {})
	};
}

/** The segments the options break every view down by (attribute, top N, attribution; or an event); null when they do not. */
export function breakdownSpec(options: ResolvedOptions): BreakdownSpec | null {
	if (!options.breakdown) return null;
	const attribution = options.attribution ? parseAttribution(options.attribution) : undefined;
	if (options.breakdownOf === 'event') return { attribute: options.breakdown, event: true };
	return { attribute: options.breakdown, ...(options.breakdownTop ? { top: options.breakdownTop } : {}), ...(attribution ? { attribution } : {}) };
}

/** A view's query asked per segment of the options' breakdown; null without a breakdown. */
export function segmentedQuery<Q extends BaseQuery>(options: ResolvedOptions, query: Q): SegmentedQuery<Q> | null {
	const breakdown = breakdownSpec(options);
	return breakdown ? { ...query, breakdown } : null;
}

/** The funnel per segment of the attribute the options break it down by; null when they do not. */
export function breakdownQuery(options: ResolvedOptions, context: QueryContext): BreakdownQuery | null {
	const breakdown = breakdownSpec(options);
	return breakdown ? { ...lifecycleQuery(options, context), ...breakdown } : null;
}

/**
 * The two funnels compared: each of the options' date ranges of first seen ('' where open), within the page's
 * filter; null when nothing is compared.
 */
export function comparisonQueries(options: ResolvedOptions, context: QueryContext): [LifecycleQuery, LifecycleQuery] | null {
	if (!options.compare) return null;
	const [aFrom = '', aTo = '', bFrom = '', bTo = ''] = options.compare;
	const within = (from: string, to: string) =>
		lifecycleQuery(options, {
			...context,
			filter: { ...context.filter, ...(from ? { from: Date.parse(`${from}T00:00:00Z`) } : {}), ...(to ? { to: endOfDay(to) } : {}) }
		});
	return [within(aFrom, aTo), within(bFrom, bTo)];
}

export function conversionOverTimeQuery(options: ResolvedOptions, context: QueryContext, period: Period): ConversionOverTimeQuery {
	return { ...lifecycleQuery(options, context), period };
}

/** Time from funnel step `from` to step `to`; null unless `to` comes after `from`. */
export function conversionTimeQuery(options: ResolvedOptions, context: QueryContext, from: number, to: number): ConversionTimeQuery | null {
	return from < to ? { ...lifecycleQuery(options, context), from, to } : null;
}

/**
 * "Why did they convert?" at the options' step (a shown funnel step after the first), attribute values under the
 * options' attribution; null while no such step is chosen.
 */
export function driversQuery(options: ResolvedOptions, context: QueryContext): DriversQuery | null {
	const funnel = lifecycleQuery(options, context);
	const shown = funnel.steps ?? context.model.stages.map((_, i) => i);
	const index = context.model.stages.findIndex((s) => s.id === options.driversStep);
	if (shown.indexOf(index) < 1) return null;
	const attribution = options.attribution ? parseAttribution(options.attribution) : undefined;
	// Each side counts unique customers, whatever the funnel counts.
	const { counting: _counting, ...query } = funnel;
	return { ...query, stage: options.driversStep!, ...(attribution ? { attribution } : {}) };
}

export function pathsQuery(options: ResolvedOptions, context: QueryContext): PathsQuery {
	const breakdown = breakdownSpec(options);
	return { ...baseQuery(context), positions: options.flowPositions, minShare: options.flowFold / 100, ...(breakdown ? { breakdown } : {}) };
}

/**
 * Where customers stood at the end of day A and of day B: the options' days, or the data's first and last when the
 * options name none; null while a day is not a date (being typed).
 */
export function transitionsQuery(options: ResolvedOptions, context: QueryContext, days: { first: string; last: string }): TransitionsQuery | null {
	const [dateA, dateB] = [endOfDay(options.flowA ?? days.first), endOfDay(options.flowB ?? days.last)];
	const breakdown = breakdownSpec(options);
	return Number.isNaN(dateA) || Number.isNaN(dateB) ? null : { ...baseQuery(context), dateA, dateB, ...(breakdown ? { breakdown } : {}) };
}

/** The journey's anchor as the link writes it: the link's, else entering the model's second stage (its first past "first seen"). */
export function journeyAnchorText(options: ResolvedOptions, model: LifecycleModel): string {
	return options.journeyAnchor ?? `stage:${(model.stages[1] ?? model.stages[0])?.id ?? ''}`;
}

/** The journey the options ask for: anchor, direction, steps, hidden events, merged repeats, fold and goal. */
export function journeyQuery(options: ResolvedOptions, context: QueryContext): JourneyQuery {
	const hidden = options.journeyHidden ?? [];
	return {
		...baseQuery(context),
		anchor: parseJourneyPoint(journeyAnchorText(options, context.model)),
		direction: options.journeyDirection,
		steps: options.journeySteps,
		...(hidden.length ? { hidden } : {}),
		...(options.journeyMerge === 'yes' ? { mergeRepeats: true } : {}),
		...(options.journeyFold > 0 ? { minShare: options.journeyFold / 100 } : {}),
		...(options.journeyGoal ? { goal: parseJourneyPoint(options.journeyGoal) } : {})
	};
}

export function retentionQuery(options: ResolvedOptions, context: QueryContext): RetentionQuery {
	const brackets = bracketsOf(options.retentionBrackets);
	return {
		...baseQuery(context),
		period: options.retentionPeriod,
		cohortStage: options.retentionCohort,
		returnEvent: options.retentionReturn ?? null,
		mode: options.retentionMode,
		...(brackets ? { brackets } : {})
	};
}

export function trendQuery(options: ResolvedOptions, context: QueryContext): TrendQuery {
	return { ...baseQuery(context), period: options.trendPeriod };
}

export function valueQuery(options: ResolvedOptions, context: QueryContext): ValueQuery {
	return { ...baseQuery(context), horizonWeeks: options.valueHorizon, yearlyDiscount: options.valueDiscount };
}
