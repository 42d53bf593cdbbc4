/**
 * An engine session: one event table and every analysis of it, each asked with a typed query (queries.ts). The work
 * that analyses share is kept between queries: the classification per model and as-of date, and the last filter's
 * customers. The engine worker holds one session per loaded dataset and forwards each query to it; the CLI and the
 * tests call a session directly, so the site, the command line and the tests compute every analysis the same way.
 */
import { attributedCodes, attributionKey, needsClassification, type Attribution } from './attribution';
import { conversionOverTime, eventSegments, segmentFunnels, segmentsOf, type ConversionOverTime, type FunnelBreakdown, type Segments } from './breakdown';
import { classify, type Classification } from './classify';
import { listCustomers, type CustomerList, type Selection } from './customers';
import { describeTable, type TableDescription } from './describe';
import { drivers, type DriversResult } from './drivers';
import { recommendModel, type DatasetShape, type ModelRecommendation } from './recommend-model';
import { selectedCustomers } from './drill-down';
import { chosenCustomers, customerMask, customersWhoDid, hasDates, isEmptyFilter, usesAttribution, type Mask } from './filter';
import { periodTransitions, stagePaths, type FlowResult, type FlowSegments } from './flows';
import { journey, journeyAnchors, type JourneyAnchors, type JourneyInput, type JourneyResult } from './journey';
import { keyFigures, type KeyFigures } from './key-figures';
import { conversionTime, funnel, isReachFunnel, stepTimes, type ConversionTime, type FunnelOptions, type FunnelResult, type StepTimes } from './funnel';
import { DEFAULT_STATUS, type LifecycleModel } from './model';
import {
	isFunnelQuery,
	type BaseQuery,
	type BreakdownQuery,
	type BreakdownSpec,
	type ConversionOverTimeQuery,
	type ConversionTimeQuery,
	type DrillDownQuery,
	type DriversQuery,
	type JourneyQuery,
	type LifecycleQuery,
	type PathsQuery,
	type RetentionQuery,
	type SegmentedQuery,
	type TransitionsQuery,
	type TrendQuery,
	type ValueQuery
} from './queries';
import { isForwardOnly, stageCounts, stageReach, type StageCounts, type StageReach } from './reach';
import { groupRetention, retention, type CohortTimes, type RetentionOptions, type RetentionResult } from './retention';
import { stageEntries, type StageEntries } from './stage-entries';
import { netValues, stageTable, type StageTable } from './stage-table';
import { customerStatuses, statusCounts, type Statuses, type StatusResult } from './status';
import { timeRange, type EventTable } from './table';
import { groupTrends, lifecycleTrend, type TrendResult } from './trend';
import { moneyEvents, type MoneyEvents } from './purchases';
import { rfmOfBuyersByGroup, valueReport, type ValueReport } from './value-report';
import { concentrationOf, customerValues, type Concentration, type RfmResult } from './value';

/**
 * The lifecycle view's first answer: the funnel alone, all the first chart draws. The stage table and the status
 * counts come in the whole answer (LifecycleResult) right after, which reuses this funnel and its classification.
 */
export interface FunnelAnswer {
	asOf: number;
	funnel: FunnelResult;
}

/** The lifecycle view: the funnel, the stage table and the status counts. */
export interface LifecycleResult {
	asOf: number;
	funnel: FunnelResult;
	stages: StageTable;
	status: StatusResult['counts'];
}

/** An analysis once per segment of a breakdown; the segments' customers sum to the chosen customers. */
export interface SegmentedResult<R> {
	attribute: string;
	segments: { value: string; customers: number; result: R }[];
}

/** The value view per segment: the 80/20 shares, Gini and RFM (the lifetime value model is fitted on everyone only). */
export interface SegmentValue {
	concentration: Omit<Concentration, 'top' | 'zeroOrNegative'> & { zeroOrNegative: number };
	rfm: Omit<RfmResult, 'customers'>;
}

/** Switching back to a model just seen should be instant; memory stays bounded. */
const CLASSIFICATIONS_KEPT = 8;
/** Attributed values per attribute and attribution (one Int32Array per customer each). */
const ATTRIBUTIONS_KEPT = 16;

/** What a session tells its owner: the engine worker keeps each classification it computes in storage. */
export interface SessionHooks {
	/** A classification this session computed (not one handed to it). */
	onClassified?: (model: LifecycleModel, classification: Classification) => void;
}

export class EngineSession {
	private readonly classifications = new Map<string, Classification>();
	/** The model recommended, by the dataset's shape (the same table recommends the same model). */
	private readonly recommended = new Map<string, ModelRecommendation>();
	/** The classifications told to the owner (or handed over by it), by key. */
	private readonly told = new Set<string>();
	/** The last model's stage entries, asked only when counting by entries. */
	private lastEntries: { key: string; entries: StageEntries } | null = null;
	/** The last filter's customers, so moving between views does not redo it. */
	private lastMask: { key: string; mask: Mask } | null = null;
	private lastSegments: { key: string; mask: Mask; segments: Segments } | null = null;
	private readonly attributedCache = new Map<string, Int32Array>();
	/** Per event code, the customers who did it (a filter's events conditions); at most one per event name. */
	private readonly doers = new Map<number, Uint32Array>();
	private range: { min: number; max: number } | null | undefined;
	private netValueCache: Float64Array | null = null;
	private moneyEventCodes: MoneyEvents | null = null;
	/** Each customer's net value as of the last date asked: the stage table's, the same under every filter. */
	private lastNetValues: { asOf: number; values: Float64Array } | null = null;
	/**
	 * The last funnel and status, by what they were computed from: the key figures and the lifecycle view ask for the
	 * same ones as the dashboard opens, and the first chart should not wait for them twice.
	 */
	private lastFunnel: { classification: Classification; mask: Mask; key: string; result: FunnelResult } | null = null;
	private lastStatus: { classification: Classification; mask: Mask; key: string; result: StatusResult } | null = null;
	/**
	 * The last filter's customers' counts along a forward-only classification, and their reach once computed: the
	 * lifecycle query's funnel (its first answer, the counts alone) and stage table read them.
	 */
	private lastReach: { classification: Classification; mask: Mask; counts: StageCounts; reach: StageReach | null } | null = null;
	/** Every customer's status under the last classification and thresholds asked: a filter changes only the counts. */
	private lastStatuses: { classification: Classification; key: string; statuses: Statuses } | null = null;
	/** The last journey's anchors: a filter change or another shaping of the same journey does not find them again. */
	private lastAnchors: { classification: Classification; key: string; anchors: JourneyAnchors } | null = null;

	constructor(
		readonly table: EventTable,
		private readonly hooks: SessionHooks = {}
	) {}

	/**
	 * The table classified under a model as of a date (the last event's when omitted), kept for the next query. Told
	 * to the owner (`onClassified`) the first time a query uses it, not when `quietly` (the recommendation's trial
	 * classifications answer no query), and never when it was handed over.
	 */
	classification(model: LifecycleModel, asOf?: number, quietly = false): Classification {
		const key = classificationKey({ model, asOf });
		let classification = this.classifications.get(key);
		if (!classification) {
			classification = classify(this.table, model, { asOf });
			this.keepClassification(key, classification);
		}
		if (!quietly && !this.told.has(key)) {
			this.told.add(key);
			this.hooks.onClassified?.(model, classification);
		}
		return classification;
	}

	/** Whether the classification under a model and date is held (computed here or handed over). */
	holdsClassification(model: LifecycleModel, asOf?: number): boolean {
		return this.classifications.has(classificationKey({ model, asOf }));
	}

	/**
	 * Holds a classification of this table computed earlier (a stored one, ./stored-classification) as if computed
	 * here. False, and nothing held, when it is not of this table's customers, this model's stages and the date this
	 * query's as-of resolves to: then the next query classifies.
	 */
	adoptClassification(model: LifecycleModel, asOf: number | undefined, classification: Classification): boolean {
		const S = model.stages.length;
		const customers = this.table.customerIds.length;
		const fits =
			classification.customerCount === customers &&
			classification.asOf === this.asOfDate(asOf) &&
			classification.stageIds.length === S &&
			classification.stageIds.every((id, s) => id === model.stages[s].id) &&
			classification.entered.length === customers * S;
		if (!fits) return false;
		const key = classificationKey({ model, asOf });
		this.keepClassification(key, classification);
		this.told.add(key);
		return true;
	}

	private keepClassification(key: string, classification: Classification) {
		if (this.classifications.size >= CLASSIFICATIONS_KEPT) this.classifications.delete(this.classifications.keys().next().value!);
		this.classifications.set(key, classification);
	}

	/** Every stay of every customer in the model's stages (./stage-entries), kept for the next query. */
	stageEntries(model: LifecycleModel, asOf?: number): StageEntries {
		const key = classificationKey({ model, asOf });
		if (this.lastEntries?.key !== key) this.lastEntries = { key, entries: stageEntries(this.table, model, this.classification(model, asOf)) };
		return this.lastEntries.entries;
	}

	/**
	 * The customers a query's filter keeps (./filter), by first seen (in the data, whatever the as-of date), attributed
	 * values, events and net value; null: all. Kept for the next query, so moving between views does not redo it.
	 */
	mask(query: Pick<BaseQuery, 'filter' | 'model' | 'asOf'>): Mask {
		const { filter } = query;
		if (!filter) return null;
		const byStage = needsClassification(filter.attribution) && usesAttribution(filter);
		const key = JSON.stringify([filter, byStage ? classificationKey(query) : null]);
		if (this.lastMask?.key !== key) {
			const inputs = {
				attributed: (attribute: string) => this.attributed(query, attribute, filter.attribution),
				netValues: () => (this.netValueCache ??= customerValues(this.table, { valueEvents: this.moneyEvents().money })),
				customersWhoDid: (code: number) => this.customersWhoDid(code)
			};
			this.lastMask = { key, mask: customerMask(this.table, hasDates(filter) ? this.firstSeen() : NO_DATES, filter, inputs) };
		}
		return this.lastMask.mask;
	}

	/** The customers who did an event at least once, kept per event (./filter customersWhoDid: 1 bit per customer). */
	private customersWhoDid(code: number): Uint32Array {
		let bits = this.doers.get(code);
		if (!bits) this.doers.set(code, (bits = customersWhoDid(this.table, code)));
		return bits;
	}

	/**
	 * Each customer's first event in the data (NaN without events): what the filter's dates go by. Not kept: a pass
	 * over the customers' first rows costs little beside the mask it feeds (itself kept), and keeping it would add
	 * 8 bytes per customer to the worker's memory (issue 26's 32 bytes per event).
	 */
	private firstSeen(): Float64Array {
		return this.firstSeenBy(Infinity);
	}

	/**
	 * Each customer's first event up to a date, NaN when none: the classification's first seen, without classifying.
	 * One pass: a run is in time order, so its first event is after the date only when all of them are.
	 */
	private firstSeenBy(asOf: number): Float64Array {
		const { customerStart, time } = this.table;
		const firstSeen = new Float64Array(this.table.customerIds.length);
		for (let c = 0; c < firstSeen.length; c++) {
			const first = customerStart[c + 1] > customerStart[c] ? time[customerStart[c]] : NaN;
			firstSeen[c] = first > asOf ? NaN : first;
		}
		return firstSeen;
	}

	/**
	 * The date a query's as-of date resolves to, as the classification resolves it: the last event's when omitted, read
	 * from the kept time range (a pass over every customer's last row was 10-20 ms of each retention and value answer
	 * at 10M events).
	 */
	asOfDate(asOf?: number): number {
		return asOf ?? this.timeRange()?.max ?? -Infinity;
	}

	/** The data's first and last event (a pass over every customer's run), kept for the trend. */
	private timeRange(): { min: number; max: number } | null {
		if (this.range === undefined) this.range = timeRange(this.table);
		return this.range;
	}

	/** Each customer's code of an attribute under an attribution (./attribution); null: no such attribute. */
	attributed(query: Pick<BaseQuery, 'model' | 'asOf'>, attribute: string, attribution: Attribution = 'first'): Int32Array | null {
		const column = this.table.attributes.find((a) => a.name === attribute);
		if (!column) return null;
		const byStage = needsClassification(attribution);
		const key = JSON.stringify([attribute, attributionKey(attribution), byStage ? classificationKey(query) : null]);
		let codes = this.attributedCache.get(key);
		if (!codes) {
			codes = attributedCodes(this.table, column, attribution, byStage ? this.classification(query.model, query.asOf) : null);
			if (this.attributedCache.size >= ATTRIBUTIONS_KEPT) this.attributedCache.delete(this.attributedCache.keys().next().value!);
			this.attributedCache.set(key, codes);
		}
		return codes;
	}

	/** The segments of the filter's customers by a breakdown: the top N values and "other" (./breakdown). */
	segments(query: BaseQuery, breakdown: BreakdownSpec): Segments {
		const mask = this.mask(query);
		const key = JSON.stringify([breakdown, needsClassification(breakdown.attribution) ? classificationKey(query) : null]);
		if (this.lastSegments?.key !== key || this.lastSegments.mask !== mask) {
			this.lastSegments = { key, mask, segments: breakdown.event ? this.eventSegments(breakdown.attribute, mask) : this.attributeSegments(query, breakdown, mask) };
		}
		return this.lastSegments.segments;
	}

	private attributeSegments(query: BaseQuery, breakdown: BreakdownSpec, mask: Mask): Segments {
		const codes = this.attributed(query, breakdown.attribute, breakdown.attribution);
		const column = this.table.attributes.find((a) => a.name === breakdown.attribute);
		return codes && column ? segmentsOf(codes, column.values, mask, breakdown.top) : { segments: [], of: new Int32Array(this.table.customerIds.length).fill(-1), count: 0 };
	}

	/** An event the data does not have: no one did it, everyone is in "did not". */
	private eventSegments(event: string, mask: Mask): Segments {
		const customers = this.table.customerIds.length;
		const code = this.table.eventNames.indexOf(event);
		return eventSegments(code >= 0 ? this.customersWhoDid(code) : new Uint32Array((customers + 31) >>> 5), event, customers, mask);
	}

	/** An analysis of every segment of the query's breakdown at once (`run` gives one result per segment, in order). */
	private bySegment<R>(query: SegmentedQuery<BaseQuery>, run: (segments: Segments) => R[]): SegmentedResult<R> {
		const segments = this.segments(query, query.breakdown);
		const results = run(segments);
		return { attribute: query.breakdown.attribute, segments: segments.segments.map(({ value, customers }, s) => ({ value, customers, result: results[s] })) };
	}

	/** Each customer's segment index, for links counted per segment; undefined without a breakdown. */
	private flowSegments(query: BaseQuery & { breakdown?: BreakdownSpec }): FlowSegments | undefined {
		if (!query.breakdown) return undefined;
		const { segments, of } = this.segments(query, query.breakdown);
		return { values: segments.map((s) => s.value), of };
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

	/** Each customer's status (active, inactive, lost) under the model's thresholds, and the chosen customers' counts. */
	status(query: BaseQuery): StatusResult {
		const classification = this.classification(query.model, query.asOf);
		const mask = this.mask(query);
		const key = JSON.stringify(query.model.status ?? DEFAULT_STATUS);
		const last = this.lastStatus;
		if (last?.classification === classification && last.mask === mask && last.key === key) return last.result;
		if (this.lastStatuses?.classification !== classification || this.lastStatuses.key !== key)
			this.lastStatuses = { classification, key, statuses: customerStatuses(this.table, classification, query.model.status ?? DEFAULT_STATUS) };
		const { statuses } = this.lastStatuses;
		const result = { ...statuses, counts: statusCounts(statuses, mask) };
		this.lastStatus = { classification, mask, key, result };
		return result;
	}

	/**
	 * The query's funnel, kept for the next query that asks for the same one. `times` false: a first answer, which may
	 * leave the times between steps to the whole (FunnelOptions.times).
	 */
	private funnel(query: DrillDownQuery, classification: Classification, mask: Mask, times = true): FunnelResult {
		const options = { ...this.funnelOptions(query, mask), times };
		const key = funnelKey(options);
		const last = this.lastFunnel;
		// A funnel with its times answers a first answer's ask too.
		if (last?.classification === classification && last.mask === mask && last.key === key && !(times && last.result.timesToCome)) return last.result;
		const reach = isReachFunnel(classification, options) ? (times ? this.reach(classification, mask) : this.counts(classification, mask)) : undefined;
		const result = funnel(classification, query.model, options, reach);
		this.lastFunnel = { classification, mask, key, result };
		return result;
	}

	/**
	 * Keeps a funnel computed from a classification this session holds before the table was read (a cold start's
	 * funnelFromClassification), as if computed here: the whole lifecycle answer asked next does not count it again.
	 */
	keepFunnel(query: LifecycleQuery, classification: Classification, answer: FunnelAnswer, counts: StageCounts | null = null): void {
		if (this.classifications.get(classificationKey(query)) !== classification || !readsOnlyClassification(query)) return;
		const mask = this.mask(query);
		this.lastFunnel = { classification, mask, key: funnelKey(this.funnelOptions(query, mask)), result: answer.funnel };
		// Its counts too (earlyFunnel's, over every customer: a query that reads only the classification has no mask).
		if (counts && mask === null) this.lastReach = { classification, mask, counts, reach: null };
	}

	/** How many of the mask's customers reached each stage of a forward-only classification (./reach), kept for their reach. */
	private counts(classification: Classification, mask: Mask): StageCounts {
		if (this.lastReach?.classification !== classification || this.lastReach.mask !== mask) this.lastReach = { classification, mask, counts: stageCounts(classification, mask), reach: null };
		return this.lastReach.counts;
	}

	/** The mask's customers' reach along a forward-only classification (./reach), kept for the stage table after the funnel. */
	private reach(classification: Classification, mask: Mask): StageReach {
		const counts = this.counts(classification, mask);
		return (this.lastReach!.reach ??= stageReach(classification, mask, counts));
	}

	/** When each chosen customer counts at each step of the query's funnel. */
	stepTimes(query: DrillDownQuery, mask: Mask = this.mask(query)): StepTimes {
		return stepTimes(this.classification(query.model, query.asOf), query.model, this.funnelOptions(query, mask));
	}

	/**
	 * The retention set-up: cohorts by first seen or entry into a stage, returns by any event or the named one. The
	 * cohort times are read where they are (the table's first rows, the classification's entries), and only the filter's
	 * customers are visited: no array per customer per call.
	 */
	retentionOptions(query: RetentionQuery): RetentionOptions {
		const { model, cohortStage } = query;
		const S = model.stages.length;
		// Cohorts by first seen need no classification: a cold retention answers without classifying every customer.
		const classification = cohortStage < 0 || cohortStage >= S ? null : this.classification(model, query.asOf);
		const end = classification?.asOf ?? this.asOfDate(query.asOf);
		const mask = this.mask(query);
		const cohortTimes: CohortTimes = classification
			? { times: classification.entered, stride: S, offset: cohortStage, until: end }
			: { times: this.table.time, stride: 0, offset: 0, firstRow: this.table.customerStart, until: end };
		return {
			period: query.period,
			cohortTimes,
			customers: chosenCustomers(mask),
			mode: query.mode,
			end,
			revenueEvents: this.moneyEvents().money,
			...(query.brackets?.length ? { brackets: query.brackets } : {}),
			// An unknown event name matches nothing.
			...(query.returnEvent === null ? {} : { returnEvents: new Set([this.table.eventNames.indexOf(query.returnEvent)]) })
		};
	}

	/**
	 * The lifecycle query's funnel on its own, before the stage table and the status counts (`lifecycle`): the first
	 * chart's answer, so a reach funnel's times between steps come with the whole answer (FunnelResult.timesToCome).
	 */
	lifecycleFunnel(query: LifecycleQuery): FunnelAnswer {
		const classification = this.classification(query.model, query.asOf);
		return { asOf: classification.asOf, funnel: this.funnel(query, classification, this.mask(query), false) };
	}

	/** The funnel, the stage table and the status counts. */
	lifecycle(query: LifecycleQuery): LifecycleResult {
		const classification = this.classification(query.model, query.asOf);
		const mask = this.mask(query);
		const status = this.status(query);
		return {
			asOf: classification.asOf,
			funnel: this.funnel(query, classification, mask),
			stages: this.stageTable(query, classification, status, mask),
			status: status.counts
		};
	}

	private stageTable(query: LifecycleQuery, classification: Classification, status: StatusResult, mask: Mask): StageTable {
		const values = this.netValues(classification.asOf);
		if (this.countsEntries(query)) return stageTable(this.table, classification, query.model, status, mask, values, this.stageEntries(query.model, query.asOf));
		const reach = query.model.progression !== 'latest' && isForwardOnly(classification) ? this.reach(classification, mask) : undefined;
		return stageTable(this.table, classification, query.model, status, mask, values, undefined, reach);
	}

	/** The first screen's answer: customers, overall conversion, active / at risk / lost and total value. */
	keyFigures(query: LifecycleQuery): KeyFigures {
		const classification = this.classification(query.model, query.asOf);
		const mask = this.mask(query);
		const values = this.moneyEvents().money.size ? this.netValues(classification.asOf) : null;
		return keyFigures(this.table, this.funnel(query, classification, mask), this.status(query), { asOf: classification.asOf, mask, values });
	}

	/** A funnel per segment of an attribute (on each customer's first event unless the query says otherwise): the top N and "other". */
	breakdown(query: BreakdownQuery): FunnelBreakdown {
		const classification = this.classification(query.model, query.asOf);
		const { attribute, top, attribution, event } = query;
		const segments = this.segments(query, { attribute, top, attribution, ...(event ? { event } : {}) });
		return segmentFunnels(classification, query.model, attribute, segments, this.funnelOptions(query, this.mask(query)));
	}

	/** The conversion of each entry cohort (by the period of step 1) to every step. */
	conversionOverTime(query: ConversionOverTimeQuery): ConversionOverTime {
		const classification = this.classification(query.model, query.asOf);
		return conversionOverTime(classification, query.model, query.period, this.funnelOptions(query, this.mask(query)));
	}

	/** Time from one funnel step to another (indexes into the funnel's steps). */
	conversionTime(query: ConversionTimeQuery): ConversionTime {
		return conversionTime(this.stepTimes(query), query.from, query.to);
	}

	/** Which attribute values and prior events go with converting at a funnel step (./drivers). */
	drivers(query: DriversQuery): DriversResult {
		// Unique customers on each side, whatever the funnel counts: entries need not be computed.
		const { counting: _counting, ...funnelQuery } = query;
		return drivers(this.table, query.stage, {
			stepTimes: this.stepTimes(funnelQuery),
			stageIds: query.model.stages.map((s) => s.id),
			attributed: (attribute) => this.attributed(query, attribute, query.attribution)
		});
	}

	/** The Sankey of stage paths. */
	paths(query: PathsQuery): FlowResult {
		const classification = this.classification(query.model, query.asOf);
		const segments = this.flowSegments(query);
		return stagePaths(classification, query.model, { positions: query.positions, minShare: query.minShare, mask: this.mask(query), ...(segments ? { segments } : {}) });
	}

	/** The Sankey of each customer's standing on date A and on date B (the dates stand in for the as-of date). */
	transitions(query: TransitionsQuery): FlowResult {
		return periodTransitions(this.table, query.model, query.dateA, query.dateB, this.mask(query), this.flowSegments(query));
	}

	/** The events after or before each chosen customer's anchor, as a Sankey with each link's conversion to the goal. */
	journey(query: JourneyQuery): JourneyResult {
		return journey(this.journeyInput(query), query);
	}

	/** What a journey and its drill-down are computed from: the classification, the anchors (kept) and the filter's customers. */
	journeyInput(query: Pick<JourneyQuery, 'model' | 'asOf' | 'filter' | 'anchor'>): JourneyInput {
		const classification = this.classification(query.model, query.asOf);
		const key = JSON.stringify(query.anchor);
		if (this.lastAnchors?.classification !== classification || this.lastAnchors.key !== key)
			this.lastAnchors = { classification, key, anchors: journeyAnchors(this.table, classification, query.model, query.anchor) };
		return { table: this.table, classification, model: query.model, anchors: this.lastAnchors.anchors, mask: this.mask(query) };
	}

	/** Cohort retention. */
	retention(query: RetentionQuery): RetentionResult {
		return retention(this.table, this.retentionOptions(query));
	}

	/** Cohort retention per segment: each segment's cohorts, curves and size-weighted average, in one pass. */
	retentionBySegment(query: SegmentedQuery<RetentionQuery>): SegmentedResult<RetentionResult> {
		const options = this.retentionOptions(query);
		return this.bySegment(query, (segments) => groupRetention(this.table, options, segments));
	}

	/** The lifecycle trend per segment, in one pass. */
	trendBySegment(query: SegmentedQuery<TrendQuery>): SegmentedResult<TrendResult> {
		return this.bySegment(query, (segments) => groupTrends(this.table, query.period, this.mask(query), segments, this.timeRange()));
	}

	/**
	 * Concentration of value (80/20, Gini) and RFM per segment: each customer's net value is the kept one (the same
	 * under every filter), and the chosen customers' RFM rows are read once and scored per segment.
	 */
	valueBySegment(query: SegmentedQuery<ValueQuery>): SegmentedResult<SegmentValue> {
		const asOf = this.asOfDate(query.asOf);
		const events = this.moneyEvents();
		const mask = this.mask(query);
		return this.bySegment(query, (segments) => {
			const values = this.netValues(asOf);
			const members = Array.from({ length: segments.count }, (): number[] => []);
			const list = chosenCustomers(mask);
			const visited = list ? list.length : segments.of.length;
			for (let j = 0; j < visited; j++) {
				const c = list ? list[j] : j;
				if (segments.of[c] >= 0) members[segments.of[c]].push(c);
			}
			const rfms = rfmOfBuyersByGroup(this.table, asOf, mask, events, segments);
			return members.map((chosen, s) => {
				const { top: _top, zeroOrNegative, ...shares } = concentrationOf(values, this.table.customerIds, chosen);
				const { customers: _rows, ...rfm } = rfms[s];
				return { concentration: { ...shares, zeroOrNegative: zeroOrNegative.customers }, rfm };
			});
		});
	}

	/** New, returning, resurrecting and dormant customers per period, over all the data (the as-of date aside). */
	trend(query: TrendQuery): TrendResult {
		return lifecycleTrend(this.table, query.period, this.mask(query), this.timeRange());
	}

	/** Concentration, RFM and lifetime value of the chosen customers. */
	value(query: ValueQuery): ValueReport {
		const asOf = this.asOfDate(query.asOf);
		return valueReport(this.table, {
			asOf,
			mask: this.mask(query),
			events: this.moneyEvents(),
			horizonWeeks: query.horizonWeeks,
			yearlyDiscount: query.yearlyDiscount
		});
	}

	/** Event names and attribute values with counts, for the model editor's pickers. */
	describe(): TableDescription {
		return describeTable(this.table);
	}

	/** The model the dataset should open on when the link names none (recommend-model.ts); kept per shape. */
	recommendModel(shape?: DatasetShape): ModelRecommendation {
		const key = shape ?? '';
		let recommended = this.recommended.get(key);
		if (!recommended) {
			recommended = recommendModel(this.table, shape, { classify: (model) => this.classification(model, undefined, true), moneyEvents: this.moneyEvents() });
			this.recommended.set(key, recommended);
		}
		return recommended;
	}

	/** The engine's funnel options of a query: its mode, windows, exclusions and steps, over the chosen customers. */
	funnelOptions(query: DrillDownQuery, mask: Mask): FunnelOptions {
		if (!isFunnelQuery(query)) return { mask };
		const { exclusions } = query;
		return {
			...shapeOptions(query),
			...(exclusions?.length ? { exclusions, table: this.table } : {}),
			...(this.countsEntries(query) ? { entries: this.stageEntries(query.model, query.asOf) } : {}),
			mask
		};
	}

	private countsEntries(query: DrillDownQuery): boolean {
		return isFunnelQuery(query) && query.counting === 'entries';
	}

	/** The customers behind a mark of a chart (drill-down.ts), up to 100,000 rows. */
	customers(query: DrillDownQuery, selection: Selection): CustomerList {
		const classification = this.classification(query.model, query.asOf);
		return listCustomers(this.table, classification, query.model, this.status(query), selectedCustomers(this, query, selection));
	}
}

/** What a kept funnel was computed with besides its classification and mask. */
function funnelKey(options: FunnelOptions): string {
	// The stays are the classification's (same model and date): a flag is enough, and far cheaper than their arrays.
	const { mask: _mask, table: _table, entries, times: _times, ...rest } = options;
	return JSON.stringify([rest, entries !== undefined]);
}

/** A funnel query's mode, windows and steps: the options that read nothing but the classification. */
const shapeOptions = ({ mode, windowDays, windowUnit, stepWindows, steps }: LifecycleQuery): FunnelOptions => ({ mode, windowDays, windowUnit, stepWindows, ...(steps ? { steps } : {}) });

/** Whether a lifecycle query's funnel reads nothing but the classification: no filter, no exclusions, unique customers. */
export const readsOnlyClassification = (query: LifecycleQuery): boolean =>
	(!query.filter || isEmptyFilter(query.filter)) && !query.exclusions?.length && query.counting !== 'entries';

/**
 * The lifecycle query's funnel from its classification alone, before the table is read (a stored classification on a
 * cold start); null when the query needs the table: a filter, exclusions, or counting by entries. The same answer as
 * the session's `lifecycleFunnel` over the same classification.
 */
export function funnelFromClassification(classification: Classification, query: LifecycleQuery): FunnelAnswer | null {
	return earlyFunnel(classification, query)?.answer ?? null;
}

/**
 * funnelFromClassification's answer, and the counts it read (./reach, the dashboard's funnel: null otherwise) for the
 * session to keep with it (`keepFunnel`): the stage table asked next reads the same counts, and the times between
 * stages, most of a cold funnel's compute, which this first answer leaves to it.
 */
export function earlyFunnel(classification: Classification, query: LifecycleQuery): { answer: FunnelAnswer; counts: StageCounts | null } | null {
	if (!readsOnlyClassification(query)) return null;
	const options = { ...shapeOptions(query), mask: null, times: false };
	const counts = isReachFunnel(classification, options) ? stageCounts(classification, null) : null;
	return { answer: { asOf: classification.asOf, funnel: funnel(classification, query.model, options, counts ?? undefined) }, counts };
}

/** The first-seen times of a filter without dates: customerMask does not read them. */
const NO_DATES = new Float64Array(0);

/** What a classification depends on: the model's stages and progression, and the as-of date. */
const classificationKey = ({ model, asOf }: Pick<BaseQuery, 'model' | 'asOf'>) => JSON.stringify([model.stages, model.progression, asOf ?? null]);
