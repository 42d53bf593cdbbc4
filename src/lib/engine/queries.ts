/**
 * One typed query per analysis: what the dashboard, the presentation, the CLI and the tests ask the engine
 * session (engine/session.ts). A query is plain data (it crosses the worker boundary and is built from the
 * link's options in one place), and every field that has a default gets it from DEFAULT_QUERY_OPTIONS.
 */
import type { Attribution } from './attribution';
import type { CustomerFilter } from './filter';
import type { FunnelCounting, FunnelExclusion, FunnelMode, StepWindow, WindowUnit } from './funnel';
import type { JourneySpec } from './journey';
import type { LifecycleModel } from './model';
import type { Period } from './periods';

export type RetentionMode = 'bounded' | 'unbounded';

/** Common to every query: the model, as of when, and which customers. */
export interface BaseQuery {
	model: LifecycleModel;
	/** Epoch ms; the dataset's last event when omitted. */
	asOf?: number;
	filter?: CustomerFilter;
}

/** The funnel, the stage table and the status counts. */
export interface LifecycleQuery extends BaseQuery {
	mode: FunnelMode;
	/** Step k must come within this many window units (days when omitted) of step 1; null: no window. */
	windowDays: number | null;
	windowUnit?: WindowUnit;
	/** Per-step windows (SLAs), in window units: the step into a stage within N units of the step before it. */
	stepWindows?: StepWindow[];
	/** Customers who did an event between two steps drop out (funnel.ts). */
	exclusions?: FunnelExclusion[];
	/** Stage indexes shown as funnel steps, in model order; every stage when omitted. */
	steps?: number[];
	/** Unique customers when omitted; 'entries' also counts re-entries, and the stage table the time in each stage over them. */
	counting?: FunnelCounting;
}

/** Segments by an attribute's value: the top N values (8 when omitted) and "other". */
export interface BreakdownSpec {
	/** The attribute whose values are the segments; with `event`, the event instead. */
	attribute: string;
	top?: number;
	/** Which event gives each customer's value: the first when omitted. */
	attribution?: Attribution;
	/**
	 * Break down by an event: two segments, the customers who did it at least once in the data and those who did not
	 * (as the filter "did X" reads it), "did X" and "did not X" (./breakdown eventSegments).
	 */
	event?: boolean;
}

/** A funnel per segment. */
export interface BreakdownQuery extends LifecycleQuery, BreakdownSpec {}

/** Any analysis asked once per segment (session.ts: retentionBySegment, trendBySegment, valueBySegment). */
export type SegmentedQuery<Q extends BaseQuery> = Q & { breakdown: BreakdownSpec };

/** "Why did they convert?" (drivers.ts): the customers who reached a step against those who stopped at the step before. */
export interface DriversQuery extends LifecycleQuery {
	/** The step, by its stage id: a shown step after the first. */
	stage: string;
	/** Which event gives each customer's attribute values: the first when omitted (as filters and breakdowns). */
	attribution?: Attribution;
}

/** The conversion of each entry cohort (by the period of step 1) to every step. */
export interface ConversionOverTimeQuery extends LifecycleQuery {
	period: Period;
}

/** Time from one funnel step to another (indexes into the funnel's steps). */
export interface ConversionTimeQuery extends LifecycleQuery {
	from: number;
	to: number;
}

/** The Sankey of stage paths. */
export interface PathsQuery extends BaseQuery {
	positions: number;
	/** Nodes under this share of all customers fold into "other" (0-1). */
	minShare: number;
	/** Each link also counts its customers per segment. */
	breakdown?: BreakdownSpec;
}

/** The Sankey of each customer's standing on date A and on date B (epoch ms). */
export interface TransitionsQuery extends BaseQuery {
	dateA: number;
	dateB: number;
	/** Each link also counts its customers per segment. */
	breakdown?: BreakdownSpec;
}

/** Two exports of one source compared (compare.ts): each classified under the model as of its own date. */
export interface CompareQuery {
	model: LifecycleModel;
	/** Epoch ms; each export's last event when omitted. */
	asOfA?: number;
	asOfB?: number;
}

/** The events around each customer's anchor (journey.ts). */
export interface JourneyQuery extends BaseQuery, JourneySpec {}

/** Cohort retention. */
export interface RetentionQuery extends BaseQuery {
	period: Period;
	/** -1: cohorts by first seen; else the index of the stage whose entry makes the cohort. */
	cohortStage: number;
	/** The event that counts as a return; null: any event. */
	returnEvent: string | null;
	mode: RetentionMode;
	/** Custom brackets (retention.ts): the first period offset of each, from 0; one column per period when omitted. */
	brackets?: number[];
}

/** New, returning, resurrecting and dormant customers per period. */
export interface TrendQuery extends BaseQuery {
	period: Period;
}

/** Concentration, RFM and lifetime value. */
export interface ValueQuery extends BaseQuery {
	horizonWeeks: number;
	yearlyDiscount: number;
}

/**
 * What a drill-down needs beside the selection: the query of the chart that was clicked, whichever analysis it is.
 * Funnel marks (a step, a bin of the time to convert, an entry cohort) take the funnel's mode, window and steps
 * from a funnel query (isFunnelQuery); any other query means the default funnel.
 */
export type DrillDownQuery = BaseQuery | LifecycleQuery;

export const isFunnelQuery = (query: DrillDownQuery): query is LifecycleQuery => 'mode' in query && 'windowDays' in query;

/** The single copy of the analyses' defaults: the dashboard, its link and the CLI read them from here. */
export const DEFAULT_QUERY_OPTIONS = {
	funnelMode: 'cumulative' as FunnelMode,
	windowDays: null as number | null,
	period: 'month' as Period,
	retentionMode: 'bounded' as RetentionMode,
	cohortStage: -1,
	returnEvent: null as string | null,
	flowPositions: 4,
	/** Percent of all customers under which a Sankey node folds into "other". */
	flowFoldPercent: 0,
	journeyDirection: 'next' as 'next' | 'previous',
	journeySteps: 5,
	horizonWeeks: 52,
	yearlyDiscount: 0.1
} as const;
