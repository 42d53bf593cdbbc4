/** A takeaway (engine/takeaways.ts) as a sentence in the page's language, its numbers through Intl. */
import type { Takeaway } from '$lib/engine/takeaways';
import type { Period } from '$lib/engine/periods';
import { formatCount, formatDate, formatMoney, formatMonth, formatPercent } from './format';
import { t, tn } from './i18n.svelte';
import { segmentName } from './value-names';

const periodName = (period: Period, start: number) => (period === 'month' ? formatMonth(start) : formatDate(start));
/** Changes smaller than this read as "held". */
const SAME = 0.0005;

export function takeawayText(takeaway: Takeaway | null): string {
	if (!takeaway) return '';
	switch (takeaway.kind) {
		case 'funnel-drop':
			return t('takeaway.funnel.drop', { from: takeaway.from, to: takeaway.to, drop: formatPercent(-takeaway.drop) });
		case 'funnel-no-drop':
			return t('takeaway.funnel.noDrop', { last: takeaway.last });
		case 'stages-most':
			return t('takeaway.stages.most', { stage: takeaway.stage, share: formatPercent(takeaway.share) });
		case 'flows-stop':
			return t('takeaway.flows.stop', { stage: takeaway.stage, share: formatPercent(takeaway.share) });
		case 'flows-move':
			return t('takeaway.flows.move', { from: takeaway.from, to: takeaway.to, share: formatPercent(takeaway.share) });
		case 'retention': {
			const first = t(`takeaway.retention.${takeaway.mode}.${takeaway.period}`, { rate: formatPercent(takeaway.rate) });
			const later = takeaway.later;
			return later
				? t('takeaway.retention.later', { first, after: tn(`takeaway.periods.${takeaway.period}`, later.after), rate: formatPercent(later.rate) })
				: t('takeaway.retention.end', { first });
		}
		case 'trend': {
			const params = {
				change: formatPercent(Math.abs(takeaway.change)),
				from: formatCount(takeaway.from),
				to: formatCount(takeaway.to),
				fromPeriod: periodName(takeaway.period, takeaway.fromStart),
				toPeriod: periodName(takeaway.period, takeaway.toStart)
			};
			return t(Math.abs(takeaway.change) < SAME ? 'takeaway.trend.same' : takeaway.change > 0 ? 'takeaway.trend.up' : 'takeaway.trend.down', params);
		}
		case 'value-top':
			return t('takeaway.value.top', { top: formatPercent(takeaway.top), share: formatPercent(takeaway.share) });
		case 'value-rfm':
			return t('takeaway.value.rfm', { segment: segmentName(takeaway.segment), customers: formatCount(takeaway.customers), share: formatPercent(takeaway.share) });
		case 'value-clv': {
			const params = { weeks: tn('takeaway.periods.week', takeaway.weeks), purchases: formatCount(Math.round(takeaway.purchases)) };
			return takeaway.value === null ? t('takeaway.value.clvCount', params) : t('takeaway.value.clv', { ...params, value: formatMoney(takeaway.value) });
		}
	}
}
