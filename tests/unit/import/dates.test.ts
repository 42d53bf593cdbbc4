import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayMonthFromBytes, detectDateFormat, parseDate, utcWallClock, zonedWallClock } from '../../../src/lib/import/dates';
import type { DateFormat } from '../../../src/lib/base/source-types';

const utc = Date.UTC;

describe('parseDate', () => {
	it.each<[DateFormat, string, number]>([
		// ISO 8601: date only, 'T' or space, seconds, fractions, zones.
		['iso', '2024-03-01', utc(2024, 2, 1)],
		['iso', '2024-03-01 09:30', utc(2024, 2, 1, 9, 30)],
		['iso', '2024-03-01T09:30', utc(2024, 2, 1, 9, 30)],
		['iso', '2024-03-01 09:30:15', utc(2024, 2, 1, 9, 30, 15)],
		['iso', '2024-03-01T09:30:15', utc(2024, 2, 1, 9, 30, 15)],
		['iso', '2024-03-01T09:30:15Z', utc(2024, 2, 1, 9, 30, 15)],
		['iso', '2024-03-01 09:30:15Z', utc(2024, 2, 1, 9, 30, 15)],
		['iso', '2024-03-01T09:30:15.250Z', utc(2024, 2, 1, 9, 30, 15, 250)],
		['iso', '2024-03-01T09:30:15.5', utc(2024, 2, 1, 9, 30, 15, 500)],
		['iso', '2024-03-01T09:30:15,5', utc(2024, 2, 1, 9, 30, 15, 500)],
		['iso', '2024-03-01T09:30:15.123456789Z', utc(2024, 2, 1, 9, 30, 15, 123)],
		['iso', '2024-03-01T09:30:00+02:00', utc(2024, 2, 1, 7, 30)],
		['iso', '2024-03-01 09:30:00 +02:00', utc(2024, 2, 1, 7, 30)],
		['iso', '2024-03-01T09:30:00+0200', utc(2024, 2, 1, 7, 30)],
		['iso', '2024-03-01T09:30:00+02', utc(2024, 2, 1, 7, 30)],
		['iso', '2024-03-01T09:30:00-0530', utc(2024, 2, 1, 15, 0)],
		['iso', '2024-03-01T09:30:00-05:30', utc(2024, 2, 1, 15, 0)],
		['iso', '2024-03-01T01:00:00+02:00', utc(2024, 1, 29, 23, 0)], // the zone moves it to the day before
		['iso', '2024-03-01 09:30 UTC', utc(2024, 2, 1, 9, 30)],
		['iso', '2024-03-01 09:30 GMT', utc(2024, 2, 1, 9, 30)],
		['iso', '2024-03-01t09:30z', utc(2024, 2, 1, 9, 30)],
		['iso', '2024-03-01 9:30 PM', utc(2024, 2, 1, 21, 30)],
		['iso', '2024/3/1', utc(2024, 2, 1)],
		['iso', '2024.03.01 9:05', utc(2024, 2, 1, 9, 5)],
		['iso', '  2024-03-01  ', utc(2024, 2, 1)],
		['iso', '2024-02-29', utc(2024, 1, 29)], // leap year
		['iso', '2000-02-29', utc(2000, 1, 29)], // divisible by 400: leap
		['iso', '2024-12-31 23:59:59', utc(2024, 11, 31, 23, 59, 59)],
		['iso', '1969-12-31T23:59:59Z', -1000],
		// Compact.
		['compact', '20240301', utc(2024, 2, 1)],
		['compact', '19991231', utc(1999, 11, 31)],
		// Day first: '/', '-', '.', two-digit years (00–69 → 20xx, 70–99 → 19xx), times, AM/PM.
		['dmy', '01/03/2024', utc(2024, 2, 1)],
		['dmy', '1/3/2024', utc(2024, 2, 1)],
		['dmy', '01-03-2024', utc(2024, 2, 1)],
		['dmy', '01.03.2024', utc(2024, 2, 1)],
		['dmy', '13/02/2024', utc(2024, 1, 13)],
		['dmy', '01/03/24', utc(2024, 2, 1)],
		['dmy', '01/03/69', utc(2069, 2, 1)],
		['dmy', '01/03/70', utc(1970, 2, 1)],
		['dmy', '31.12.99', utc(1999, 11, 31)],
		['dmy', '01.03.2024 09:30', utc(2024, 2, 1, 9, 30)],
		['dmy', '01/03/2024 17:45:10', utc(2024, 2, 1, 17, 45, 10)],
		['dmy', '01/03/2024 9:30 pm', utc(2024, 2, 1, 21, 30)],
		['dmy', '01-03-2024 09:30 +01:00', utc(2024, 2, 1, 8, 30)],
		// Month first.
		['mdy', '03/01/2024', utc(2024, 2, 1)],
		['mdy', '3/1/2024', utc(2024, 2, 1)],
		['mdy', '03-01-2024', utc(2024, 2, 1)],
		['mdy', '03.01.2024', utc(2024, 2, 1)],
		['mdy', '02/13/2024', utc(2024, 1, 13)],
		['mdy', '3-1-24', utc(2024, 2, 1)],
		['mdy', '12/31/99', utc(1999, 11, 31)],
		['mdy', '03/01/2024 9:30 PM', utc(2024, 2, 1, 21, 30)],
		['mdy', '03/01/2024 9:30 AM', utc(2024, 2, 1, 9, 30)],
		['mdy', '03/01/2024 12:00 AM', utc(2024, 2, 1, 0, 0)], // midnight
		['mdy', '03/01/2024 12:15 PM', utc(2024, 2, 1, 12, 15)], // a quarter past noon
		['mdy', '03/01/2024 11:59:59 PM', utc(2024, 2, 1, 23, 59, 59)],
		// RFC 2822 and its looser relatives.
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 +0000', utc(2024, 2, 1, 9, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 +0200', utc(2024, 2, 1, 7, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 -0500', utc(2024, 2, 1, 14, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 GMT', utc(2024, 2, 1, 9, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 UT', utc(2024, 2, 1, 9, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 EST', utc(2024, 2, 1, 14, 30)],
		['rfc2822', 'Sat, 01 Jun 2024 09:30:00 EDT', utc(2024, 5, 1, 13, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30:00 PST', utc(2024, 2, 1, 17, 30)],
		['rfc2822', 'Fri, 01 Mar 2024 09:30', utc(2024, 2, 1, 9, 30)],
		['rfc2822', '1 Mar 2024', utc(2024, 2, 1)],
		['rfc2822', '01 March 2024 09:30', utc(2024, 2, 1, 9, 30)],
		['rfc2822', '15 Sept. 2024', utc(2024, 8, 15)],
		['rfc2822', 'fri 01 mar 2024', utc(2024, 2, 1)],
		// Epoch seconds and milliseconds.
		['epoch-s', '1709285400', utc(2024, 2, 1, 9, 30)],
		['epoch-s', '1709285400.5', utc(2024, 2, 1, 9, 30, 0, 500)],
		['epoch-s', '0', 0],
		['epoch-ms', '1709285400000', utc(2024, 2, 1, 9, 30)],
		['epoch-ms', '1709285400123', utc(2024, 2, 1, 9, 30, 0, 123)],
		// Excel serial days since 1899-12-30 (day 60 is the 29 Feb 1900 that never was).
		['excel', '45352', utc(2024, 2, 1)],
		['excel', '45352.5', utc(2024, 2, 1, 12)],
		['excel', '45352.75', utc(2024, 2, 1, 18)],
		['excel', '45351', utc(2024, 1, 29)],
		['excel', '61', utc(1900, 2, 1)],
		['excel', '2958465', 253402214400000] // 9999-12-31
	])('%s %j is %d', (format, text, expected) => {
		expect(parseDate(text, format)).toBe(expected);
	});

	it.each<[DateFormat, string]>([
		['iso', '2024-02-30'],
		['iso', '2023-02-29'],
		['iso', '1900-02-29'], // divisible by 100, not by 400: not leap
		['iso', '2024-04-31'],
		['iso', '2024-13-01'],
		['iso', '2024-00-10'],
		['iso', '2024-03-00'],
		['iso', '2024-03-01 25:00'],
		['iso', '2024-03-01 24:00:00'],
		['iso', '2024-03-01T25:00:00Z'],
		['iso', '2024-13-01T09:30:00'],
		['iso', '2024-03-01 09:60'],
		['iso', '2024-03-01 09:30:60'],
		['iso', '2024-03-01T09:30:00 +2'],
		['iso', '2024-03-01 13:30 PM'],
		['iso', 'yesterday'],
		['iso', '03/01/2024'],
		['iso', '20240301'],
		['iso', ''],
		['iso', '   '],
		['compact', '20241301'],
		['compact', '20240230'],
		['compact', '12345678'], // eight digits, but month 34
		['compact', '2024031'],
		['dmy', '30/02/2024'], // Feb 30
		['dmy', '01/13/2024'], // month 13
		['dmy', '32/01/2024'],
		['dmy', '01/03/2024 25:00'],
		['dmy', '01/03/2024 0:30 AM'], // no hour 0 on a 12-hour clock
		['dmy', '2024-03-01'],
		['mdy', '02/30/2024'],
		['mdy', '13/02/2024'], // month 13
		['mdy', '03/01/2024 13:00 PM'],
		['mdy', '03/01/2024 25:00'],
		['rfc2822', '31 Feb 2024'],
		['rfc2822', '1 Foo 2024'],
		['rfc2822', 'Fri, 01 Mar 2024 25:00:00 +0000'],
		['rfc2822', '2024-03-01'],
		['epoch-s', '-1'],
		['epoch-s', '1.7e9'],
		['epoch-s', '2024-03-01'],
		['epoch-ms', 'abc'],
		['excel', '60'],
		['excel', '2958466'],
		['excel', '45352,5'],
		['excel', '-1']
	])('%s %j is NaN', (format, text) => {
		expect(parseDate(text, format)).toBeNaN();
	});

	it.each<[DateFormat, string, number, string]>([
		['iso', '0001-01-01', -62135596800000, '0001-01-01T00:00:00.000Z'],
		['iso', '0001-01-01T00:00:00', -62135596800000, '0001-01-01T00:00:00.000Z'],
		['iso', '9999-12-31', 253402214400000, '9999-12-31T00:00:00.000Z'],
		['iso', '9999-12-31T23:59:59Z', 253402300799000, '9999-12-31T23:59:59.000Z'],
		['compact', '00010101', -62135596800000, '0001-01-01T00:00:00.000Z'],
		['dmy', '01/01/0001', -62135596800000, '0001-01-01T00:00:00.000Z'],
		['mdy', '12/31/9999', 253402214400000, '9999-12-31T00:00:00.000Z']
	])('keeps year 1 and year 9999 literal: %s %j', (format, text, expected, isoText) => {
		const ms = parseDate(text, format);
		expect(ms).toBe(expected);
		expect(new Date(ms).toISOString()).toBe(isoText);
	});

	it('keeps years 1–99 literal instead of moving them to the 1900s', () => {
		expect(new Date(parseDate('00990615', 'compact')).getUTCFullYear()).toBe(99);
		expect(new Date(parseDate('0050-01-01 12:00', 'iso')).toISOString()).toBe('0050-01-01T12:00:00.000Z');
	});
});

describe('parseDate, the shapes read without a regular expression', () => {
	/** Date.UTC of the parts, NaN when the day is not in the month (Date.UTC would roll it over). */
	const expected = (y: number, m: number, d: number, h: number, mi: number, sec: number) => {
		const time = Date.UTC(y, m - 1, d, h, mi, sec);
		return new Date(time).getUTCDate() === d ? time : NaN;
	};
	const pad = (n: number, padded: boolean) => (padded ? String(n).padStart(2, '0') : String(n));
	// Every shape the regular expression read before: one or two digits, any of the three separators (mixed too),
	// with or without a time (hours of one or two digits, with or without seconds), four-digit years of any century.
	const written = fc.record({
		year: fc.integer({ min: 1000, max: 9999 }),
		month: fc.integer({ min: 1, max: 12 }),
		day: fc.integer({ min: 1, max: 31 }),
		time: fc.option(fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.option(fc.integer({ min: 0, max: 59 })), padHour: fc.boolean() })),
		separators: fc.tuple(fc.constantFrom('/', '-', '.'), fc.constantFrom('/', '-', '.')),
		padded: fc.tuple(fc.boolean(), fc.boolean())
	});

	it('gives the same timestamp as the calendar for every shape, day first and month first', () => {
		fc.assert(
			fc.property(written, fc.boolean(), ({ year, month, day, time, separators, padded }, dayFirst) => {
				const [a, b] = dayFirst ? [day, month] : [month, day];
				const clock = time ? ` ${pad(time.hour, time.padHour)}:${pad(time.minute, true)}${time.second === null ? '' : ':' + pad(time.second, true)}` : '';
				const text = `${pad(a, padded[0])}${separators[0]}${pad(b, padded[1])}${separators[1]}${year}${clock}`;
				const want = expected(year, month, day, time?.hour ?? 0, time?.minute ?? 0, time?.second ?? 0);
				expect(Object.is(parseDate(text, dayFirst ? 'dmy' : 'mdy'), want)).toBe(true);
			}),
			{ numRuns: 3000 }
		);
	});

	it('reads ISO dates (date only, T or space and a time, Z) as the calendar does', () => {
		const sevenAhead = zonedWallClock('Etc/GMT-7');
		fc.assert(
			fc.property(written, fc.constantFrom('T', ' '), fc.boolean(), ({ year, month, day, time }, separator, zulu) => {
				const date = `${year}-${pad(month, true)}-${pad(day, true)}`;
				const clock = time ? `${separator}${pad(time.hour, true)}:${pad(time.minute, true)}:${pad(time.second ?? 0, true)}${zulu ? 'Z' : ''}` : '';
				const want = expected(year, month, day, time?.hour ?? 0, time?.minute ?? 0, time?.second ?? 0);
				expect(Object.is(parseDate(date + clock, 'iso'), want)).toBe(true);
				// A zone's wall clock goes through the same arithmetic (Etc/GMT-7 is seven hours ahead of UTC in every year).
				if (!Number.isNaN(want)) expect(parseDate(date + (time ? clock.replace('Z', '') : ''), 'iso', sevenAhead)).toBe(want - 7 * 3_600_000);
			}),
			{ numRuns: 1000 }
		);
	});

	it('reads no ISO date with a character other than a digit where a digit stands', () => {
		// '/' and ':' are the characters just below and above '0'..'9': the fast path reads digits by their code.
		const digitAt = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
		fc.assert(
			fc.property(
				fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), noInvalidDate: true }),
				fc.constantFrom(...digitAt),
				// (A space, a T or a separator there can make a shape the regular expression reads: "2024-07-2 10:00:00".)
				fc.constantFrom('/', ':', 'a'),
				fc.constantFrom(10, 19, 20),
				(date, at, other, length) => {
					const text = date.toISOString().slice(0, 19) + 'Z';
					fc.pre(at < length);
					const broken = text.slice(0, at) + other + text.slice(at + 1, length);
					expect(parseDate(broken, 'iso')).toBeNaN();
					expect(parseDate(text.slice(0, length), 'iso')).toBe(Date.parse(length === 10 ? text.slice(0, 10) : text.slice(0, 19) + 'Z'));
				}
			),
			{ numRuns: 3000 }
		);
	});

	it('the UTC wall clock counts days as Date.UTC does, for every valid date and time of years 100 to 9999', () => {
		fc.assert(
			fc.property(
				fc.date({ min: new Date(Date.UTC(100, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)), noInvalidDate: true }),
				(date) => {
					const parts = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()] as const;
					expect(utcWallClock(...parts)).toBe(date.getTime());
				}
			),
			{ numRuns: 5000 }
		);
	});

	it.each<[DateFormat, string]>([
		['mdy', '12/1/2010 8:'],
		['mdy', '12/1/2010 8:2'],
		['mdy', '12/1/2010 8:26:'],
		['mdy', '12/1/2010 8:26:5'],
		['mdy', '12/1/20101'],
		['mdy', '12/1/201'],
		['mdy', '12/1/2010 24:00'],
		['mdy', '12/1/2010 8:60'],
		['mdy', '123/1/2010'],
		['mdy', '12//2010'],
		['dmy', '31/4/2024'],
		['dmy', '29/2/2023']
	])('%s %j is no date', (format, text) => {
		expect(parseDate(text, format)).toBeNaN();
	});
});

describe('day-and-month dates read from their bytes', () => {
	it('property: the time parseDate gives the text, or undefined (left to the text), never another', () => {
		const part = fc.constantFrom('1', '12', '31', '2', '02', '123', '', 'a', '0');
		const text = fc
			.tuple(part, fc.constantFrom('/', '-', '.', ' '), part, fc.constantFrom('/', '-', '.'), fc.constantFrom('2024', '1999', '24', '20245', '2o24'), fc.constantFrom('', ' 10:58', ' 9:05:07', ' 25:00', ' 10:5', ' 10:58 ', 'T10:58', ' 10:58:60', ' 1:02:03x'))
			.map((parts) => parts.join(''));
		const berlin = zonedWallClock('Europe/Berlin');
		fc.assert(
			fc.property(fc.oneof(text, fc.string({ maxLength: 18 })), fc.constantFrom('dmy', 'mdy') as fc.Arbitrary<'dmy' | 'mdy'>, (t, format) => {
				const bytes = new TextEncoder().encode(`,${t},`);
				const read = dayMonthFromBytes(bytes, 1, bytes.length - 1, format === 'dmy', berlin);
				if (read !== undefined) expect(read).toBe(parseDate(t, format, berlin));
				if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}( \d{1,2}:\d\d(:\d\d)?)?$/.test(t)) expect(read).toBe(parseDate(t, format, berlin));
			}),
			{ numRuns: 2000 }
		);
		expect(dayMonthFromBytes(new TextEncoder().encode('2/3/2024 10:58'), 0, 14, false, utcWallClock)).toBe(Date.UTC(2024, 1, 3, 10, 58));
		expect(dayMonthFromBytes(new TextEncoder().encode('x2/3/2024 10:58,'), 1, 15, true, utcWallClock)).toBe(Date.UTC(2024, 2, 2, 10, 58));
	});
});

describe('detectDateFormat', () => {
	it.each<[string, string[], boolean, { format: DateFormat | null; ambiguous: boolean; share: number }]>([
		['a day above 12 decides day first', ['01/02/2024', '05/06/2024', '13/02/2024'], false, { format: 'dmy', ambiguous: false, share: 1 }],
		['a second part above 12 decides month first', ['01/02/2024', '05/06/2024', '02/13/2024'], false, { format: 'mdy', ambiguous: false, share: 1 }],
		['dashes and dots decide the same way', ['01-02-2024', '25.12.2024 10:00'], false, { format: 'dmy', ambiguous: false, share: 1 }],
		['only values ≤ 12 in both parts is ambiguous', ['01/02/2024', '03/04/2024', '12/11/2024'], false, { format: 'dmy', ambiguous: true, share: 1 }],
		['ISO', ['2024-03-01', '2024-03-02 10:00', '2024-03-03T11:00:00Z'], false, { format: 'iso', ambiguous: false, share: 1 }],
		['ISO with empty fields, which do not count', ['2024-03-01', '', '  ', '2024-03-02'], false, { format: 'iso', ambiguous: false, share: 1 }],
		['compact', ['20240301', '20241231'], false, { format: 'compact', ambiguous: false, share: 1 }],
		['compact, even where numbers may be dates', ['20240301', '20241231'], true, { format: 'compact', ambiguous: false, share: 1 }],
		['RFC 2822', ['Fri, 01 Mar 2024 09:30:00 +0000', '1 Mar 2024'], false, { format: 'rfc2822', ambiguous: false, share: 1 }],
		['half the values readable is enough', ['2024-03-01', 'soon'], false, { format: 'iso', ambiguous: false, share: 0.5 }],
		['a third is not', ['2024-03-01', 'soon', 'later'], false, { format: null, ambiguous: false, share: 1 / 3 }],
		['no values', ['', ' '], false, { format: null, ambiguous: false, share: 0 }],
		['Excel serials are not dates unless the header says so', ['45352', '45353.5'], false, { format: null, ambiguous: false, share: 0 }],
		['Excel serials where the header says date', ['45352', '45353.5'], true, { format: 'excel', ambiguous: false, share: 1 }],
		['Unix seconds where the header says date', ['1709285400', '1709373600'], true, { format: 'epoch-s', ambiguous: false, share: 1 }],
		['Unix milliseconds where the header says date', ['1709285400000', '1709373600123'], true, { format: 'epoch-ms', ambiguous: false, share: 1 }],
		['Unix seconds are not dates unless the header says so', ['1709285400', '1709373600'], false, { format: null, ambiguous: false, share: 0 }],
		['small numbers are no dates even then', ['3', '12'], true, { format: null, ambiguous: false, share: 0 }],
		['numbers of mixed sizes are no dates', ['45352', '1709285400'], true, { format: null, ambiguous: false, share: 0 }]
	])('%s', (_, values, numbersMayBeDates, expected) => {
		expect(detectDateFormat(values, numbersMayBeDates)).toEqual(expected);
	});
});

describe('zonedWallClock', () => {
	const amsterdam = zonedWallClock('Europe/Amsterdam');

	it.each<[DateFormat, string, number]>([
		['iso', '2024-07-01 12:00', utc(2024, 6, 1, 10)], // summer: UTC+2
		['iso', '2024-07-01T12:00:00', utc(2024, 6, 1, 10)],
		['iso', '2024-01-15 12:00', utc(2024, 0, 15, 11)], // winter: UTC+1
		['iso', '2024-01-15', utc(2024, 0, 14, 23)], // midnight there is the evening before in UTC
		// Spring forward on 31 March 2024: 02:00 CET became 03:00 CEST at 01:00 UTC.
		['iso', '2024-03-31 01:30', utc(2024, 2, 31, 0, 30)],
		['iso', '2024-03-31 01:59:59', utc(2024, 2, 31, 0, 59, 59)],
		// 02:30 that night never happened: read with the offset from before the change, as 03:30 CEST.
		['iso', '2024-03-31 02:30', utc(2024, 2, 31, 1, 30)],
		['iso', '2024-03-31 03:00', utc(2024, 2, 31, 1, 0)],
		['iso', '2024-03-31 03:30', utc(2024, 2, 31, 1, 30)],
		['iso', '2024-03-31 12:00', utc(2024, 2, 31, 10, 0)],
		// Fall back on 27 October 2024: 03:00 CEST became 02:00 CET at 01:00 UTC.
		['iso', '2024-10-27 01:30', utc(2024, 9, 26, 23, 30)],
		['iso', '2024-10-27 03:30', utc(2024, 9, 27, 2, 30)],
		// 02:30 that night happened twice: the earlier one (CEST) is taken.
		['iso', '2024-10-27 02:30', utc(2024, 9, 27, 0, 30)],
		// A zone written in the text wins over the wall clock.
		['iso', '2024-07-01T12:00:00Z', utc(2024, 6, 1, 12)],
		['iso', '2024-07-01T12:00:00+02:00', utc(2024, 6, 1, 10)],
		['iso', '2024-07-01 12:00 UTC', utc(2024, 6, 1, 12)],
		['rfc2822', 'Mon, 01 Jul 2024 12:00:00 +0000', utc(2024, 6, 1, 12)],
		// Every other format without a zone is read as wall time there.
		['rfc2822', '1 Jul 2024 12:00', utc(2024, 6, 1, 10)],
		['dmy', '01-07-2024 12:00', utc(2024, 6, 1, 10)],
		['mdy', '07/01/2024 12:00 PM', utc(2024, 6, 1, 10)],
		['compact', '20240701', utc(2024, 5, 30, 22)],
		// Epoch numbers are instants: no zone applies.
		['epoch-s', '1719835200', utc(2024, 6, 1, 12)],
		['excel', '45474.5', utc(2024, 6, 1, 12)]
	])('Europe/Amsterdam: %s %j is %d', (format, text, expected) => {
		expect(parseDate(text, format, amsterdam)).toBe(expected);
	});

	it('gives the same answer from its cache (the same hour twice, and after other hours)', () => {
		const clock = zonedWallClock('Europe/Amsterdam');
		expect(clock(2024, 7, 1, 12, 0, 0, 0)).toBe(utc(2024, 6, 1, 10));
		expect(clock(2024, 1, 15, 12, 0, 0, 0)).toBe(utc(2024, 0, 15, 11));
		expect(clock(2024, 7, 1, 12, 59, 59, 999)).toBe(utc(2024, 6, 1, 10, 59, 59, 999));
		expect(clock(2024, 7, 1, 12, 0, 0, 0)).toBe(utc(2024, 6, 1, 10));
	});

	it('applies the offset of each hour through the day of a DST change', () => {
		const clock = zonedWallClock('Europe/Amsterdam');
		// 31 March 2024 has no 02:00–02:59; hours before are UTC+1, hours after UTC+2.
		for (const hour of [0, 1, 3, 4, 12, 23]) {
			const offset = hour < 2 ? 1 : 2;
			expect(clock(2024, 3, 31, hour, 15, 0, 0), `${hour}:15`).toBe(utc(2024, 2, 31, hour - offset, 15));
		}
	});

	it.each<[string, string, number]>([
		['America/New_York', '2024-01-15 12:00', utc(2024, 0, 15, 17)],
		['America/New_York', '2024-03-10 01:30', utc(2024, 2, 10, 6, 30)], // EST, before spring forward
		['America/New_York', '2024-03-10 03:30', utc(2024, 2, 10, 7, 30)], // EDT, after
		['Asia/Ho_Chi_Minh', '2024-03-01 09:30', utc(2024, 2, 1, 2, 30)],
		['Asia/Kolkata', '2024-03-01 09:30', utc(2024, 2, 1, 4, 0)], // a half-hour offset
		['Australia/Sydney', '2024-01-15 12:00', utc(2024, 0, 15, 1)], // southern summer: UTC+11
		['UTC', '2024-03-01 09:30', utc(2024, 2, 1, 9, 30)]
	])('%s: %j is %d', (timeZone, text, expected) => {
		expect(parseDate(text, 'iso', zonedWallClock(timeZone))).toBe(expected);
	});
});
