/**
 * Numbers as exports write them: decimal point or comma, thousands separators, currency symbols
 * and codes, negatives in parentheses. The decimal mark is decided once per column.
 */
import { codeAt } from './text-or-bytes';
import type { DecimalMark } from '../base/source-types';

export const NUMBER_EXAMPLES: Record<DecimalMark, string> = {
	'.': 'a number such as 1234.50, 1,234.50, $1,234.50 or (12.00)',
	',': 'a number such as 1234,50, 1.234,50, € 1.234,50 or (12,00)'
};

/** Currency signs and ISO codes that may stand before or after an amount. */
const CURRENCY = /^(?:[$€£¥₫₹₩₽₺₪฿]|US\$|R\$|[A-Z]{3}(?![A-Z]))\s*|\s*(?:[$€£¥₫₹₩₽₺₪฿]|[A-Z]{3}|đ|kr|zł)$/;
const SPACES = /[\s\u00a0\u202f]/g;
const INTEGER = /^[+-]?\d+$/;
const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const POINT_GROUPED = /^[+-]?\d{1,3}(?:([,'])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;
const COMMA_DECIMAL = /^[+-]?(?:\d+|\d{1,3}(?:([.'])\d{3})(?:\1\d{3})*),\d+$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(?:([.'])\d{3})(?:\1\d{3})*$/;

/**
 * The number in `text` read with the given decimal mark: NaN for an empty field (absent),
 * null when it is not a number.
 */
export function parseAmount(text: string, decimal: DecimalMark = '.'): number | null {
	if (text === '') return NaN;
	// The common case first: a plain number, read as written.
	const plain = plainDecimal(text, decimal === '.');
	if (plain !== undefined) return plain;
	if (decimal === '.' ? PLAIN.test(text) : INTEGER.test(text)) return finite(Number(text));
	let s = text.trim();
	if (s === '') return NaN;
	let negative = false;
	if (s.startsWith('(') && s.endsWith(')')) {
		negative = true;
		s = s.slice(1, -1).trim();
	}
	if (s.startsWith('-') && /^-\s*\D/.test(s)) {
		// "-$12.00": the sign before the currency.
		negative = !negative;
		s = s.slice(1).trim();
	}
	s = s.replace(CURRENCY, '').replace(CURRENCY, '').replace(SPACES, '');
	// A second sign inside a negation ("--5", "(-5)", "-$-5") is a typo, not a double negative.
	if (negative && /^[+-]/.test(s)) return null;
	if (s.endsWith('-') && !s.startsWith('-')) {
		negative = !negative;
		s = s.slice(0, -1);
	}
	const value = decimal === '.' ? readPointDecimal(s) : readCommaDecimal(s);
	if (value === null) return null;
	return finite(negative ? -value : value);
}

/** 10 to the power of each index: exact doubles, written out (no Math.pow, whose rounding is the engine's). */
const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal of at most 15 digits ([+-]digits[.digits]; an integer when `point` is false) read from its
 * characters, with no regular expression and no second string: its digits as an integer over a power of ten. Both are
 * exact doubles and division rounds correctly, so this is the double nearest the text, the one Number(text) gives.
 * undefined for anything else (more digits, an exponent, spaces, currency): the general path reads those.
 */
const plainDecimal = (text: string, point: boolean) => plainDecimalIn(text, 0, text.length, point);

/**
 * plainDecimal read from a field's bytes (import/csv-bytes.ts): NaN for an empty field, as parseAmount gives;
 * undefined for anything plainDecimal would not read, which parseAmount then reads from the text.
 */
export const plainDecimalBytes = (b: Uint8Array, start: number, end: number, point: boolean) => (start === end ? NaN : plainDecimalIn(b, start, end, point));

/** plainDecimal's one reading, of a text or its bytes (`start` to `end`). */
function plainDecimalIn(s: string | Uint8Array, start: number, end: number, point: boolean): number | undefined {
	const first = codeAt(s, start);
	let mantissa = 0;
	let digits = 0;
	let pointAt = -1;
	for (let i = first === 45 || first === 43 ? start + 1 : start; i < end; i++) {
		const c = codeAt(s, i);
		if (c >= 48 && c <= 57) {
			mantissa = mantissa * 10 + (c - 48);
			digits++;
		} else if (c === 46 && point && pointAt < 0) pointAt = i;
		else return undefined;
	}
	if (digits === 0 || digits > 15) return undefined;
	const value = pointAt < 0 ? mantissa : mantissa / POWERS_OF_TEN[end - 1 - pointAt];
	return first === 45 ? -value : value;
}

/** A value too large for a double (1e309, 400 digits) reads as Infinity: no one wrote that, so it is unreadable. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function readPointDecimal(s: string): number | null {
	if (PLAIN.test(s)) return Number(s);
	if (POINT_GROUPED.test(s)) return Number(s.replace(/[,']/g, ''));
	return null;
}

function readCommaDecimal(s: string): number | null {
	if (INTEGER.test(s)) return Number(s);
	if (COMMA_DECIMAL.test(s) || COMMA_GROUPED.test(s)) return Number(s.replace(/[.']/g, '').replace(',', '.'));
	// A plain point decimal with more or fewer than three decimals cannot be thousands: 12.5, 0.25.
	if (/^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$/.test(s)) return Number(s);
	return null;
}

/**
 * Decides a column's decimal mark from its values: "12,50" or "1.234,56" say comma, "12.50" or "1,234.56" say point.
 * Values that read the same either way ("1234", "1,234") do not decide; the point wins a tie.
 */
export function detectDecimalMark(values: string[]): { decimal: DecimalMark; share: number } {
	const sample = values.map((v) => v.trim()).filter((v) => v !== '');
	if (sample.length === 0) return { decimal: '.', share: 0 };
	const readable = (decimal: DecimalMark) => sample.filter((v) => parseAmount(v, decimal) !== null).length;
	const point = readable('.');
	const comma = readable(',');
	// Where both read a value, they may still disagree (1,234 vs 1.234): prefer the mark that reads more values.
	const decimal: DecimalMark = comma > point ? ',' : '.';
	return { decimal, share: Math.max(point, comma) / sample.length };
}
