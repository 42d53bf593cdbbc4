/** What a retention column is called: a period offset ("Week 3"), or a custom bracket of them ("Day 1 to day 7"). */
import type { RetentionResult } from '$lib/engine/retention';
import { t } from '$lib/i18n/i18n.svelte';

/** Column k's first period offset: the axis tick of a curve over the columns (k itself without brackets). */
export function retentionColumnStart(result: Pick<RetentionResult, 'brackets'>, k: number): number {
	return result.brackets?.[k]?.from ?? k;
}

/** Column k's name, as a heading or (inline) inside a sentence. */
export function retentionColumnName(result: Pick<RetentionResult, 'period' | 'brackets'>, k: number, inline = false): string {
	const name = (n: number, lower: boolean) => t(`retention.${lower ? 'inline' : 'column'}.${result.period}`, { k: n });
	const bracket = result.brackets?.[k];
	if (!bracket) return name(k, inline);
	if (bracket.to === bracket.from) return name(bracket.from, inline);
	const first = name(bracket.from, inline);
	return bracket.to === null ? t('retention.bracket.open', { first }) : t('retention.bracket', { first, last: name(bracket.to, true) });
}
