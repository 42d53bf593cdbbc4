/**
 * Drill-down: which customers a chart counted under the mark that was clicked. Each selection is answered from the
 * same session, query and set-up as its chart, so the list's length is the number the chart shows.
 */
import {
	customersAtStep,
	customersConvertingIn,
	customersInRetentionCell,
	customersInStage,
	customersInTrend,
	customersOfEntryCohort,
	customersOnPath,
	type Selection
} from './customers';
import { segmentMask } from './breakdown';
import { isIncluded } from './filter';
import { journeyCustomers } from './journey';
import type { DrillDownQuery } from './queries';
import type { EngineSession } from './session';
import { concentration } from './value';
import { netValues, rfmOfBuyers } from './value-report';

/** The indexes of the customers behind a selection, in customer order. */
export function selectedCustomers(session: EngineSession, query: DrillDownQuery, selection: Selection): number[] {
	const { table } = session;
	const classification = session.classification(query.model, query.asOf);
	const mask = session.mask(query);
	const included = (c: number) => isIncluded(mask, c);
	switch (selection.kind) {
		case 'step': {
			const group = selection.group;
			const segments = group ? session.segments(query, group) : null;
			const index = segments ? segments.segments.findIndex((g) => g.value === group!.value) : -1;
			// A segment the filter's customers do not have: no one.
			const groupMask = segments ? (index >= 0 ? segmentMask(segments, index) : new Uint8Array(0)) : mask;
			return customersAtStep(session.stepTimes(query, groupMask), selection.step);
		}
		case 'stage':
			return customersInStage(classification, selection.stage, included);
		case 'conversion-time':
			return customersConvertingIn(session.stepTimes(query), selection.from, selection.to, selection.low, selection.high);
		case 'entry-cohort':
			return customersOfEntryCohort(session.stepTimes(query), selection.period, selection.index, selection.step);
		case 'path-node':
		case 'path-link':
			return customersOnPath(classification, selection, included);
		case 'retention-cell': {
			const { period, cohortStage, returnEvent, mode, cohort, k, last = k } = selection;
			return customersInRetentionCell(table, session.retentionOptions({ ...query, period, cohortStage, returnEvent, mode }), cohort, k, last);
		}
		case 'trend':
			return customersInTrend(table, selection.period, selection.index, selection.category, included);
		case 'rfm-segment':
			return rfmOfBuyers(table, classification.asOf, mask, session.moneyEvents())
				.customers.filter((row) => row.segment === selection.segment)
				.map((row) => row.customer);
		case 'value-group': {
			const values = netValues(table, classification.asOf, mask, session.moneyEvents());
			const result = concentration(values, table.customerIds, mask);
			const ids = new Set(selection.group === 'top' ? result.top : result.zeroOrNegative.ids);
			return table.customerIds.flatMap((id, c) => (ids.has(id) ? [c] : []));
		}
		case 'journey':
			return journeyCustomers(session.journeyInput({ ...query, anchor: selection.journey.anchor }), selection.journey, selection.mark);
	}
}
