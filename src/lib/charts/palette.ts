import { interpolateBlues, interpolateRgbBasis } from 'd3';
import { OTHER_VALUE } from '../engine/breakdown';

/** Colour-blind-safe categorical colours (Okabe–Ito, without yellow, which fails contrast on white). */
export const STAGE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7a6fbf', '#4d4d4d'];
/** "Other" and end nodes. */
export const NEUTRAL = '#9aa3ad';
/** The k-th segment of a breakdown: the categorical colours in turn, "other" the neutral grey. */
export const segmentColour = (k: number, value?: string) => (value === OTHER_VALUE ? NEUTRAL : STAGE_COLOURS[k % STAGE_COLOURS.length]);
/** The four lifecycle-trend series. */
export const TREND_COLOURS = { new: '#0072B2', returning: '#009E73', resurrecting: '#E69F00', dormant: '#D55E00' };

/** Dark text for light backgrounds (the light theme's ink, whatever the theme: the cells' colours are fixed). */
const DARK_TEXT = '#1b2430';

/** WCAG relative luminance of a #rrggbb or rgb(...) colour. */
function luminance(colour: string): number {
	const hex = /^#([0-9a-f]{6})$/i.exec(colour);
	const rgb = hex ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) : (colour.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
	const [r, g, b] = rgb.map((c) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** textOn's answers by background: a heatmap asks for hundreds of cells, in few distinct colours. */
const textColours = new Map<string, string>();

/** The text colour (dark or white) with the higher contrast on a background, so numbers in coloured cells stay readable. */
export function textOn(background: string): string {
	let colour = textColours.get(background);
	if (colour === undefined) textColours.set(background, (colour = contrastingText(background)));
	return colour;
}

function contrastingText(background: string): string {
	const l = luminance(background);
	const onDark = 1.05 / (l + 0.05);
	const onLight = (l + 0.05) / (luminance(DARK_TEXT) + 0.05);
	return onLight >= onDark ? DARK_TEXT : '#ffffff';
}

/**
 * A sequential blue for a level in [0, 1], kept light enough that dark text on it has AA contrast (4.5:1):
 * the darker blues fail it with both dark and white text in between.
 */
export const heat = (level: number) => interpolateBlues(0.6 * Math.max(0, Math.min(1, level)));

/**
 * Goal conversion, from 0 (vermillion) through orange and green to the highest (blue): Okabe–Ito colours of middle
 * lightness, so a link reads on the light, dark and high-contrast themes alike, and the ends differ for colour-blind eyes.
 */
export const conversionColour = interpolateRgbBasis(['#D55E00', '#E69F00', '#009E73', '#0072B2']);
