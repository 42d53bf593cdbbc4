/** Pieces of the charts' one-sentence summaries, in the interface's language. */
import { i18n } from '$lib/i18n/i18n.svelte';

/** "a, b and c" (or "a, b y c", "a, b và c", "a, b en c"). */
export const listOf = (items: string[]) => new Intl.ListFormat(i18n.locale, { style: 'long', type: 'conjunction' }).format(items);
