/**
 * The one-file report: the report page's template (built from src/report/ with the site) with a snapshot
 * inside. The snapshot goes in a <script type="application/json"> element, which the browser never runs, written
 * so that nothing in it can close that element; the title is escaped as text.
 */
import type { Snapshot } from './snapshot';

export const SNAPSHOT_ELEMENT_ID = 'snapshot';
const SNAPSHOT_SLOT = '"%snapshot%"';
const TITLE_SLOT = '%title%';
const LANG_SLOT = '%lang%';

export function reportHtml(template: string, snapshot: Snapshot, language: string, title: string): string {
	for (const slot of [SNAPSHOT_SLOT, TITLE_SLOT, LANG_SLOT]) if (!template.includes(slot)) throw new Error(`The report template has no ${slot}.`);
	const json = JSON.stringify(snapshot).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return template
		.replace(LANG_SLOT, () => language.replace(/[^a-zA-Z-]/g, ''))
		.replace(TITLE_SLOT, () => escapeText(title))
		.replace(SNAPSHOT_SLOT, () => json);
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
