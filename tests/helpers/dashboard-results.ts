/** Every result a dashboard shows for a table, asked of an engine session as the site asks it, for snapshot tests. */
import { leadLifecycle, type LifecycleModel } from '../../src/lib/engine/model';
import { DEFAULT_QUERY_OPTIONS as D } from '../../src/lib/engine/queries';
import { EngineSession } from '../../src/lib/engine/session';
import type { EventTable } from '../../src/lib/engine/table';
import type { DashboardResults } from '../../src/lib/share/snapshot';

export function dashboardResults(table: EventTable, options: { model?: LifecycleModel; breakdown?: string } = {}): Required<DashboardResults> {
	const model = options.model ?? leadLifecycle;
	const session = new EngineSession(table);
	const funnel = { model, mode: D.funnelMode, windowDays: D.windowDays };
	return {
		lifecycle: { ...session.lifecycle(funnel), ...(options.breakdown ? { breakdown: session.breakdown({ ...funnel, attribute: options.breakdown }) } : {}) },
		flows: { kind: 'paths', ...session.paths({ model, positions: D.flowPositions, minShare: 0 }) },
		retention: { show: 'percent', ...session.retention({ model, period: D.period, cohortStage: D.cohortStage, returnEvent: D.returnEvent, mode: D.retentionMode }) },
		trend: session.trend({ model, period: D.period }),
		value: session.value({ model, horizonWeeks: D.horizonWeeks, yearlyDiscount: D.yearlyDiscount })
	};
}
