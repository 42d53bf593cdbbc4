/**
 * Calendar periods in UTC: days, ISO weeks (Monday first) and months, as consecutive integers
 * so that "period c + k" is plain arithmetic.
 */
export type Period = 'day' | 'week' | 'month';

/** One day in milliseconds: the unit of every epoch-ms time, here and in the analyses, the SQL and the import. */
export const DAY_MS = 86_400_000;

/** The period index of an epoch-ms time. */
export function periodOf(time: number, period: Period): number {
	const days = Math.floor(time / DAY_MS);
	if (period === 'day') return days;
	// 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
	if (period === 'week') return Math.floor((days + 3) / 7);
	return monthOfDay(days);
}

/**
 * Year * 12 + month (0-based) of a day since 1970-01-01, in arithmetic rather than a Date per call: analyses
 * bucket every event, and a million Dates cost more than the rest of the pass (H. Hinnant's civil_from_days).
 */
function monthOfDay(days: number): number {
	// Outside the range a Date can hold, as Date would say.
	if (!(Math.abs(days) <= 100_000_000)) return NaN;
	const z = days + 719_468; // days since 0000-03-01
	const era = Math.floor(z / 146_097);
	const dayOfEra = z - era * 146_097;
	const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const m = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
	const month = m < 10 ? m + 2 : m - 10; // 0 = January
	const year = yearOfEra + era * 400 + (month < 2 ? 1 : 0);
	return year * 12 + month;
}

/** The start (epoch ms) of a period index. */
export function periodStart(index: number, period: Period): number {
	if (period === 'day') return index * DAY_MS;
	if (period === 'week') return (index * 7 - 3) * DAY_MS;
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
	const thursday = new Date(start.getTime() + 3 * DAY_MS);
	const year = thursday.getUTCFullYear();
	const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Where each of `count` periods from index `first` starts, and where the last one ends: analyses that bucket a
 * customer's events (in time order) move along these instead of computing each event's period (a million periodOf).
 */
export function periodStarts(first: number, count: number, period: Period): Float64Array {
	return Float64Array.from({ length: count + 1 }, (_, j) => periodStart(first + j, period));
}

/**
 * The position j of the period holding time t (starts[j] <= t < starts[j + 1]), for a t at or after starts[from] and
 * before the last start: the next period or two are tried first (a customer's next event is usually near), then a
 * binary search, so a long quiet spell under day periods costs a few steps, not one per day.
 */
export function periodIndexFrom(starts: Float64Array, t: number, from: number): number {
	if (t < starts[from + 1]) return from;
	if (t < starts[from + 2]) return from + 1;
	let low = from + 2; // starts[low] <= t
	let high = starts.length - 1; // t < starts[high]
	while (high - low > 1) {
		const mid = (low + high) >>> 1;
		if (starts[mid] <= t) low = mid;
		else high = mid;
	}
	return low;
}
