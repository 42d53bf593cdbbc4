/**
 * The analyses of `lifecycle-lens analyze`: the command line's options as queries to an engine session, the same
 * session the site's engine worker forwards the dashboard's queries to (engine/session.ts), with the same defaults
 * (DEFAULT_QUERY_OPTIONS). The results are the objects the site exports (docs/results.md).
 */
import type { Attribution } from '../lib/engine/attribution';
import type { FunnelBreakdown } from '../lib/engine/breakdown';
import type { DriversResult } from '../lib/engine/drivers';
import type { CustomerFilter } from '../lib/engine/filter';
import type { FlowResult } from '../lib/engine/flows';
import type { JourneyResult, JourneySpec } from '../lib/engine/journey';
import type { FunnelCounting, FunnelExclusion, FunnelMode, FunnelResult, StepWindow, WindowUnit } from '../lib/engine/funnel';
import type { LifecycleModel } from '../lib/engine/model';
import type { Period } from '../lib/engine/periods';
import { DEFAULT_QUERY_OPTIONS, type BreakdownSpec, type RetentionMode } from '../lib/engine/queries';
import type { RetentionResult } from '../lib/engine/retention';
import { EngineSession, type SegmentedResult, type SegmentValue } from '../lib/engine/session';
import type { StageTable } from '../lib/engine/stage-table';
import type { StatusResult } from '../lib/engine/status';
import type { EventTable } from '../lib/engine/table';
import type { TrendResult } from '../lib/engine/trend';
import type { ValueReport } from '../lib/engine/value-report';

export const ANALYSES = ['funnel', 'flows', 'retention', 'trend', 'value', 'drivers', 'journey'] as const;
export type Analysis = (typeof ANALYSES)[number];

export interface AnalyzeOptions {
	analyses: Analysis[];
	/** Retention cohorts and trend periods. */
	period: Period;
	asOf?: number;
	funnelMode: FunnelMode;
	windowDays: number | null;
	/** The unit of the conversion window and the per-step windows (days when omitted). */
	windowUnit?: WindowUnit;
	stepWindows?: StepWindow[];
	exclusions?: FunnelExclusion[];
	/** Unique customers when omitted; entries also count re-entries (funnel.ts, stage-table.ts). */
	counting?: FunnelCounting;
	retentionMode: RetentionMode;
	/** -1: first seen; else the stage index whose entry makes the cohort. */
	cohortStage: number;
	returnEvent: string | null;
	/** Retention in custom brackets of periods, by their first offsets (retention.ts). */
	brackets?: number[];
	flowPositions: number;
	/** Percent of all customers under which a Sankey node folds into "other". */
	flowFoldPercent: number;
	horizonWeeks: number;
	yearlyDiscount: number;
	/** Which customers every analysis counts (cli/filter.ts); all when omitted. */
	filter?: CustomerFilter;
	/** Every analysis also per segment of an attribute (top N and "Other"), as the dashboard's breakdown. */
	breakdown?: BreakdownSpec;
	/** "Why did they convert?" at the funnel step into this stage (by id), attribute values under the attribution. */
	drivers?: { stage: string; attribution?: Attribution };
	/** The journey analysis's anchor, steps, shaping and goal (cli/journey.ts). */
	journey?: JourneySpec;
}

export const DEFAULTS: Omit<AnalyzeOptions, 'analyses' | 'asOf' | 'journey'> = DEFAULT_QUERY_OPTIONS;

export interface AnalyzeResult {
	asOf: number;
	/** The lifecycle view: the funnel, the stage table and the status counts. */
	funnel?: FunnelResult;
	stages?: StageTable;
	status?: StatusResult['counts'];
	flows?: FlowResult;
	retention?: RetentionResult;
	trend?: TrendResult;
	value?: ValueReport;
	drivers?: DriversResult;
	journey?: JourneyResult;
	/** With a breakdown: each analysis per segment (stage paths carry theirs on each link: flows.segments). */
	segments?: SegmentResults;
}

export interface SegmentResults {
	funnel?: FunnelBreakdown;
	retention?: SegmentedResult<RetentionResult>;
	trend?: SegmentedResult<TrendResult>;
	value?: SegmentedResult<SegmentValue>;
}

export function analyze(table: EventTable, model: LifecycleModel, options: AnalyzeOptions): AnalyzeResult {
	const session = new EngineSession(table);
	const base = { model, ...(options.asOf === undefined ? {} : { asOf: options.asOf }), ...(options.filter ? { filter: options.filter } : {}) };
	const wants = (a: Analysis) => options.analyses.includes(a);
	const { breakdown } = options;
	const result: AnalyzeResult = { asOf: session.classification(model, options.asOf).asOf };
	const segments: SegmentResults = {};
	const { windowUnit, stepWindows, exclusions, counting } = options;
	const funnelOptions = {
		...(windowUnit ? { windowUnit } : {}),
		...(stepWindows?.length ? { stepWindows } : {}),
		...(exclusions?.length ? { exclusions } : {}),
		...(counting === 'entries' ? { counting } : {})
	};
	const funnelQuery = { ...base, mode: options.funnelMode, windowDays: options.windowDays, ...funnelOptions };
	if (wants('funnel')) {
		const query = funnelQuery;
		const { funnel, stages, status } = session.lifecycle(query);
		Object.assign(result, { funnel, stages, status });
		if (breakdown) segments.funnel = session.breakdown({ ...query, ...breakdown });
	}
	if (wants('flows')) result.flows = session.paths({ ...base, positions: options.flowPositions, minShare: options.flowFoldPercent / 100, ...(breakdown ? { breakdown } : {}) });
	if (wants('retention')) {
		const { period, cohortStage, returnEvent, retentionMode: mode, brackets } = options;
		const query = { ...base, period, cohortStage, returnEvent, mode, ...(brackets ? { brackets } : {}) };
		result.retention = session.retention(query);
		if (breakdown) segments.retention = session.retentionBySegment({ ...query, breakdown });
	}
	if (wants('trend')) {
		result.trend = session.trend({ ...base, period: options.period });
		if (breakdown) segments.trend = session.trendBySegment({ ...base, period: options.period, breakdown });
	}
	if (wants('value')) {
		const query = { ...base, horizonWeeks: options.horizonWeeks, yearlyDiscount: options.yearlyDiscount };
		result.value = session.value(query);
		if (breakdown) segments.value = session.valueBySegment({ ...query, breakdown });
	}
	if (wants('drivers') && options.drivers) result.drivers = session.drivers({ ...funnelQuery, ...options.drivers });
	if (wants('journey') && options.journey) result.journey = session.journey({ ...base, ...options.journey });
	if (breakdown) result.segments = segments;
	return result;
}
