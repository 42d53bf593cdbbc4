/**
 * The analyses of `lifecycle-lens analyze`: the command line's options as queries to an engine session, the same
 * session the site's engine worker forwards the dashboard's queries to (engine/session.ts), with the same defaults
 * (DEFAULT_QUERY_OPTIONS). The results are the objects the site exports (docs/results.md).
 */
import type { CustomerFilter } from '../lib/engine/filter';
import type { FlowResult } from '../lib/engine/flows';
import type { FunnelExclusion, FunnelMode, FunnelResult, StepWindow, WindowUnit } from '../lib/engine/funnel';
import type { LifecycleModel } from '../lib/engine/model';
import type { Period } from '../lib/engine/periods';
import { DEFAULT_QUERY_OPTIONS, type RetentionMode } from '../lib/engine/queries';
import type { RetentionResult } from '../lib/engine/retention';
import { EngineSession } from '../lib/engine/session';
import type { StageTable } from '../lib/engine/stage-table';
import type { StatusResult } from '../lib/engine/status';
import type { EventTable } from '../lib/engine/table';
import type { TrendResult } from '../lib/engine/trend';
import type { ValueReport } from '../lib/engine/value-report';

export const ANALYSES = ['funnel', 'flows', 'retention', 'trend', 'value'] as const;
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
}

export const DEFAULTS: Omit<AnalyzeOptions, 'analyses' | 'asOf'> = DEFAULT_QUERY_OPTIONS;

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
	const session = new EngineSession(table);
	const base = { model, ...(options.asOf === undefined ? {} : { asOf: options.asOf }), ...(options.filter ? { filter: options.filter } : {}) };
	const wants = (a: Analysis) => options.analyses.includes(a);
	const result: AnalyzeResult = { asOf: session.classification(model, options.asOf).asOf };
	if (wants('funnel')) {
		const { windowUnit, stepWindows, exclusions } = options;
		const funnelOptions = { ...(windowUnit ? { windowUnit } : {}), ...(stepWindows?.length ? { stepWindows } : {}), ...(exclusions?.length ? { exclusions } : {}) };
		const { funnel, stages, status } = session.lifecycle({ ...base, mode: options.funnelMode, windowDays: options.windowDays, ...funnelOptions });
		Object.assign(result, { funnel, stages, status });
	}
	if (wants('flows')) result.flows = session.paths({ ...base, positions: options.flowPositions, minShare: options.flowFoldPercent / 100 });
	if (wants('retention')) {
		const { period, cohortStage, returnEvent, retentionMode: mode, brackets } = options;
		result.retention = session.retention({ ...base, period, cohortStage, returnEvent, mode, ...(brackets ? { brackets } : {}) });
	}
	if (wants('trend')) result.trend = session.trend({ ...base, period: options.period });
	if (wants('value')) result.value = session.value({ ...base, horizonWeeks: options.horizonWeeks, yearlyDiscount: options.yearlyDiscount });
	return result;
}
