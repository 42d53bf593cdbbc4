/** Comparing computed numbers with published ones. */
export const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
/** toBeCloseTo's digits for agreement to two significant figures: 2 for 0.24, 1 for 4.4. */
export const twoSignificantFigures = (v: number) => 1 - Math.floor(Math.log10(Math.abs(v)));
