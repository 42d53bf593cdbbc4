import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDecimalMark, parseAmount } from '../../../src/lib/import/numbers';
import type { DecimalMark } from '../../../src/lib/base/source-types';

describe('parseAmount', () => {
	// Plain numbers are read from their characters (no regular expression): the same double as Number(text), to the
	// bit, for every length of digits and decimals, signs and leading zeros included.
	const plainNumber = fc
		.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,20}$/), fc.option(fc.stringMatching(/^\d{0,20}$/)))
		.map(([sign, whole, decimals]) => sign + whole + (decimals === null ? '' : '.' + decimals))
		.filter((text) => /\d/.test(text));

	it('reads a plain number with a point as Number does, to the bit', () => {
		fc.assert(
			fc.property(plainNumber, (text) => {
				expect(Object.is(parseAmount(text, '.'), Number(text))).toBe(true);
			}),
			{ numRuns: 5000 }
		);
		fc.assert(
			fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 17 }), (x, decimals) => {
				const text = x.toFixed(decimals);
				expect(Object.is(parseAmount(text, '.'), Number(text))).toBe(true);
			}),
			{ numRuns: 5000 }
		);
	});

	it('reads a whole number in a decimal-comma column as Number does', () => {
		fc.assert(
			fc.property(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,20}$/), (sign, digits) => {
				expect(Object.is(parseAmount(sign + digits, ','), Number(sign + digits))).toBe(true);
			}),
			{ numRuns: 3000 }
		);
	});


	it.each<[string, DecimalMark, number]>([
		// Decimal point.
		['1234.50', '.', 1234.5],
		['1,234.50', '.', 1234.5],
		['1,234,567.89', '.', 1234567.89],
		['$1,234.50', '.', 1234.5],
		['US$5', '.', 5],
		['USD 99', '.', 99],
		['99 USD', '.', 99],
		['£7.25', '.', 7.25],
		['(12.00)', '.', -12],
		['($1,050.00)', '.', -1050],
		['-$12.00', '.', -12],
		['12.00-', '.', -12], // a trailing minus, as SAP writes it
		["1'234.50", '.', 1234.5], // Swiss thousands
		['1 000', '.', 1000],
		['1,234', '.', 1234],
		// Plain numbers, as the old parseNumber read them.
		['42', '.', 42],
		[' 19.99 ', '.', 19.99],
		['-3e2', '.', -300],
		['1E-3', '.', 0.001],
		['+5', '.', 5],
		['.5', '.', 0.5],
		['5.', '.', 5],
		['0', '.', 0],
		['-12', '.', -12],
		// Decimal comma.
		['12,50', ',', 12.5],
		['1234,50', ',', 1234.5],
		['1.234,56', ',', 1234.56],
		['1.234.567,89', ',', 1234567.89],
		['1.234', ',', 1234], // thousands, not a decimal
		['-€12,00', ',', -12],
		['€ 1.234,56', ',', 1234.56],
		['(€ 12,00)', ',', -12],
		['12,50 EUR', ',', 12.5],
		['EUR 12,50', ',', 12.5],
		['1 234,50', ',', 1234.5], // space thousands
		['1\u00a0234,50', ',', 1234.5], // no-break space thousands
		['1\u202f234,50', ',', 1234.5], // narrow no-break space (French)
		['1 234 567,50 €', ',', 1234567.5],
		['₫50.000', ',', 50000],
		['50.000 đ', ',', 50000],
		['1234', ',', 1234],
		['-7', ',', -7],
		// A point with one, two or four decimals cannot be thousands, even in a comma column.
		['12.5', ',', 12.5],
		['0.25', ',', 0.25],
		['1.2345', ',', 1.2345]
	])('%j with decimal %j is %d', (text, decimal, expected) => {
		expect(parseAmount(text, decimal)).toBe(expected);
	});

	it.each<[string, DecimalMark]>([
		['', '.'],
		['  ', '.'],
		['\t', '.'],
		['', ','],
		[' ', ',']
	])('%j (absent) with decimal %j is NaN', (text, decimal) => {
		expect(parseAmount(text, decimal)).toBeNaN();
	});

	it.each<[string, DecimalMark]>([
		['abc', '.'],
		['abc', ','],
		['1,5', '.'], // a decimal comma in a point column
		['12,50', '.'],
		['1.234,56', '.'],
		['1,23,456', '.'], // groups of two
		['1.2.3', '.'],
		['0x10', '.'],
		['Infinity', '.'],
		['NaN', '.'],
		['.', '.'],
		['-', '.'],
		['12abc', '.'],
		['12 apples', '.'],
		['$', '.'],
		['1,234.50', ','], // a point-decimal amount in a comma column
		['1,2,3', ','],
		['12,5.0', ','],
		// Overflow to Infinity is not a number anyone wrote (issue 21).
		['1e309', '.'],
		['-1e309', '.'],
		['9'.repeat(400), '.'],
		['9'.repeat(400), ','],
		['$' + '9'.repeat(400), '.'],
		['9'.repeat(400) + ',00', ','],
		// Malformed signs: two minus signs, or a sign inside a negation (issue 21).
		['--5', '.'],
		['--5', ','],
		['-+5', '.'],
		['+-5', '.'],
		['(-5)', '.'],
		['-(5)', '.'],
		['- -5', '.'],
		['-$-5', '.'],
		['5--', '.'],
		['-5-', '.']
	])('%j with decimal %j is null', (text, decimal) => {
		expect(parseAmount(text, decimal)).toBeNull();
	});

	it('reads the point decimal when no mark is given', () => {
		expect(parseAmount('1,234.50')).toBe(1234.5);
		expect(parseAmount('1,5')).toBeNull();
	});
});

describe('detectDecimalMark', () => {
	it.each<[string, string[], { decimal: DecimalMark; share: number }]>([
		['Dutch amounts', ['12,50', '3,00', '1.250,00'], { decimal: ',', share: 1 }],
		['Vietnamese amounts in dong', ['1.250.000', '350.000', '99.000'], { decimal: ',', share: 1 }],
		['US amounts', ['12.50', '1,234.56', '$3.00'], { decimal: '.', share: 1 }],
		['integers and thousands alone do not decide: the point wins the tie', ['1234', '1,234'], { decimal: '.', share: 1 }],
		['empty fields are left out', ['', '12,50', '  '], { decimal: ',', share: 1 }],
		['the share counts what the winning mark reads', ['12,50', '3,00', 'n/a', 'abc'], { decimal: ',', share: 0.5 }],
		['no values', [], { decimal: '.', share: 0 }]
	])('%s', (_, values, expected) => {
		expect(detectDecimalMark(values)).toEqual(expected);
	});
});
