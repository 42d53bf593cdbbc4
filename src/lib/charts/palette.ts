/** Colour-blind-safe categorical colours (Okabe–Ito, without yellow, which fails contrast on white). */
export const STAGE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7a6fbf', '#4d4d4d'];
/** "Other" and end nodes. */
export const NEUTRAL = '#9aa3ad';
/** The four lifecycle-trend series. */
export const TREND_COLOURS = { new: '#0072B2', returning: '#009E73', resurrecting: '#E69F00', dormant: '#D55E00' };
