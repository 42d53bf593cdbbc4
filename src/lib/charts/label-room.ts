/**
 * The room a chart's labels need, estimated before they are drawn from a generous average glyph (0.62 of the type
 * size): period labels under an x axis thin out until each has room and stay inside the chart at its ends; the
 * funnel and the Sankey decide where their labels go.
 */

/** The width of a character at the page's type size (larger when presenting). */
export function glyphWidth(): number {
	const rem = typeof document === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
	return 0.62 * rem;
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
