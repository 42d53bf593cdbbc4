/**
 * The numbers of every chart as CSV: the same numbers as the engine's result objects, one row per bar,
 * cell, node or link. Pure, so the CLI and tests produce exactly what the page downloads.
 */
import { exportCsvText as table } from '../base/csv-writer';
import type { ComparedCustomer } from './compare';
import type { FlowResult } from './flows';
import type { FunnelResult } from './funnel';
import type { JourneyResult } from './journey';
import { DAY_MS } from './periods';
import type { RetentionResult } from './retention';
import type { StageTable } from './stage-table';
import type { TrendResult } from './trend';
import type { Concentration } from './value';
import type { PredictedCustomer } from './value-report';

const days = (ms: number | null) => (ms === null ? null : +(ms / DAY_MS).toFixed(4));

/** Counting by entries adds an entries column after the customers (funnel.ts). */
export function funnelCsv(result: FunnelResult): string {
	const entries = result.counting === 'entries';
	return table(
		['stage_id', 'step', 'optional', 'customers', ...(entries ? ['entries'] : []), 'conversion', 'step_conversion', 'drop_off', 'drop_off_rate', 'median_days_from_previous'],
		result.steps.map((s) => [
			s.stageId,
			s.label,
			s.optional ? 'yes' : 'no',
			s.count,
			...(entries ? [s.entries ?? s.count] : []),
			s.conversion,
			s.stepConversion,
			s.dropOff,
			s.dropOffRate,
			days(s.medianTimeFromPrevious)
		])
	);
}

export function retentionCsv(result: RetentionResult): string {
	const width = Math.max(0, ...result.cohorts.map((c) => c.counts.length));
	const rows = result.cohorts.flatMap((c) =>
		Array.from({ length: width }, (_, k) => [c.label, c.size, k, c.counts[k], c.rates[k], c.revenue[k], c.revenueRetention[k], c.counts[k] === null ? 'past the end' : c.partial[k] ? 'partial' : 'complete'])
	);
	return table(['cohort', 'cohort_size', 'period', 'customers', 'rate', 'revenue', 'revenue_retention', 'period_state'], rows);
}

export function flowsCsv(result: FlowResult): string {
	const label = new Map(result.nodes.map((n) => [n.id, `${n.label} (step ${n.position + 1})`]));
	// A shared result's hidden count (text, or a negative marker) has no share: it would give the count away.
	const share = (customers: number) => (result.customers > 0 && customers >= 0 ? customers / result.customers : null);
	return table(['source', 'target', 'customers', 'share'], result.links.map((l) => [label.get(l.source) ?? l.source, label.get(l.target) ?? l.target, l.customers, share(l.customers)]));
}

/**
 * The journey's links, each end named by its step from the anchor ("+2": the second event after it, "-2" before),
 * and with a goal, how many of the link's customers reached it and that share.
 */
export function journeyCsv(result: JourneyResult): string {
	const sign = result.direction === 'next' ? '+' : '-';
	const label = new Map(result.nodes.map((n) => [n.id, `${n.label} (step ${n.step === 0 ? '0' : sign + n.step})`]));
	const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
	const goal = result.goal !== null;
	return table(
		['source', 'target', 'customers', 'share', ...(goal ? ['reached_goal', 'goal_conversion'] : [])],
		result.links.map((l) => [
			label.get(l.source) ?? l.source,
			label.get(l.target) ?? l.target,
			l.customers,
			share(l.customers, result.customers),
			...(goal ? [l.converted, share(l.converted, l.customers)] : [])
		])
	);
}

export function trendCsv(result: TrendResult): string {
	return table(['period', 'new', 'returning', 'resurrecting', 'dormant', 'active'], result.periods.map((p) => [p.label, p.new, p.returning, p.resurrecting, p.dormant, p.active]));
}

/** A shared snapshot may hide a stage's value sum (null). Under 'latest' progression 'entered' is everyone ever in the stage. */
export function stageTableCsv(result: {
	progression?: StageTable['progression'];
	counting?: StageTable['counting'];
	rows: (Omit<StageTable['rows'][number], 'valueSum'> & { valueSum: number | null })[];
}): string {
	// Counting by entries adds the entries and the median cumulative time in each stage (stage-table.ts).
	const entries = result.counting === 'entries';
	return table(
		[
			'stage_id',
			'stage',
			result.progression === 'latest' ? 'ever_entered' : 'entered',
			...(entries ? ['entries'] : []),
			'in_it_now',
			'share',
			'conversion_to_next',
			'median_days_in_stage',
			'p90_days_in_stage',
			...(entries ? ['median_cumulative_days_in_stage'] : []),
			'value_sum',
			'value_mean',
			'inactive',
			'lost'
		],
		result.rows.map((r) => [
			r.stageId,
			r.label,
			r.entered,
			...(entries ? [r.entries ?? r.entered] : []),
			r.current,
			r.share,
			r.conversionToNext,
			days(r.medianTimeInStage),
			days(r.p90TimeInStage),
			...(entries ? [days(r.medianCumulativeTime ?? null)] : []),
			r.valueSum,
			r.valueMean,
			r.inactive,
			r.lost
		])
	);
}

/** The 80/20 table: each top share of customers, how many they are and their share of the value. */
export function topSharesCsv(concentration: Pick<Concentration, 'topShares'>): string {
	return table(['top', 'customers', 'value_share'], concentration.topShares.map((s) => [s.top, s.customers, s.share]));
}

/** The RFM grid: customers per recency and frequency score (grid[r - 1][f - 1]). */
export function rfmGridCsv(grid: number[][]): string {
	return table(['recency_score', 'frequency_score', 'customers'], grid.flatMap((row, r) => row.map((customers, f) => [r + 1, f + 1, customers])));
}

/** The customers with the highest predicted lifetime value (the value view's top list). */
export function predictionsCsv(customers: readonly PredictedCustomer[]): string {
	return table(
		['customer_id', 'repeat_purchases', 'p_alive', 'expected_purchases', 'clv'],
		customers.map((c) => [c.id, c.repeatPurchases, c.probabilityAlive, c.expectedPurchases, Number.isNaN(c.clv) ? null : c.clv])
	);
}

/** The customers behind a comparison's category, node or link (the compare page's Export CSV, the CLI's --customers). */
export function comparedCustomersCsv(rows: readonly ComparedCustomer[]): string {
	return table(
		['customer_id', 'change', 'stage_a', 'status_a', 'stage_b', 'status_b'],
		rows.map((r) => [r.id, r.category, r.stageA ?? '', r.statusA ?? '', r.stageB ?? '', r.statusB ?? ''])
	);
}
