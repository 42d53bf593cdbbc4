/**
 * Chart labels are laid out before they are drawn, so their widths are estimated from a generous average glyph width
 * at the chart's type size (which grows with the root font size when presenting). A label longer than its room is
 * shortened with an ellipsis, its full text in a title or tooltip, never clipped.
 */
export const GLYPH = 0.62;

/** The root font size in px (16 outside a browser). */
export const rootFontSize = () => (typeof document === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);

export const textWidth = (text: string, fontPx: number) => text.length * GLYPH * fontPx;

/** How many characters surely fit in `room` px at this type size: counted at a wide glyph's width, as a label cut
 * to fit must not spill into what lies beyond its room (a node, another label). */
export const charsIn = (room: number, fontPx: number) => Math.max(0, Math.floor(room / (0.72 * fontPx)));

/** At most `chars` characters: a longer text is cut, with an ellipsis. */
export const shorten = (text: string, chars: number) => (text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1)).trimEnd()}…`);
