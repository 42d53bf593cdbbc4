/** Pieces of the charts' one-sentence summaries, in the interface's language. */
import { i18n } from '$lib/i18n/i18n.svelte';

const listFormats = new Map<string, Intl.ListFormat>();

/** "a, b and c" (or "a, b y c", "a, b và c", "a, b en c"). One formatter per language: building one costs milliseconds. */
export function listOf(items: string[]): string {
	const locale = i18n.locale;
	let format = listFormats.get(locale);
	if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })));
	return format.format(items);
}
