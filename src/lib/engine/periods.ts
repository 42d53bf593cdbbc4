/**
 * Calendar periods in UTC: days, ISO weeks (Monday first) and months, as consecutive integers
 * so that "period c + k" is plain arithmetic.
 */
export type Period = 'day' | 'week' | 'month';

const DAY = 86_400_000;

/** The period index of an epoch-ms time. */
export function periodOf(time: number, period: Period): number {
	const days = Math.floor(time / DAY);
	if (period === 'day') return days;
	// 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
	if (period === 'week') return Math.floor((days + 3) / 7);
	const date = new Date(time);
	return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The start (epoch ms) of a period index. */
export function periodStart(index: number, period: Period): number {
	if (period === 'day') return index * DAY;
	if (period === 'week') return (index * 7 - 3) * DAY;
	const date = new Date(0);
	date.setUTCFullYear(Math.floor(index / 12), ((index % 12) + 12) % 12, 1);
	return date.getTime();
}

/** A short label: 2025-03-01, 2025-W09 (ISO week-year), 2025-03. */
export function periodLabel(index: number, period: Period): string {
	const start = new Date(periodStart(index, period));
	const ymd = start.toISOString().slice(0, 10);
	if (period === 'day') return ymd;
	if (period === 'month') return ymd.slice(0, 7);
	// The ISO week-year is the year of the week's Thursday.
	const thursday = new Date(start.getTime() + 3 * DAY);
	const year = thursday.getUTCFullYear();
	const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}
