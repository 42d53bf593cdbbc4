/**
 * The frame both curve charts draw rates in (RetentionCurves: a line per cohort; SegmentCurves: a line per segment):
 * 0-100% up, period offsets 0..periods-1 across, and the line of one series of rates (null: not drawn).
 */
import { line, scaleLinear } from 'd3';

export const CURVES_HEIGHT = 260;
export const CURVES_MARGIN = { top: 10, right: 20, bottom: 28, left: 44 };

export function rateCurves(width: number, periods: number) {
	const x = scaleLinear().domain([0, Math.max(1, periods - 1)]).range([CURVES_MARGIN.left, width - CURVES_MARGIN.right]);
	const y = scaleLinear().domain([0, 1]).range([CURVES_HEIGHT - CURVES_MARGIN.bottom, CURVES_MARGIN.top]);
	const toPath = line<[number, number | null]>()
		.defined((d) => d[1] !== null)
		.x((d) => x(d[0]))
		.y((d) => y(d[1] ?? 0));
	/** The path of rates[k] at offset k. */
	const path = (rates: (number | null)[]) => toPath(rates.map((r, k) => [k, r])) ?? '';
	return { x, y, path };
}
