/**
 * The analyses of `lifecycle-lens analyze`, computed as the site's engine worker computes them (same engine calls,
 * same defaults as the dashboard), returning the same result objects the site exports (docs/results.md).
 */
import { cohortTimesOf, returnEventsOf } from '../lib/engine/analyses';
import { classify } from '../lib/engine/classify';
import { stagePaths, type FlowResult } from '../lib/engine/flows';
import { funnel, type FunnelMode, type FunnelResult } from '../lib/engine/funnel';
import { DEFAULT_STATUS, type LifecycleModel } from '../lib/engine/model';
import type { Period } from '../lib/engine/periods';
import { retention, type RetentionResult } from '../lib/engine/retention';
import { stageTable, type StageTable } from '../lib/engine/stage-table';
import { customerStatus, type StatusResult } from '../lib/engine/status';
import type { EventTable } from '../lib/engine/table';
import { lifecycleTrend, type TrendResult } from '../lib/engine/trend';
import { valueReport, type ValueReport } from '../lib/engine/value-report';

export const ANALYSES = ['funnel', 'flows', 'retention', 'trend', 'value'] as const;
export type Analysis = (typeof ANALYSES)[number];

export interface AnalyzeOptions {
	analyses: Analysis[];
	/** Retention cohorts and trend periods (the dashboard's default: month). */
	period: Period;
	asOf?: number;
	funnelMode: FunnelMode;
	windowDays: number | null;
	retentionMode: 'bounded' | 'unbounded';
	/** -1: first seen; else the stage index whose entry makes the cohort. */
	cohortStage: number;
	returnEvent: string | null;
	flowPositions: number;
	horizonWeeks: number;
	yearlyDiscount: number;
}

export const DEFAULTS: Omit<AnalyzeOptions, 'analyses'> = {
	period: 'month',
	funnelMode: 'cumulative',
	windowDays: null,
	retentionMode: 'bounded',
	cohortStage: -1,
	returnEvent: null,
	flowPositions: 4,
	horizonWeeks: 52,
	yearlyDiscount: 0.1
};

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
}

export function analyze(table: EventTable, model: LifecycleModel, options: AnalyzeOptions): AnalyzeResult {
	const classification = classify(table, model, { asOf: options.asOf });
	const wants = (a: Analysis) => options.analyses.includes(a);
	const result: AnalyzeResult = { asOf: classification.asOf };
	if (wants('funnel')) {
		const status = customerStatus(table, classification, model.status ?? DEFAULT_STATUS, null);
		result.funnel = funnel(classification, model, { mode: options.funnelMode, windowDays: options.windowDays });
		result.stages = stageTable(table, classification, model, status, null);
		result.status = status.counts;
	}
	if (wants('flows')) result.flows = stagePaths(classification, model, { positions: options.flowPositions, minShare: 0 });
	if (wants('retention')) {
		const returns = returnEventsOf(table, options.returnEvent);
		result.retention = retention(table, {
			period: options.period,
			cohortTimes: cohortTimesOf(classification, model, options.cohortStage, null),
			mode: options.retentionMode,
			end: classification.asOf,
			...(returns ? { returnEvents: returns } : {})
		});
	}
	if (wants('trend')) result.trend = lifecycleTrend(table, options.period, null);
	if (wants('value')) result.value = valueReport(table, { asOf: classification.asOf, mask: null, horizonWeeks: options.horizonWeeks, yearlyDiscount: options.yearlyDiscount });
	return result;
}
