/**
 * The room chart labels need, worked out before they are drawn: one module for every chart's labels. Widths are
 * estimated from a generous average glyph width at the chart's type size (which grows with the root font size when
 * presenting). A label longer than its room wraps where it may, and is shortened with an ellipsis only where even
 * that has no room, its full text in a title or tooltip: never clipped. Period labels under an x axis thin out
 * until each has room, and stay inside the chart at its ends.
 */
export const GLYPH = 0.62;

/**
 * The root font size in px (16 outside a browser), read again only when the root element's classes change (presenting
 * adds one that enlarges it). Read as each chart mounted, getComputedStyle had the browser work out the style of the
 * whole page just built inside that task: 7-9 ms of the dashboard's first chart on a reload at 1M (traced). Read first
 * as this module loads, before the charts' page is built.
 */
let rootFont = { classes: '', px: 16 };
const readRootFont = () => {
	const root = document.documentElement;
	rootFont = { classes: root.className, px: parseFloat(getComputedStyle(root).fontSize) || 16 };
};
if (typeof document !== 'undefined') readRootFont();

export function rootFontSize(): number {
	if (typeof document === 'undefined') return 16;
	if (document.documentElement.className !== rootFont.classes) readRootFont();
	return rootFont.px;
}

/** The width of an average character at the page's type size (larger when presenting). */
export const glyphWidth = () => GLYPH * rootFontSize();

export const textWidth = (text: string, fontPx: number) => text.length * GLYPH * fontPx;

/** The width of a character that surely fits: a label cut to its room must not spill into what lies beyond it. */
const WIDE_GLYPH = 0.72;

/** How many characters surely fit in `room` px at this type size (counted at a wide glyph's width). */
export const charsIn = (room: number, fontPx: number) => Math.max(0, Math.floor(room / (WIDE_GLYPH * fontPx)));

/** The room `chars` characters surely fit in: the inverse of charsIn. */
export const roomFor = (chars: number, fontPx: number) => chars * WIDE_GLYPH * fontPx;

/** At most `chars` characters: a longer text is cut, with an ellipsis. */
export const shorten = (text: string, chars: number) => (text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1)).trimEnd()}…`);

/**
 * A text on at most `maxLines` lines of at most `chars` characters, broken between words; a word longer than a
 * line, or words past the last line, are shortened (`cut`: the full text belongs in a title).
 */
export function wrap(text: string, chars: number, maxLines: number): { lines: string[]; cut: boolean } {
	if (maxLines < 1 || chars < 1) return { lines: [], cut: text.length > 0 };
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (!line) line = word;
		else if (line.length + 1 + word.length <= chars) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	const cut = lines.length > maxLines || lines.some((l) => l.length > chars);
	// Greedy breaking made the last line and the words after it longer than a line together: shortened, they end in '…'.
	const kept = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), lines.slice(maxLines - 1).join(' ')] : lines;
	return { lines: kept.map((l) => shorten(l, chars)), cut };
}

/** Every how many periods a label is drawn: at most twelve labels, and fewer when `room` pixels cannot hold them. */
export function labelEvery(labels: readonly string[], room: number, glyph = glyphWidth()): number {
	const each = Math.max(4, ...labels.map((label) => label.length)) * glyph + 8;
	return Math.max(1, Math.ceil(labels.length / 12), Math.ceil((labels.length * each) / Math.max(1, room)));
}

/** A label's centre, moved inward so that the whole label stays between `left` and `right`. */
export function labelCentre(x: number, label: string, left: number, right: number, glyph = glyphWidth()): number {
	const half = (label.length * glyph) / 2;
	return Math.min(Math.max(x, left + half), right - half);
}
