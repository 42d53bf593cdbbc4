/// <reference lib="webworker" />
/**
 * The engine worker: loads a dataset's columns once, keeps them in memory and answers
 * every analysis with a small plain object. Classifications are cached per (dataset, model).
 */
import * as Comlink from 'comlink';
import { cohortTimesOf, returnEventsOf } from '../engine/analyses';
import { classify, type Classification } from '../engine/classify';
import { breakdownGroups, conversionOverTime, funnelBreakdown, type ConversionOverTime, type FunnelBreakdown } from '../engine/breakdown';
import {
	customersAtStep,
	customersConvertingIn,
	customersInRetentionCell,
	customersOfEntryCohort,
	customersInStage,
	customersInTrend,
	customersOnPath,
	listCustomers,
	type CustomerList,
	type Selection
} from '../engine/customers';
import { describeTable, type TableDescription } from '../engine/describe';
import { customerMask, isIncluded, type CustomerFilter, type Mask } from '../engine/filter';
import { periodTransitions, stagePaths, type FlowResult, type PathOptions } from '../engine/flows';
import { conversionTime, funnel, stepTimes, type ConversionTime, type FunnelOptions, type FunnelResult } from '../engine/funnel';
import type { Period } from '../engine/periods';
import { retention, type RetentionResult } from '../engine/retention';
import { lifecycleTrend, type TrendResult } from '../engine/trend';
import { concentration, customerValues, rfm } from '../engine/value';
import { eventsWithValues, valueReport, type ValueReport } from '../engine/value-report';
import { DEFAULT_STATUS, type LifecycleModel } from '../engine/model';
import { stageTable, type StageTable } from '../engine/stage-table';
import { customerStatus, type StatusResult } from '../engine/status';
import { tableFromSortedColumns, type EventColumns, type EventTable } from '../engine/table';
import { openDatabase } from '../store/db';
import { listDatasets, readColumns } from '../store/datasets';
import { datasetOfRef } from '../store/dataset-ref';
import { carryProblems } from './carry-problems';
import { oneAtATime } from './one-at-a-time';

const db = openDatabase();

/** One dataset in memory at a time: the one being looked at. */
let loaded: {
	datasetId: string;
	table: Promise<EventTable>;
	classifications: Map<string, Classification>;
	/** The last filter's customers, so moving between views does not redo it. */
	mask?: { key: string; mask: Mask };
} | null = null;

/** What the engine worker offers the import worker over a channel of their own: a dataset to hold in memory. */
export interface SessionReceiver {
	hold(datasetId: string, columns: EventColumns): void;
}

/** Datasets that live only in memory, for this session: the browser would not let the site store them. */
const sessionTables = new Map<string, EventTable>();

const sessionReceiver: SessionReceiver = {
	hold(datasetId, columns) {
		sessionTables.set(datasetId, tableFromSortedColumns(columns));
	}
};

function tableOf(datasetId: string) {
	if (loaded?.datasetId !== datasetId) {
		const held = sessionTables.get(datasetId);
		const table = held ? Promise.resolve(held) : readColumns(db, datasetId).then(({ columns }) => tableFromSortedColumns(columns));
		loaded = { datasetId, table, classifications: new Map() };
		// A failed load must not stay cached: the next call tries again.
		table.catch(() => {
			if (loaded?.table === table) loaded = null;
		});
	}
	return loaded;
}

async function classificationOf(datasetId: string, model: LifecycleModel, asOf?: number) {
	const entry = tableOf(datasetId);
	const table = await entry.table;
	const key = JSON.stringify([model.stages, model.progression, asOf ?? null]);
	let classification = entry.classifications.get(key);
	if (!classification) {
		classification = classify(table, model, { asOf });
		// Keep a few: switching back to a model just seen should be instant, memory stays bounded.
		if (entry.classifications.size >= 8) entry.classifications.delete(entry.classifications.keys().next().value!);
		entry.classifications.set(key, classification);
	}
	return { table, classification };
}

/** Common to every query: as of when, and which customers. */
export interface QueryOptions {
	asOf?: number;
	filter?: CustomerFilter;
}

/** The customers a filter keeps, by first seen (in the data) and attribute values. */
async function maskOf(datasetId: string, filter: CustomerFilter | undefined): Promise<Mask> {
	if (!filter) return null;
	const entry = tableOf(datasetId);
	const table = await entry.table;
	const key = JSON.stringify(filter);
	if (entry.mask?.key !== key) {
		const firstSeen = new Float64Array(table.customerIds.length).fill(NaN);
		for (let c = 0; c < firstSeen.length; c++) if (table.customerStart[c + 1] > table.customerStart[c]) firstSeen[c] = table.time[table.customerStart[c]];
		entry.mask = { key, mask: customerMask(table, firstSeen, filter) };
	}
	return entry.mask.mask;
}

export interface LifecycleView {
	asOf: number;
	funnel: FunnelResult;
	stages: StageTable;
	status: StatusResult['counts'];
}

// Analyses run one at a time, in the order asked: the first chart's answer goes out before the others compute.
const analyses = oneAtATime({
	/** The funnel, stage table and status counts of a dataset under a model. */
	async lifecycle(datasetId: string, model: LifecycleModel, options: FunnelOptions & QueryOptions = {}): Promise<LifecycleView> {
		const { table, classification } = await classificationOf(datasetId, model, options.asOf);
		const mask = await maskOf(datasetId, options.filter);
		const status = customerStatus(table, classification, model.status ?? DEFAULT_STATUS, mask);
		return {
			asOf: classification.asOf,
			funnel: funnel(classification, model, { ...options, mask }),
			stages: stageTable(table, classification, model, status, mask),
			status: status.counts
		};
	},

	/** The customers behind a funnel step, a stage or a Sankey node or link, up to 100,000 rows. */
	async customers(datasetId: string, model: LifecycleModel, options: FunnelOptions & QueryOptions, selection: Selection): Promise<CustomerList> {
		const { table, classification } = await classificationOf(datasetId, model, options.asOf);
		const mask = await maskOf(datasetId, options.filter);
		const included = (c: number) => isIncluded(mask, c);
		const chosen = (() => {
			switch (selection.kind) {
				case 'step': {
					const group = selection.group;
					const groupMask = group ? (breakdownGroups(table, group.attribute, mask).find((g) => g.value === group.value)?.mask ?? new Uint8Array(0)) : mask;
					return customersAtStep(stepTimes(classification, model, { ...options, mask: groupMask }), selection.step);
				}
				case 'stage':
					return customersInStage(classification, selection.stage, included);
				case 'conversion-time':
					return customersConvertingIn(stepTimes(classification, model, { ...options, mask }), selection.from, selection.to, selection.low, selection.high);
				case 'entry-cohort':
					return customersOfEntryCohort(stepTimes(classification, model, { ...options, mask }), selection.period, selection.index, selection.step);
				case 'path-node':
				case 'path-link':
					return customersOnPath(classification, selection, included);
				case 'retention-cell': {
					const returns = returnEventsOf(table, selection.returnEvent);
					const cohortTimes = cohortTimesOf(classification, model, selection.cohortStage, mask);
					return customersInRetentionCell(table, cohortTimes, { period: selection.period, mode: selection.mode, end: classification.asOf, ...(returns ? { returnEvents: returns } : {}) }, selection.cohort, selection.k);
				}
				case 'trend':
					return customersInTrend(table, selection.period, selection.index, selection.category, included);
				case 'rfm-segment':
					return rfm(table, { asOf: classification.asOf, valueEvents: eventsWithValues(table), mask })
						.customers.filter((row) => row.segment === selection.segment)
						.map((row) => row.customer);
				case 'value-group': {
					const values = customerValues(table, { valueEvents: eventsWithValues(table), mask, asOf: classification.asOf });
					const result = concentration(values, table.customerIds, mask);
					const ids = new Set(selection.group === 'top' ? result.top : result.zeroOrNegative.ids);
					const chosen: number[] = [];
					table.customerIds.forEach((id, c) => {
						if (ids.has(id)) chosen.push(c);
					});
					return chosen;
				}
			}
		})();
		const status = customerStatus(table, classification, model.status ?? DEFAULT_STATUS, mask);
		return listCustomers(table, classification, model, status, chosen);
	},

	/** A funnel per value of an attribute (on each customer's first event): the top 8 and "other". */
	async breakdown(datasetId: string, model: LifecycleModel, options: FunnelOptions & QueryOptions, attribute: string): Promise<FunnelBreakdown> {
		const { table, classification } = await classificationOf(datasetId, model, options.asOf);
		return funnelBreakdown(table, classification, model, attribute, { ...options, mask: await maskOf(datasetId, options.filter) });
	},

	/** The conversion of each entry cohort (by the period of step 1) to every step. */
	async conversionOverTime(datasetId: string, model: LifecycleModel, options: FunnelOptions & QueryOptions, period: Period): Promise<ConversionOverTime> {
		const { classification } = await classificationOf(datasetId, model, options.asOf);
		return conversionOverTime(classification, model, period, { ...options, mask: await maskOf(datasetId, options.filter) });
	},

	/** Time from one funnel step to another (indexes into the funnel's steps). */
	async conversionTime(datasetId: string, model: LifecycleModel, options: FunnelOptions & QueryOptions, from: number, to: number): Promise<ConversionTime> {
		const { classification } = await classificationOf(datasetId, model, options.asOf);
		const mask = await maskOf(datasetId, options.filter);
		return conversionTime(stepTimes(classification, model, { ...options, mask }), from, to);
	},

	/** Sankey of stage paths. */
	async paths(datasetId: string, model: LifecycleModel, options: PathOptions & QueryOptions): Promise<FlowResult> {
		const { classification } = await classificationOf(datasetId, model, options.asOf);
		return stagePaths(classification, model, { ...options, mask: await maskOf(datasetId, options.filter) });
	},

	/** Sankey of each customer's standing on date A to date B. */
	async transitions(datasetId: string, model: LifecycleModel, dateA: number, dateB: number, filter?: CustomerFilter): Promise<FlowResult> {
		return periodTransitions(await tableOf(datasetId).table, model, dateA, dateB, await maskOf(datasetId, filter));
	},

	/**
	 * Cohort retention: cohorts by first seen (cohortStage -1) or entry into a stage; returns by any event
	 * or the named one.
	 */
	async retention(
		datasetId: string,
		model: LifecycleModel,
		options: { period: Period; cohortStage: number; returnEvent: string | null; mode: 'bounded' | 'unbounded' } & QueryOptions
	): Promise<RetentionResult> {
		const { table, classification } = await classificationOf(datasetId, model, options.asOf);
		const mask = await maskOf(datasetId, options.filter);
		const returns = returnEventsOf(table, options.returnEvent);
		return retention(table, {
			period: options.period,
			cohortTimes: cohortTimesOf(classification, model, options.cohortStage, mask),
			mode: options.mode,
			end: classification.asOf,
			...(returns ? { returnEvents: returns } : {})
		});
	},

	/** New, returning, resurrecting and dormant customers per period. */
	async trend(datasetId: string, period: Period, filter?: CustomerFilter): Promise<TrendResult> {
		return lifecycleTrend(await tableOf(datasetId).table, period, await maskOf(datasetId, filter));
	},

	/** Concentration, RFM and lifetime value of the chosen customers. */
	async value(datasetId: string, model: LifecycleModel, options: QueryOptions & { horizonWeeks: number; yearlyDiscount: number }): Promise<ValueReport> {
		const { table, classification } = await classificationOf(datasetId, model, options.asOf);
		const mask = await maskOf(datasetId, options.filter);
		return valueReport(table, { asOf: classification.asOf, mask, horizonWeeks: options.horizonWeeks, yearlyDiscount: options.yearlyDiscount });
	},

	/** Event names and attribute values with counts, for the model editor's pickers. */
	async describe(datasetId: string): Promise<TableDescription> {
		return describeTable(await tableOf(datasetId).table);
	}
});

const api = {
	/**
	 * Starts reading the stored dataset a link refers to, so that the first view's query finds it loading or
	 * loaded: the page asks as it starts, before it has looked the dataset up and built itself.
	 */
	async open(ref: string): Promise<void> {
		// A head start only: when storage fails, the page's own lookup says so.
		const found = await listDatasets(db).then((datasets) => datasetOfRef(datasets, ref)).catch(() => undefined);
		if (found) tableOf(found.id);
	},

	...analyses,

	/** The pickers can wait: the charts asked for with the same load go first. */
	async describe(datasetId: string): Promise<TableDescription> {
		await new Promise((resume) => setTimeout(resume, 0));
		return analyses.describe(datasetId);
	},

	/** Listens on a channel from the import worker for a dataset to hold in memory (no storage in this browser). */
	receiveDatasets(port: MessagePort) {
		Comlink.expose(sessionReceiver, port);
	},

	/** Lets go of a dataset held in memory. */
	forget(datasetId: string) {
		sessionTables.delete(datasetId);
		if (loaded?.datasetId === datasetId) loaded = null;
	}
};

carryProblems();
Comlink.expose(api);
export type EngineWorkerApi = typeof api;
