/**
 * One takeaway per chart: the single fact a reader should leave with, picked from the chart's own numbers. Pure and
 * language-free: a takeaway is data (a kind, the numbers and the labels of the result it was given, so a result
 * with translated labels gives translated labels); i18n/takeaway-text.ts makes it a sentence in the page's language.
 * Null when the numbers say nothing (no customers, a single step, a single period).
 */
import type { FlowResult } from './flows';
import type { FunnelResult } from './funnel';
import type { Period } from './periods';
import type { RetentionResult } from './retention';
import type { StageTable } from './stage-table';
import type { TrendResult } from './trend';
import type { ValueReport } from './value-report';
import type { SegmentName } from './value';
import type { LifecycleModel } from './model';

export type Takeaway =
	/**
	 * The step that loses the most of the previous step's customers (by count: "most customers are lost" there, where
	 * a later step's 100% of one customer is not); drop is the share of the previous step it loses (0–1).
	 */
	| { kind: 'funnel-drop'; from: string; to: string; drop: number }
	/** Everyone who starts the funnel reaches its last step. */
	| { kind: 'funnel-no-drop'; last: string }
	/** The stage most customers are in now, and its share of all customers. */
	| { kind: 'stages-most'; stage: string; share: number }
	/** The stage most customers (paths) stop after: their share of all customers in the chart. */
	| { kind: 'flows-stop'; stage: string; share: number }
	/** The largest move between two different nodes (transitions). */
	| { kind: 'flows-move'; from: string; to: string; share: number }
	/** The cohorts' average rate one period after their own, and at the furthest period that has an average. */
	| { kind: 'retention'; period: Period; mode: RetentionResult['mode']; rate: number; later: { after: number; rate: number } | null }
	/** Active customers in the last complete period against the one before it. */
	| { kind: 'trend'; period: Period; fromStart: number; toStart: number; from: number; to: number; change: number }
	/** The top 20% of customers' share of the total value. */
	| { kind: 'value-top'; top: number; share: number }
	/** The largest RFM segment and its share of the scored customers. */
	| { kind: 'value-rfm'; segment: SegmentName; customers: number; share: number }
	/** The lifetime-value forecast: expected purchases over the horizon, and their value (null without a spend model). */
	| { kind: 'value-clv'; weeks: number; purchases: number; value: number | null };

/**
 * Under a model whose stages move both ways ('latest': the client status) the funnel counts who was ever in each
 * stage: its stages are states, not steps to get through, and "most customers are lost between Inactive and Lost"
 * would misread them. The stage table's takeaway (where customers are now) speaks for such a model.
 */
export function funnelTakeaway(funnel: FunnelResult, progression: LifecycleModel['progression']): Takeaway | null {
	const steps = funnel.steps;
	if (progression === 'latest' || steps.length < 2 || steps[0].count === 0) return null;
	let worst = -1;
	let most = 0;
	for (let k = 1; k < steps.length; k++) {
		const lost = steps[k - 1].count - steps[k].count;
		// The first of equal losses: the earlier one is the one to fix first.
		if (lost > most) [worst, most] = [k, lost];
	}
	if (worst < 0) return { kind: 'funnel-no-drop', last: steps[steps.length - 1].label };
	return { kind: 'funnel-drop', from: steps[worst - 1].label, to: steps[worst].label, drop: most / steps[worst - 1].count };
}

export function stagesTakeaway(table: StageTable): Takeaway | null {
	if (table.customers === 0) return null;
	let most = table.rows[0];
	for (const row of table.rows) if (row.current > (most?.current ?? 0)) most = row;
	if (!most || most.current === 0) return null;
	return { kind: 'stages-most', stage: most.label, share: most.current / table.customers };
}

/** `paths`: a stage-path Sankey (its end nodes mean "went no further"); otherwise the transitions between two dates. */
export function flowsTakeaway(flows: FlowResult, paths: boolean): Takeaway | null {
	if (flows.customers === 0) return null;
	const nodes = new Map(flows.nodes.map((n) => [n.id, n]));
	if (paths) {
		// Customers who stop after a stage, over every position: the stage where most journeys end.
		const stops = new Map<string, number>();
		for (const link of flows.links) {
			const source = nodes.get(link.source);
			if (nodes.get(link.target)?.stage === -1 && source && source.stage >= 0) stops.set(source.label, (stops.get(source.label) ?? 0) + link.customers);
		}
		let best: [string, number] | null = null;
		for (const entry of stops) if (!best || entry[1] > best[1]) best = entry;
		return best ? { kind: 'flows-stop', stage: best[0], share: best[1] / flows.customers } : null;
	}
	let move: { from: string; to: string; customers: number } | null = null;
	for (const link of flows.links) {
		const from = nodes.get(link.source)?.label;
		const to = nodes.get(link.target)?.label;
		if (from === undefined || to === undefined || from === to) continue;
		if (!move || link.customers > move.customers) move = { from, to, customers: link.customers };
	}
	return move ? { kind: 'flows-move', from: move.from, to: move.to, share: move.customers / flows.customers } : null;
}

export function retentionTakeaway(retention: RetentionResult): Takeaway | null {
	const rate = retention.average[1];
	if (rate === null || rate === undefined) return null;
	// The furthest period with an average (complete for at least one cohort), when it is not the first.
	let after = retention.average.length - 1;
	while (after > 1 && retention.average[after] === null) after--;
	const later = after > 1 ? { after, rate: retention.average[after]! } : null;
	return { kind: 'retention', period: retention.period, mode: retention.mode, rate, later };
}

/** The last period is the one the data ends in, usually cut short: the comparison is of the two before it. */
export function trendTakeaway(trend: TrendResult): Takeaway | null {
	const periods = trend.periods;
	if (periods.length < 3) return null;
	const [before, last] = [periods[periods.length - 3], periods[periods.length - 2]];
	if (before.active === 0) return null;
	return {
		kind: 'trend',
		period: trend.period,
		fromStart: before.start,
		toStart: last.start,
		from: before.active,
		to: last.active,
		change: last.active / before.active - 1
	};
}

export function valueTopTakeaway(report: { concentration: Pick<ValueReport['concentration'], 'topShares' | 'customers'> }): Takeaway | null {
	const top = report.concentration.topShares.find((s) => s.top === 0.2);
	return top && top.share !== null && report.concentration.customers > 0 ? { kind: 'value-top', top: top.top, share: top.share } : null;
}

export function rfmTakeaway(report: Pick<ValueReport, 'rfm'>): Takeaway | null {
	const segments = report.rfm.segments;
	const total = segments.reduce((sum, s) => sum + s.customers, 0);
	if (total === 0) return null;
	const largest = segments.reduce((a, b) => (b.customers > a.customers ? b : a));
	return { kind: 'value-rfm', segment: largest.name, customers: largest.customers, share: largest.customers / total };
}

export function clvTakeaway(report: Pick<ValueReport, 'prediction'>): Takeaway | null {
	const p = report.prediction;
	if (!p.ok) return null;
	return { kind: 'value-clv', weeks: p.horizonWeeks, purchases: p.expectedPurchases, value: p.expectedValue };
}
