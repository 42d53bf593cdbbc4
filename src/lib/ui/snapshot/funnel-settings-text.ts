/**
 * What a shared funnel counted, in a sentence: its window (and unit), its per-step windows and its exclusion steps,
 * so a snapshot's reader, who has none of the dashboard's controls, knows why a count is what it is.
 */
import type { FunnelResult, WindowUnit } from '$lib/engine/funnel';
import type { FunnelSettings } from '$lib/share/snapshot';
import { t, tn } from '$lib/i18n/i18n.svelte';

const time = (n: number, unit: WindowUnit | undefined) => tn(`share.time.${unit ?? 'day'}`, n);

/** The sentence, or '' when the funnel counted with no window and no settings. `labelOf` names a stage by its id. */
export function funnelSettingsText(funnel: Pick<FunnelResult, 'windowDays' | 'windowUnit'>, settings: FunnelSettings | undefined, labelOf: (stageId: string) => string): string {
	const parts = [
		...(funnel.windowDays ? [t('share.funnel.window', { time: time(funnel.windowDays, funnel.windowUnit) })] : []),
		...(settings?.stepWindows ?? []).map((w) => t('share.funnel.stepWindow', { stage: labelOf(w.stageId), time: time(w.within, funnel.windowUnit) })),
		...(settings?.exclusions ?? []).map((e) => t('share.funnel.exclusion', { event: e.event, from: labelOf(e.from), to: labelOf(e.to) }))
	];
	return parts.length ? t('share.funnel.settings', { parts: parts.join('; ') }) : '';
}
