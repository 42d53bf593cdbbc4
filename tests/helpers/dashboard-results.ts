/** Every result a dashboard shows for a table, computed the way the engine worker does, for snapshot tests. */
import { cohortTimesOf } from '../../src/lib/engine/analyses';
import { funnelBreakdown } from '../../src/lib/engine/breakdown';
import { classify } from '../../src/lib/engine/classify';
import { stagePaths } from '../../src/lib/engine/flows';
import { funnel } from '../../src/lib/engine/funnel';
import { DEFAULT_STATUS, leadLifecycle, type LifecycleModel } from '../../src/lib/engine/model';
import { retention } from '../../src/lib/engine/retention';
import { stageTable } from '../../src/lib/engine/stage-table';
import { customerStatus } from '../../src/lib/engine/status';
import type { EventTable } from '../../src/lib/engine/table';
import { lifecycleTrend } from '../../src/lib/engine/trend';
import { valueReport } from '../../src/lib/engine/value-report';
import type { DashboardResults } from '../../src/lib/share/snapshot';

export function dashboardResults(table: EventTable, options: { model?: LifecycleModel; breakdown?: string } = {}): Required<Omit<DashboardResults, never>> {
	const model = options.model ?? leadLifecycle;
	const classification = classify(table, model);
	const status = customerStatus(table, classification, model.status ?? DEFAULT_STATUS);
	return {
		lifecycle: {
			asOf: classification.asOf,
			funnel: funnel(classification, model),
			stages: stageTable(table, classification, model, status),
			status: status.counts,
			...(options.breakdown ? { breakdown: funnelBreakdown(table, classification, model, options.breakdown) } : {})
		},
		flows: { kind: 'paths', ...stagePaths(classification, model, { positions: 4 }) },
		retention: {
			show: 'percent',
			...retention(table, { period: 'month', cohortTimes: cohortTimesOf(classification, model, -1, null), mode: 'bounded', end: classification.asOf })
		},
		trend: lifecycleTrend(table, 'month'),
		value: valueReport(table, { asOf: classification.asOf, horizonWeeks: 52, yearlyDiscount: 0.1 })
	};
}
