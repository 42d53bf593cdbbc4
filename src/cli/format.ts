/** Readable text tables of the result objects, for a terminal. The numbers are the result objects' own. */
import { expectedPurchases, type BgnbdFit } from '../lib/engine/bgnbd';
import { GAMMA_GAMMA_PROBLEM_TEXT } from '../lib/engine/fit-check';
import type { ValueReport } from '../lib/engine/value-report';
import { DAY_MS } from '../lib/engine/periods';
import type { AnalyzeResult } from './analyze';
import { driversSection } from './format-drivers';

type Cell = string | number | null;

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: string[], rows: Cell[][]): string {
	const text = (cell: Cell) => (cell === null ? '–' : typeof cell === 'number' ? formatNumber(cell) : cell);
	const cells = rows.map((row) => row.map(text));
	const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
	const line = (row: string[], source: Cell[] | null) =>
		row.map((cell, i) => (source && typeof source[i] === 'number' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header, null), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map((r, i) => line(r, rows[i]))].join('\n');
}

function formatNumber(n: number): string {
	if (Number.isInteger(n)) return String(n);
	return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

const percent = (x: number | null) => (x === null ? null : `${(x * 100).toFixed(1)}%`);
const days = (ms: number | null) => (ms === null ? null : `${(ms / DAY_MS).toFixed(1)} d`);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A cell of the last, incomplete period: its numbers are not comparable with the full periods before it. */
const partialMark = (cell: string | null, partial: boolean) => (cell !== null && partial ? `${cell} *` : cell);
const PARTIAL_NOTE = '* the last period, the one the data ends in: it may not have run its full length';

export function formatResult(result: AnalyzeResult): string {
	const parts: string[] = [];
	const section = (title: string, body: string) => parts.push(`${title}\n${body}`);
	if (result.funnel) {
		const f = result.funnel;
		// A funnel with exclusion steps says how many each step's exclusions took out.
		const excludes = f.steps.some((s) => s.excluded !== undefined);
		// Counting by entries, the entries come beside the customers; the conversions stay the customers'.
		const entries = f.counting === 'entries';
		section(
			`Funnel (${f.mode}${f.windowDays ? `, within ${f.windowDays} ${f.windowUnit ?? 'day'}s` : ''}${entries ? ', by entries' : ''}; ${f.customers} customers)`,
			textTable(
				['step', 'customers', ...(entries ? ['entries'] : []), 'conversion', 'step conversion', 'drop-off', ...(excludes ? ['of which excluded'] : []), 'median time from previous'],
				f.steps.map((s) => [
					s.label + (s.optional ? ' (optional)' : ''),
					s.count,
					...(entries ? [s.entries ?? s.count] : []),
					percent(s.conversion),
					percent(s.stepConversion),
					s.dropOff,
					...(excludes ? [s.excluded ?? 0] : []),
					days(s.medianTimeFromPrevious)
				])
			)
		);
	}
	if (result.stages) {
		const entries = result.stages.counting === 'entries';
		section(
			'Stages',
			textTable(
				['stage', 'entered', ...(entries ? ['entries'] : []), 'now', 'share', 'to next', 'median time in it', ...(entries ? ['median cumulative time'] : []), 'value', 'inactive', 'lost'],
				result.stages.rows.map((r) => [
					r.label,
					r.entered,
					...(entries ? [r.entries ?? r.entered] : []),
					r.current,
					percent(r.share),
					percent(r.conversionToNext),
					days(r.medianTimeInStage),
					...(entries ? [days(r.medianCumulativeTime ?? null)] : []),
					r.valueSum,
					r.inactive,
					r.lost
				])
			)
		);
	}
	if (result.status) section('Status', textTable(['active', 'inactive', 'lost', 'won back'], [[result.status.active, result.status.inactive, result.status.lost, result.status.wonBack]]));
	if (result.flows) {
		const label = new Map(result.flows.nodes.map((n) => [n.id, `${n.position + 1}. ${n.label}`]));
		section(`Stage paths (${result.flows.customers} customers)`, textTable(['from', 'to', 'customers'], result.flows.links.map((l) => [label.get(l.source) ?? l.source, label.get(l.target) ?? l.target, l.customers])));
	}
	if (result.journey) section(...journeyText(result.journey));
	if (result.retention) {
		const r = result.retention;
		const width = Math.max(0, ...r.cohorts.map((c) => c.counts.length));
		section(
			`Retention by ${r.period} (${r.mode === 'bounded' ? 'on' : 'on or after'}; ${r.customers} customers; share of the cohort)`,
			textTable(
				['cohort', 'size', ...Array.from({ length: width }, (_, k) => columnLabel(r, k))],
				[...r.cohorts.map((c) => [c.label, c.size, ...c.rates.map((rate, k) => partialMark(percent(rate), c.partial[k]))]), ['average', null, ...r.average.map(percent)]]
			) + (r.cohorts.some((c) => c.partial.some((p, k) => p && c.rates[k] !== null)) ? `\n${PARTIAL_NOTE} (left out of the average)` : '')
		);
	}
	if (result.trend) {
		const periods = result.trend.periods;
		// The last period is the one the data ends in: it has not run its full length.
		const rows = periods.map((p, i) => [partialMark(p.label, i === periods.length - 1)!, p.new, p.returning, p.resurrecting, p.dormant, p.active]);
		section(`Lifecycle trend by ${result.trend.period}`, textTable(['period', 'new', 'returning', 'resurrecting', 'dormant', 'active'], rows) + (periods.length ? `\n${PARTIAL_NOTE}` : ''));
	}
	if (result.value) {
		const v = result.value;
		section(
			`Value concentration (${v.concentration.customers} customers, total ${formatNumber(v.concentration.total)}, Gini ${v.concentration.gini.toFixed(3)})`,
			textTable(['top', 'customers', 'share of value'], v.concentration.topShares.map((t) => [`${t.top * 100}%`, t.customers, percent(t.share)]))
		);
		section('RFM segments', textTable(['segment', 'customers'], v.rfm.segments.map((s) => [s.name, s.customers])));
		section('Predicted lifetime value (BG/NBD, Gamma-Gamma)', predictionText(v.prediction));
	}
	if (result.drivers) {
		const { title, header, rows, notes } = driversSection(result.drivers);
		section(title, [...(rows.length ? [textTable(header, rows)] : []), ...notes].join('\n'));
	}
	for (const [title, body] of segmentSections(result)) section(title, body);
	return `As of ${day(result.asOf)}\n\n${parts.join('\n\n')}\n`;
}

/** The journey's links, step by step, in time order, each with its share of the journey and of it reaching the goal. */
function journeyText(j: NonNullable<AnalyzeResult['journey']>): [string, string] {
	const label = new Map(j.nodes.map((n) => [n.id, n.step === 0 ? n.label : `${j.direction === 'next' ? '+' : '-'}${n.step} ${n.label}`]));
	const position = new Map(j.nodes.map((n) => [n.id, n.position]));
	const links = [...j.links].sort((a, b) => position.get(a.source)! - position.get(b.source)! || b.customers - a.customers);
	const share = (n: number) => percent(j.customers ? n / j.customers : null);
	const title = `Journey: the ${j.steps} event${j.steps === 1 ? '' : 's'} ${j.direction === 'next' ? 'after' : 'before'} ${j.anchor} (${j.customers} customers${j.goal === null ? '' : `; ${j.converted} then reached ${j.goal}`})`;
	const rows = links.map((l) => [label.get(l.source) ?? l.source, label.get(l.target) ?? l.target, l.customers, share(l.customers), ...(j.goal === null ? [] : [percent(l.customers ? l.converted / l.customers : null)])]);
	return [title, textTable(['from', 'to', 'customers', 'share', ...(j.goal === null ? [] : [`reached ${j.goal}`])], rows)];
}

/** The analyses per segment of the breakdown (--breakdown): a row per segment, "Other" last. */
function segmentSections(result: AnalyzeResult): [string, string][] {
	const out: [string, string][] = [];
	const { segments, flows } = result;
	if (segments?.funnel) {
		const { attribute, groups } = segments.funnel;
		const steps = groups[0]?.funnel.steps.map((s) => s.label) ?? [];
		out.push([`Funnel by ${attribute} (customers at each step)`, textTable(['segment', ...steps], groups.map((g) => [g.value, ...g.funnel.steps.map((s) => s.count)]))]);
	}
	if (flows?.segments) {
		const label = new Map(flows.nodes.map((n) => [n.id, `${n.position + 1}. ${n.label}`]));
		const rows = flows.links.map((l) => [label.get(l.source) ?? l.source, label.get(l.target) ?? l.target, l.customers, ...flows.segments!.map((_, k) => l.bySegment?.[k] ?? 0)]);
		out.push([`Stage paths by segment (customers on each link)`, textTable(['from', 'to', 'customers', ...flows.segments], rows)]);
	}
	if (segments?.retention) {
		const { attribute, segments: list } = segments.retention;
		const first = list.find((s) => s.result.cohorts.length)?.result;
		const width = Math.max(0, ...list.map((s) => s.result.average.length));
		const header = ['segment', 'customers', ...Array.from({ length: width }, (_, k) => (first ? columnLabel(first, k) : `+${k}`))];
		out.push([`Retention by ${attribute} (the size-weighted average of each segment's cohorts)`, textTable(header, list.map((s) => [s.value, s.customers, ...s.result.average.map(percent)]))]);
	}
	if (segments?.trend) {
		const { attribute, segments: list } = segments.trend;
		const periods = list[0]?.result.periods ?? [];
		const rows = periods.map((p, i) => [partialMark(p.label, i === periods.length - 1)!, ...list.map((s) => s.result.periods[i]?.active ?? 0)]);
		out.push([`Active customers by ${result.trend?.period ?? 'period'} and ${attribute}`, textTable(['period', ...list.map((s) => s.value)], rows) + (periods.length ? `\n${PARTIAL_NOTE}` : '')]);
	}
	if (segments?.value) {
		const { attribute, segments: list } = segments.value;
		const topFifth = (shares: { top: number; share: number | null }[]) => shares.find((t) => t.top === 0.2)?.share ?? null;
		const rows = list.map(({ value, customers, result: { concentration: c } }) => [value, customers, c.total, percent(topFifth(c.topShares)), c.gini.toFixed(3), c.zeroOrNegative]);
		out.push([`Value by ${attribute}`, textTable(['segment', 'customers', 'total value', 'top 20% share', 'Gini', 'zero or negative'], rows)]);
		const names = list[0]?.result.rfm.segments.map((r) => r.name) ?? [];
		out.push([`RFM segments by ${attribute} (buyers)`, textTable(['segment', ...names], list.map((s) => [s.value, ...s.result.rfm.segments.map((r) => r.customers)]))]);
	}
	return out;
}

/** A retention column: the period offset (+3), or a bracket of them (+1-7, +91 on). */
function columnLabel(r: NonNullable<AnalyzeResult['retention']>, k: number): string {
	const b = r.brackets?.[k];
	if (!b) return `+${k}`;
	return b.to === null ? `+${b.from} on` : b.to === b.from ? `+${b.from}` : `+${b.from}-${b.to}`;
}

/** Six significant digits: enough to check a parameter against the JSON, short enough to read. */
const param = (x: number) => String(Number(x.toPrecision(6)));
const fitLine = (name: string, params: [string, number][], fit: { logLikelihood: number; converged: boolean }) =>
	`${name}: ${params.map(([k, x]) => `${k} ${param(x)}`).join(', ')}; log-likelihood ${param(fit.logLikelihood)}${fit.converged ? '' : ' (not converged)'}`;
const bgnbdLine = (fit: BgnbdFit) => fitLine('BG/NBD', [['r', fit.r], ['alpha', fit.alpha], ['a', fit.a], ['b', fit.b]], fit);

/** Every fitted parameter with its log-likelihood, E[X(t)] of a new customer, or why a model gives no answer. */
function predictionText(p: ValueReport['prediction']): string {
	if (!p.ok) return p.problem.kind === 'no-fit' ? `${p.message}\n${bgnbdLine(p.problem.bgnbd)} (kept for the record, not used)` : p.message;
	const gg = p.gammaGamma;
	return [
		bgnbdLine(p.bgnbd),
		`E[X(t)], a new customer's expected purchases in ${p.horizonWeeks} weeks: ${param(expectedPurchases(p.bgnbd, p.horizonWeeks))}`,
		gg ? fitLine(`Gamma-Gamma (${gg.customers} customers)`, [['p', gg.p], ['q', gg.q], ['v', gg.v]], gg) : `Gamma-Gamma gives no value for this data: ${GAMMA_GAMMA_PROBLEM_TEXT[p.gammaGammaProblem!]}.`,
		'',
		textTable(['customers', `expected purchases (${p.horizonWeeks} weeks)`, 'expected value'], [[p.customers, p.expectedPurchases, p.expectedValue]])
	].join('\n');
}
