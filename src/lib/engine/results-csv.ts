/**
 * The numbers of every chart as CSV: the same numbers as the engine's result objects, one row per bar,
 * cell, node or link. Pure, so the CLI and tests produce exactly what the page downloads.
 */
import { exportCsvText as table } from '../base/csv-writer';
import type { FlowResult } from './flows';
import type { FunnelResult } from './funnel';
import { DAY_MS } from './periods';
import type { RetentionResult } from './retention';
import type { TrendResult } from './trend';

const days = (ms: number | null) => (ms === null ? null : +(ms / DAY_MS).toFixed(4));

export function funnelCsv(result: FunnelResult): string {
	return table(
		['stage_id', 'step', 'optional', 'customers', 'conversion', 'step_conversion', 'drop_off', 'drop_off_rate', 'median_days_from_previous'],
		result.steps.map((s) => [s.stageId, s.label, s.optional ? 'yes' : 'no', s.count, s.conversion, s.stepConversion, s.dropOff, s.dropOffRate, days(s.medianTimeFromPrevious)])
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

export function trendCsv(result: TrendResult): string {
	return table(['period', 'new', 'returning', 'resurrecting', 'dormant', 'active'], result.periods.map((p) => [p.label, p.new, p.returning, p.resurrecting, p.dormant, p.active]));
}
