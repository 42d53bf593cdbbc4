/**
 * A snapshot: the dashboard's results without its data, for a link or a one-file report (docs/sharing.md).
 * It holds the engine's result objects for the shared views with every count of customers under k hidden
 * (and what would give a hidden count away by subtraction), and nothing per customer: no ids, no events,
 * no attribute values. Hidden counts are -1 ("under k") or -2 ("withheld"); numbers derived from them are null.
 */
import { OTHER_VALUE, type FunnelBreakdown } from '../engine/breakdown';
import type { FlowResult } from '../engine/flows';
import type { FunnelResult } from '../engine/funnel';
import type { LifecycleModel } from '../engine/model';
import type { LifecycleQuery } from '../engine/queries';
import type { RetentionResult } from '../engine/retention';
import type { StageRow, StageTable } from '../engine/stage-table';
import type { TrendResult } from '../engine/trend';
import type { ValueAnswer } from '../engine/value-report';
import { segmentOf, type SegmentName, type TopShare, type LorenzPoint } from '../engine/value';
import { isUnderK, suppress, UNDER_K, WITHHELD, type Mark, type Relation } from './suppress';

export const SNAPSHOT_VERSION = 1;
export { DEFAULT_K } from './threshold';
/** The value a hidden count holds in a snapshot. */
export const HIDDEN_UNDER_K = -1;
export const HIDDEN_WITHHELD = -2;
export const SHARED_VIEWS = ['funnel', 'flows', 'retention', 'trend', 'value'] as const;
export type SharedView = (typeof SHARED_VIEWS)[number];

/** A stage table whose value sums may be hidden (null) where fewer than k customers are in the stage. */
export type SharedStageTable = Omit<StageTable, 'rows' | 'progression'> & { progression?: StageTable['progression']; rows: (Omit<StageRow, 'valueSum'> & { valueSum: number | null })[] };

export interface SharedLifecycle {
	asOf: number;
	funnel: FunnelResult;
	stages: SharedStageTable;
	status: { active: number; inactive: number; lost: number; wonBack: number };
	/** The funnel per value of an attribute, when the dashboard showed one. */
	breakdown?: FunnelBreakdown;
	/** What the funnel counted beyond its mode and window (which its result says), when the dashboard set it. */
	settings?: FunnelSettings;
}

/** The funnel's per-step windows and exclusion steps, by stage id (the snapshot's rows give their labels). */
export interface FunnelSettings {
	/** The step into stage `stageId` within `within` window units of the step before it. */
	stepWindows: { stageId: string; within: number }[];
	/** Who did `event` between the steps of stages `from` and `to` dropped out. */
	exclusions: { event: string; from: string; to: string }[];
}

/** A funnel query's per-step windows and exclusion steps as a snapshot holds them; undefined when it has none. */
export function funnelSettings(query: Pick<LifecycleQuery, 'stepWindows' | 'exclusions'>, model: LifecycleModel): FunnelSettings | undefined {
	const id = (stage: number) => model.stages[stage].id;
	const stepWindows = (query.stepWindows ?? []).map((w) => ({ stageId: id(w.stage), within: w.within }));
	const exclusions = (query.exclusions ?? []).map((e) => ({ event: e.event, from: id(e.from), to: id(e.to) }));
	return stepWindows.length || exclusions.length ? { stepWindows, exclusions } : undefined;
}

export interface SharedValue {
	concentration: { customers: number; total: number | null; topShares: TopShare[]; lorenz: LorenzPoint[]; gini: number | null; zeroOrNegative: { customers: number } };
	rfm: { grid: number[][]; segments: { name: SegmentName; customers: number }[] };
	cohorts: { label: string; customers: number; value: number | null; perCustomer: number | null }[];
	prediction:
		| { ok: true; bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number }; gammaGamma: { p: number; q: number; v: number } | null; customers: number; horizonWeeks: number; expectedPurchases: number; expectedValue: number | null }
		| { ok: false; message: string };
	holdout: { calibrationEnd: number; weeks: { week: number; actual: number; predicted: number }[] } | null;
}

export interface Snapshot {
	v: typeof SNAPSHOT_VERSION;
	/** The suppression threshold: counts from 1 to k − 1 are hidden. */
	k: number;
	/** The dataset's and the model's names, as the dashboard showed them. */
	dataset: string;
	model: string;
	/** When the snapshot was made (epoch ms). */
	made: number;
	/** The dashboard had a filter on (which customers it kept is not said: its values may be rare ones). */
	filtered: boolean;
	lifecycle?: SharedLifecycle;
	flows?: FlowResult & { kind: 'paths' | 'transitions' };
	retention?: RetentionResult & { show: 'percent' | 'count' | 'revenue' };
	trend?: TrendResult;
	value?: SharedValue;
}

/** What the dashboard computed, as the engine returned it. */
export interface DashboardResults {
	lifecycle?: Omit<SharedLifecycle, 'stages'> & { stages: StageTable };
	flows?: FlowResult & { kind: 'paths' | 'transitions' };
	retention?: RetentionResult & { show: 'percent' | 'count' | 'revenue' };
	trend?: TrendResult;
	value?: ValueAnswer;
}

export interface SnapshotMeta {
	k: number;
	dataset: string;
	model: string;
	made: number;
	filtered: boolean;
}

/** The results of a dashboard, made safe to share at threshold k. The input is not changed. */
export function buildSnapshot(results: DashboardResults, meta: SnapshotMeta): Snapshot {
	const k = Math.max(2, Math.floor(meta.k));
	const copy = structuredClone(results);
	const value = copy.value ? withoutCustomers(copy.value, k) : undefined;
	const cells = new Cells(k);
	// Each view's count of all its customers; where two views count the same customers, a count hidden in one
	// must be hidden in the other (the relation holds only where the numbers are equal).
	const totals = [
		copy.lifecycle && lifecycleCells(cells, copy.lifecycle),
		copy.flows && flowCells(cells, copy.flows),
		copy.retention && retentionCells(cells, copy.retention),
		value && valueCells(cells, value)
	].filter((cell) => cell !== undefined);
	for (const cell of totals.slice(1)) cells.relate(totals[0], [cell]);
	if (copy.trend) trendCells(cells, copy.trend);
	cells.apply();
	return {
		v: SNAPSHOT_VERSION,
		k,
		dataset: meta.dataset,
		model: meta.model,
		made: meta.made,
		filtered: meta.filtered,
		...(copy.lifecycle ? { lifecycle: copy.lifecycle } : {}),
		...(copy.flows ? { flows: copy.flows } : {}),
		...(copy.retention ? { retention: copy.retention } : {}),
		...(copy.trend ? { trend: copy.trend } : {}),
		...(value ? { value } : {})
	};
}

/** The views a snapshot holds, in the dashboard's order. */
export const viewsOf = (snapshot: Snapshot): SharedView[] =>
	SHARED_VIEWS.filter((view) => (view === 'funnel' ? snapshot.lifecycle : snapshot[view]) !== undefined);

export const isHidden = (n: number | null) => n !== null && n < 0;

/**
 * Every number of the results that counts customers (or sums over a group of them) is a cell; `hide` is called
 * for each cell the suppression hides, with its mark, to write the marker and clear what derives from it.
 */
class Cells {
	private values: number[] = [];
	private primary: boolean[] = [];
	private hiders: ((mark: Mark) => void)[] = [];
	private relations: Relation[] = [];
	constructor(readonly k: number) {}

	/** A count of customers: hidden when under k. */
	count(value: number, hide: (marker: number) => void): number {
		return this.add(value, isUnderK(value, this.k), hide);
	}

	/** Any other number over a group of customers (a sum of money): hidden (written as null) when its group is. */
	add(value: number, primary: boolean, hide: (marker: number) => void): number {
		this.values.push(value);
		this.primary.push(primary);
		this.hiders.push((mark) => hide(mark === UNDER_K ? HIDDEN_UNDER_K : HIDDEN_WITHHELD));
		return this.values.length - 1;
	}

	relate(total: number, parts: number[]): void {
		if (parts.length) this.relations.push({ total, parts });
	}

	apply(): void {
		suppress(this.values, this.primary, this.relations).forEach((mark, i) => {
			if (mark === UNDER_K || mark === WITHHELD) this.hiders[i](mark);
		});
	}
}

/**
 * A funnel's counts: the step counts, each drop-off with the step count it adds up to with, and (with exclusion
 * steps) how many of each drop-off an exclusion took out (the rest of the drop-off is not shown: no relation).
 */
function funnelCells(cells: Cells, funnel: FunnelResult, onHiddenTotal: () => void = () => {}): { customers: number; steps: number[]; excluded: (number | undefined)[] } {
	const customers = cells.count(funnel.customers, (m) => {
		funnel.customers = m;
		onHiddenTotal();
	});
	const steps: number[] = [];
	const excluded: (number | undefined)[] = [];
	funnel.steps.forEach((step, s) => {
		const count = cells.count(step.count, (m) => {
			step.count = m;
			step.conversion = step.stepConversion = step.medianTimeFromPrevious = null;
			if (s === 0) for (const later of funnel.steps) later.conversion = null;
			if (funnel.steps[s + 1]) funnel.steps[s + 1].stepConversion = null;
		});
		if (s > 0) {
			const dropOff = cells.count(step.dropOff, (m) => {
				step.dropOff = m;
				step.dropOffRate = null;
			});
			cells.relate(steps[s - 1], [count, dropOff]);
		}
		excluded.push(step.excluded === undefined ? undefined : cells.count(step.excluded, (m) => (step.excluded = m)));
		steps.push(count);
	});
	return { customers, steps, excluded };
}

/**
 * A breakdown's groups of fewer than k customers are merged into "Other" (a rare attribute value is never
 * named), then every group's funnel is suppressed like the whole one, and each step adds up over the groups.
 */
function breakdownCells(cells: Cells, breakdown: FunnelBreakdown, whole: ReturnType<typeof funnelCells>): void {
	const small = breakdown.groups.filter((g) => g.funnel.customers < cells.k || g.value === OTHER_VALUE);
	const kept = breakdown.groups.filter((g) => !small.includes(g));
	if (small.length) kept.push({ value: OTHER_VALUE, funnel: mergeFunnels(small.map((g) => g.funnel)) });
	breakdown.groups = kept;
	const groups = kept.map((g) => funnelCells(cells, g.funnel));
	cells.relate(whole.customers, groups.map((g) => g.customers));
	whole.steps.forEach((total, s) => cells.relate(total, groups.map((g) => g.steps[s])));
	whole.excluded.forEach((total, s) => {
		const parts = groups.map((g) => g.excluded[s]);
		if (total !== undefined && parts.every((p) => p !== undefined)) cells.relate(total, parts as number[]);
	});
}

/** Funnels of disjoint groups of customers as one: counts add up, rates follow, medians cannot be added (none). */
function mergeFunnels(funnels: FunnelResult[]): FunnelResult {
	const [first] = funnels;
	const customers = funnels.reduce((s, f) => s + f.customers, 0);
	const counts = first.steps.map((_, s) => funnels.reduce((sum, f) => sum + f.steps[s].count, 0));
	const excluded = (s: number) => (first.steps[s].excluded === undefined ? {} : { excluded: funnels.reduce((sum, f) => sum + (f.steps[s].excluded ?? 0), 0) });
	const rate = (n: number, of: number) => (of > 0 ? n / of : null);
	return {
		mode: first.mode,
		windowDays: first.windowDays,
		...(first.windowUnit ? { windowUnit: first.windowUnit } : {}),
		customers,
		steps: first.steps.map((step, s) => ({
			...step,
			count: counts[s],
			conversion: rate(counts[s], counts[0]),
			stepConversion: s === 0 ? null : rate(counts[s], counts[s - 1]),
			dropOff: s === 0 ? 0 : counts[s - 1] - counts[s],
			dropOffRate: s === 0 ? null : rate(counts[s - 1] - counts[s], counts[s - 1]),
			medianTimeFromPrevious: null,
			...excluded(s)
		}))
	};
}

function lifecycleCells(cells: Cells, view: SharedLifecycle): number {
	const { funnel, stages, status } = view;
	const whole = funnelCells(cells, funnel, () => {
		stages.customers = funnel.customers;
		for (const row of stages.rows) row.share = null;
	});
	const customers = whole.customers;
	if (view.breakdown) breakdownCells(cells, view.breakdown, whole);
	const statusCells = (['active', 'inactive', 'lost'] as const).map((key) => cells.count(status[key], (m) => (status[key] = m)));
	cells.count(status.wonBack, (m) => (status.wonBack = m));
	cells.relate(customers, statusCells);

	cells.count(stages.regressions, (m) => (stages.regressions = m));
	const columns = { current: [] as number[], inactive: [] as number[], lost: [] as number[], valueSum: [] as number[] };
	stages.rows.forEach((row, r) => {
		cells.count(row.entered, (m) => {
			row.entered = m;
			row.conversionToNext = row.medianTimeInStage = row.p90TimeInStage = null;
			if (stages.rows[r - 1]) stages.rows[r - 1].conversionToNext = null;
		});
		const currentSmall = isUnderK(row.current, cells.k);
		columns.current.push(
			cells.count(row.current, (m) => {
				row.current = m;
				row.share = row.valueMean = null;
			})
		);
		columns.inactive.push(cells.count(row.inactive, (m) => (row.inactive = m)));
		columns.lost.push(cells.count(row.lost, (m) => (row.lost = m)));
		columns.valueSum.push(
			cells.add(row.valueSum ?? 0, currentSmall, () => {
				row.valueSum = null;
				row.valueMean = null;
			})
		);
	});
	cells.relate(customers, columns.current);
	cells.relate(statusCells[1], columns.inactive);
	cells.relate(statusCells[2], columns.lost);
	return customers;
}

function flowCells(cells: Cells, flows: FlowResult): number {
	const total = cells.count(flows.customers, (m) => (flows.customers = m));
	const nodeCell = new Map<string, number>();
	const byPosition = new Map<number, number[]>();
	for (const node of flows.nodes) {
		const cell = cells.count(node.customers, (m) => (node.customers = m));
		nodeCell.set(node.id, cell);
		byPosition.set(node.position, [...(byPosition.get(node.position) ?? []), cell]);
	}
	for (const parts of byPosition.values()) cells.relate(total, parts);
	const out = new Map<string, number[]>();
	const into = new Map<string, number[]>();
	for (const link of flows.links) {
		const cell = cells.count(link.customers, (m) => (link.customers = m));
		out.set(link.source, [...(out.get(link.source) ?? []), cell]);
		into.set(link.target, [...(into.get(link.target) ?? []), cell]);
	}
	for (const [id, parts] of out) if (nodeCell.has(id)) cells.relate(nodeCell.get(id)!, parts);
	for (const [id, parts] of into) if (nodeCell.has(id)) cells.relate(nodeCell.get(id)!, parts);
	return total;
}

function retentionCells(cells: Cells, retention: RetentionResult): number {
	const total = cells.count(retention.customers, (m) => (retention.customers = m));
	const sizes: number[] = [];
	const columns: number[][] = [];
	for (const cohort of retention.cohorts) {
		const hideCohort = (m: number) => {
			cohort.size = m;
			cohort.rates = cohort.rates.map(() => null);
			cohort.revenueRetention = cohort.revenueRetention.map(() => null);
		};
		sizes.push(cells.count(cohort.size, hideCohort));
		cohort.counts.forEach((count, k) => {
			if (count === null) return;
			const cell = cells.count(count, (m) => {
				cohort.counts[k] = m;
				cohort.rates[k] = null;
			});
			// The average's numerator is the sum of the complete cells' counts.
			if (!cohort.partial[k]) (columns[k] ??= []).push(cell);
			const revenue = cohort.revenue[k];
			if (revenue !== null) {
				cells.add(revenue, isUnderK(count, cells.k), () => {
					cohort.revenue[k] = null;
					cohort.revenueRetention[k] = null;
					if (k === 0) cohort.revenueRetention = cohort.revenueRetention.map(() => null);
				});
			}
		});
	}
	cells.relate(total, sizes);
	// average[k] × (the complete cohorts' sizes) is the total of column k: a hidden cell must not be alone in it.
	columns.forEach((parts, k) => {
		const average = cells.add(sumOfColumn(retention, k), false, () => (retention.average[k] = null));
		cells.relate(average, parts);
	});
	return total;
}

/** The sum of column k's counts over the cohorts whose period k is complete (what average[k] is made from). */
function sumOfColumn(retention: RetentionResult, k: number): number {
	return retention.cohorts.reduce((s, c) => s + (c.counts[k] !== null && !c.partial[k] ? (c.counts[k] as number) : 0), 0);
}

function trendCells(cells: Cells, trend: TrendResult): void {
	for (const p of trend.periods) {
		const parts = (['new', 'returning', 'resurrecting'] as const).map((key) => cells.count(p[key], (m) => (p[key] = m)));
		cells.count(p.dormant, (m) => (p.dormant = m));
		cells.relate(
			cells.count(p.active, (m) => (p.active = m)),
			parts
		);
	}
}

/** The value report without anything per customer: no ids, no top list, a Lorenz curve of groups of k or more. */
function withoutCustomers(report: ValueAnswer, k: number): SharedValue {
	const { concentration: c, rfm, cohorts, prediction, holdout } = report;
	const tooFew = c.customers < k;
	return {
		concentration: {
			customers: c.customers,
			total: tooFew ? null : c.total,
			topShares: c.topShares.map((s) => ({ top: s.top, customers: s.customers, share: s.customers < k ? null : s.share })),
			lorenz: tooFew ? [] : thinLorenz(c.lorenz, c.customers, k),
			gini: tooFew ? null : c.gini,
			zeroOrNegative: { customers: c.zeroOrNegative.customers }
		},
		rfm: { grid: rfm.grid.map((row) => [...row]), segments: rfm.segments.map(({ name, customers }) => ({ name, customers })) },
		cohorts: cohorts.map(({ label, customers, value, perCustomer }) => ({ label, customers, value, perCustomer })),
		prediction: prediction.ok
			? {
					ok: true,
					bgnbd: { r: prediction.bgnbd.r, alpha: prediction.bgnbd.alpha, a: prediction.bgnbd.a, b: prediction.bgnbd.b, logLikelihood: prediction.bgnbd.logLikelihood },
					gammaGamma: prediction.gammaGamma ? { p: prediction.gammaGamma.p, q: prediction.gammaGamma.q, v: prediction.gammaGamma.v } : null,
					customers: prediction.customers,
					horizonWeeks: prediction.horizonWeeks,
					expectedPurchases: prediction.expectedPurchases,
					expectedValue: prediction.expectedValue
				}
			: { ok: false, message: prediction.message },
		holdout: holdout ? { calibrationEnd: holdout.calibrationEnd, weeks: holdout.weeks.map((w) => ({ ...w })) } : null
	};
}

/** A shared Lorenz curve has at most this many steps: enough for its chart, and a short link. */
const LORENZ_STEPS = 40;

/**
 * Lorenz points far enough apart that each step spans k customers or more (a step of one customer is that
 * customer's share of the value), and at most LORENZ_STEPS of them. The first and last points stay.
 */
function thinLorenz(points: LorenzPoint[], customers: number, k: number): LorenzPoint[] {
	const steps = points.length - 1;
	if (steps < 1) return points.map((p) => ({ ...p }));
	const stride = Math.max(1, Math.ceil(k / (customers / steps)), Math.ceil(steps / LORENZ_STEPS));
	const kept = points.filter((_, i) => i % stride === 0);
	// A short last step is merged into the one before rather than kept.
	if (steps % stride !== 0) kept[kept.length - 1] = points[steps];
	return kept.map((p) => ({ ...p }));
}

function valueCells(cells: Cells, value: SharedValue): number {
	const c = value.concentration;
	const customers = cells.count(c.customers, (m) => (c.customers = m));
	cells.count(c.zeroOrNegative.customers, (m) => (c.zeroOrNegative.customers = m));
	for (const share of c.topShares) cells.count(share.customers, (m) => ((share.customers = m), (share.share = null)));

	const segmentCells = new Map<SegmentName, number>();
	for (const segment of value.rfm.segments) segmentCells.set(segment.name, cells.count(segment.customers, (m) => (segment.customers = m)));
	const gridBySegment = new Map<SegmentName, number[]>();
	value.rfm.grid.forEach((row, r) =>
		row.forEach((n, f) => {
			const cell = cells.count(n, (m) => (row[f] = m));
			const name = segmentOf(r + 1, f + 1).name;
			gridBySegment.set(name, [...(gridBySegment.get(name) ?? []), cell]);
		})
	);
	for (const [name, parts] of gridBySegment) if (segmentCells.has(name)) cells.relate(segmentCells.get(name)!, parts);
	cells.relate(customers, [...segmentCells.values()]);

	const sizes: number[] = [];
	const values: number[] = [];
	for (const cohort of value.cohorts) {
		const small = isUnderK(cohort.customers, cells.k);
		sizes.push(
			cells.count(cohort.customers, (m) => {
				cohort.customers = m;
				cohort.perCustomer = null;
			})
		);
		values.push(
			cells.add(cohort.value ?? 0, small, () => {
				cohort.value = null;
				cohort.perCustomer = null;
			})
		);
	}
	cells.relate(customers, sizes);
	if (c.total !== null) {
		const total = cells.add(c.total, false, () => (c.total = null));
		cells.relate(total, values);
	}
	return customers;
}
