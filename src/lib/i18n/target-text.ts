/**
 * A figure against its target (engine/targets.ts) in words: ✓ or ✗ and by how much, in percentage points for a rate
 * and in time for a time (short, for beside the figure), and the full sentence (for screen readers and a title).
 * The badge in tables and the key figures, and the funnel's bars, all say it through here.
 */
import type { TargetCheck } from '$lib/engine/targets';
import { DAY_MS } from '$lib/engine/periods';
import { formatDuration, formatPercent, formatTenths } from './format';
import { t } from './i18n.svelte';

export type TargetKind = 'rate' | 'time';

const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±');

export function targetText(check: TargetCheck, kind: TargetKind): { mark: string; short: string; full: string } {
	const state = check.met ? 'met' : 'missed';
	const mark = check.met ? '✓' : '✗';
	if (kind === 'rate') {
		const points = formatTenths(Math.abs(check.by) * 100);
		return { mark, short: t('targets.points', { by: `${sign(check.by)}${points}` }), full: t(`targets.rate.${state}`, { target: formatPercent(check.target), by: points }) };
	}
	const by = formatDuration(Math.abs(check.by) * DAY_MS);
	return { mark, short: `${sign(check.by)}${by}`, full: t(`targets.time.${state}`, { target: formatDuration(check.target * DAY_MS), by }) };
}
