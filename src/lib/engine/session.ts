/**
 * An engine session: one event table and every analysis of it, each asked with a typed query (queries.ts). The work
 * that analyses share is kept between queries: the classification per model and as-of date, and the last filter's
 * customers. The engine worker holds one session per loaded dataset and forwards each query to it; the CLI and the
 * tests call a session directly, so the site, the command line and the tests compute every analysis the same way.
 */
import { conversionOverTime, funnelBreakdown, type ConversionOverTime, type FunnelBreakdown } from './breakdown';
import { classify, type Classification } from './classify';
import { listCustomers, type CustomerList, type Selection } from './customers';
import { describeTable, type TableDescription } from './describe';
import { recommendModel, type DatasetShape, type ModelRecommendation } from './recommend-model';
import { selectedCustomers } from './drill-down';
import { customerMask, isIncluded, type Mask } from './filter';
import { periodTransitions, stagePaths, type FlowResult } from './flows';
import { keyFigures, type KeyFigures } from './key-figures';
import { conversionTime, funnel, stepTimes, type ConversionTime, type FunnelOptions, type FunnelResult, type StepTimes } from './funnel';
import { DEFAULT_STATUS, type LifecycleModel } from './model';
import {
	isFunnelQuery,
	type BaseQuery,
	type BreakdownQuery,
	type ConversionOverTimeQuery,
	type ConversionTimeQuery,
	type DrillDownQuery,
	type LifecycleQuery,
	type PathsQuery,
	type RetentionQuery,
	type TransitionsQuery,
	type TrendQuery,
	type ValueQuery
} from './queries';
import { retention, type RetentionOptions, type RetentionResult } from './retention';
import { netValues, stageTable, type StageTable } from './stage-table';
import { customerStatus, type StatusResult } from './status';
import type { EventTable } from './table';
import { lifecycleTrend, type TrendResult } from './trend';
import { moneyEvents, type MoneyEvents } from './purchases';
import { valueReport, type ValueReport } from './value-report';

/** The lifecycle view: the funnel, the stage table and the status counts. */
export interface LifecycleResult {
	asOf: number;
	funnel: FunnelResult;
	stages: StageTable;
	status: StatusResult['counts'];
}

/** Switching back to a model just seen should be instant; memory stays bounded. */
const CLASSIFICATIONS_KEPT = 8;

export class EngineSession {
	private readonly classifications = new Map<string, Classification>();
	/** The last filter's customers, so moving between views does not redo it. */
	private lastMask: { key: string; mask: Mask } | null = null;
	private moneyEventCodes: MoneyEvents | null = null;
	/** Each customer's net value as of the last date asked: the stage table's, the same under every filter. */
	private lastNetValues: { asOf: number; values: Float64Array } | null = null;

	constructor(readonly table: EventTable) {}

	/** The table classified under a model as of a date (the last event's when omitted), kept for the next query. */
	classification(model: LifecycleModel, asOf?: number): Classification {
		const key = JSON.stringify([model.stages, model.progression, asOf ?? null]);
		let classification = this.classifications.get(key);
		if (!classification) {
			classification = classify(this.table, model, { asOf });
			if (this.classifications.size >= CLASSIFICATIONS_KEPT) this.classifications.delete(this.classifications.keys().next().value!);
			this.classifications.set(key, classification);
		}
		return classification;
	}

	/** The customers a filter keeps, by first seen (in the data, whatever the as-of date) and attribute values; null: all. */
	mask(filter: BaseQuery['filter']): Mask {
		if (!filter) return null;
		const key = JSON.stringify(filter);
		if (this.lastMask?.key !== key) {
			const { table } = this;
			const firstSeen = new Float64Array(table.customerIds.length).fill(NaN);
			for (let c = 0; c < firstSeen.length; c++) if (table.customerStart[c + 1] > table.customerStart[c]) firstSeen[c] = table.time[table.customerStart[c]];
			this.lastMask = { key, mask: customerMask(table, firstSeen, filter) };
		}
		return this.lastMask.mask;
	}

	/** The purchase and refund events (purchases.ts) of the value analyses. */
	moneyEvents(): MoneyEvents {
		return (this.moneyEventCodes ??= moneyEvents(this.table));
	}

	/** Each customer's net value (purchases and refunds) as of a date, kept for the next filter. */
	netValues(asOf: number): Float64Array {
		if (this.lastNetValues?.asOf !== asOf) this.lastNetValues = { asOf, values: netValues(this.table, asOf, this.moneyEvents().money) };
		return this.lastNetValues.values;
	}

	/** Each customer's status (active, inactive, lost) under the model's thresholds. */
	status(query: BaseQuery): StatusResult {
		return customerStatus(this.table, this.classification(query.model, query.asOf), query.model.status ?? DEFAULT_STATUS, this.mask(query.filter));
	}

	/** When each chosen customer counts at each step of the query's funnel. */
	stepTimes(query: DrillDownQuery, mask: Mask = this.mask(query.filter)): StepTimes {
		return stepTimes(this.classification(query.model, query.asOf), query.model, this.funnelOptions(query, mask));
	}

	/** The retention set-up: cohorts by first seen or entry into a stage, returns by any event or the named one. */
	retentionOptions(query: RetentionQuery): RetentionOptions {
		const { model, cohortStage } = query;
		const classification = this.classification(model, query.asOf);
		const mask = this.mask(query.filter);
		const S = model.stages.length;
		const times = cohortStage < 0 || cohortStage >= S ? classification.firstSeen : classification.entered.filter((_, i) => i % S === cohortStage);
		return {
			period: query.period,
			cohortTimes: times.map((t, c) => (isIncluded(mask, c) ? t : NaN)),
			mode: query.mode,
			end: classification.asOf,
			revenueEvents: this.moneyEvents().money,
			...(query.brackets?.length ? { brackets: query.brackets } : {}),
			// An unknown event name matches nothing.
			...(query.returnEvent === null ? {} : { returnEvents: new Set([this.table.eventNames.indexOf(query.returnEvent)]) })
		};
	}

	/** The funnel, the stage table and the status counts. */
	lifecycle(query: LifecycleQuery): LifecycleResult {
		const classification = this.classification(query.model, query.asOf);
		const mask = this.mask(query.filter);
		const status = this.status(query);
		return {
			asOf: classification.asOf,
			funnel: funnel(classification, query.model, this.funnelOptions(query, mask)),
			stages: stageTable(this.table, classification, query.model, status, mask, this.netValues(classification.asOf)),
			status: status.counts
		};
	}

	/** The first screen's answer: customers, overall conversion, active / at risk / lost and total value. */
	keyFigures(query: LifecycleQuery): KeyFigures {
		const classification = this.classification(query.model, query.asOf);
		const mask = this.mask(query.filter);
		const steps = funnel(classification, query.model, this.funnelOptions(query, mask));
		return keyFigures(this.table, steps, this.status(query), { asOf: classification.asOf, mask, money: this.moneyEvents().money });
	}

	/** A funnel per value of an attribute (on each customer's first event): the top 8 and "other". */
	breakdown(query: BreakdownQuery): FunnelBreakdown {
		const classification = this.classification(query.model, query.asOf);
		return funnelBreakdown(this.table, classification, query.model, query.attribute, this.funnelOptions(query, this.mask(query.filter)));
	}

	/** The conversion of each entry cohort (by the period of step 1) to every step. */
	conversionOverTime(query: ConversionOverTimeQuery): ConversionOverTime {
		const classification = this.classification(query.model, query.asOf);
		return conversionOverTime(classification, query.model, query.period, this.funnelOptions(query, this.mask(query.filter)));
	}

	/** Time from one funnel step to another (indexes into the funnel's steps). */
	conversionTime(query: ConversionTimeQuery): ConversionTime {
		return conversionTime(this.stepTimes(query), query.from, query.to);
	}

	/** The Sankey of stage paths. */
	paths(query: PathsQuery): FlowResult {
		const classification = this.classification(query.model, query.asOf);
		return stagePaths(classification, query.model, { positions: query.positions, minShare: query.minShare, mask: this.mask(query.filter) });
	}

	/** The Sankey of each customer's standing on date A and on date B (the dates stand in for the as-of date). */
	transitions(query: TransitionsQuery): FlowResult {
		return periodTransitions(this.table, query.model, query.dateA, query.dateB, this.mask(query.filter));
	}

	/** Cohort retention. */
	retention(query: RetentionQuery): RetentionResult {
		return retention(this.table, this.retentionOptions(query));
	}

	/** New, returning, resurrecting and dormant customers per period, over all the data (the as-of date aside). */
	trend(query: TrendQuery): TrendResult {
		return lifecycleTrend(this.table, query.period, this.mask(query.filter));
	}

	/** Concentration, RFM and lifetime value of the chosen customers. */
	value(query: ValueQuery): ValueReport {
		const { asOf } = this.classification(query.model, query.asOf);
		return valueReport(this.table, {
			asOf,
			mask: this.mask(query.filter),
			events: this.moneyEvents(),
			horizonWeeks: query.horizonWeeks,
			yearlyDiscount: query.yearlyDiscount
		});
	}

	/** Event names and attribute values with counts, for the model editor's pickers. */
	describe(): TableDescription {
		return describeTable(this.table);
	}

	/** The model the dataset should open on when the link names none (recommend-model.ts). */
	recommendModel(shape?: DatasetShape): ModelRecommendation {
		return recommendModel(this.table, shape, { classify: (model) => this.classification(model), moneyEvents: this.moneyEvents() });
	}

	/** The engine's funnel options of a query: its mode, windows, exclusions and steps, over the chosen customers. */
	funnelOptions(query: DrillDownQuery, mask: Mask): FunnelOptions {
		if (!isFunnelQuery(query)) return { mask };
		const { mode, windowDays, windowUnit, stepWindows, exclusions, steps } = query;
		return { mode, windowDays, windowUnit, stepWindows, ...(exclusions?.length ? { exclusions, table: this.table } : {}), ...(steps ? { steps } : {}), mask };
	}

	/** The customers behind a mark of a chart (drill-down.ts), up to 100,000 rows. */
	customers(query: DrillDownQuery, selection: Selection): CustomerList {
		const classification = this.classification(query.model, query.asOf);
		return listCustomers(this.table, classification, query.model, this.status(query), selectedCustomers(this, query, selection));
	}
}


