/**
 * A CSV file split as bytes (import/csv-bytes.ts) gives the rows, fields, line numbers and errors the text parser gives,
 * however the bytes are chunked and whichever rows the taker of bytes declines; and an import read that way gives the
 * table, rejects and counts of one read as text (import/convert.ts `byteRows`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteCsvReader, fieldDecoder, type ByteFields } from '../../../src/lib/import/csv-bytes';
import { ByteDictionary } from '../../../src/lib/import/byte-dictionary';
import { CsvParser, type RowLimits } from '../../../src/lib/import/csv';
import { RowConverter } from '../../../src/lib/import/convert';
import { readRows } from '../../../src/lib/import/source';
import { Dictionary } from '../../../src/lib/engine/table';
import type { ColumnMapping, DateFormat, DecimalMark, Encoding, SourceInfo } from '../../../src/lib/base/source-types';

type Row = [fields: string[], line: number];
type Outcome = { rows: Row[]; error: string | null };

const describeError = (error: unknown) => (error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error));

/** What the text parser reads from the whole text, decoded as a stream decodes it (a BOM at the start left out). */
function asText(bytes: Uint8Array, encoding: Encoding, limits: RowLimits): Outcome {
	const rows: Row[] = [];
	try {
		const parser = new CsvParser(',', (fields, line) => rows.push([fields, line]), limits);
		const decoder = new TextDecoder(encoding);
		parser.push(decoder.decode(bytes, { stream: true }) + decoder.decode());
		parser.end();
		return { rows, error: null };
	} catch (error) {
		return { rows, error: describeError(error) };
	}
}

/** What the byte reader reads from the same bytes in these chunks, the taker declining the rows `declines` picks. */
function asBytes(bytes: Uint8Array, encoding: Encoding, limits: RowLimits, fields: number, cuts: number[], declines: (line: number) => boolean): Outcome & { byBytes: number } {
	const rows: Row[] = [];
	let byBytes = 0;
	const decode = fieldDecoder(encoding);
	const take = (row: ByteFields, line: number) => {
		if (declines(line)) return false;
		byBytes++;
		rows.push([Array.from({ length: row.count }, (_, f) => decode(row.bytes.subarray(row.starts[f], row.ends[f]))), line]);
		return true;
	};
	try {
		const reader = new ByteCsvReader(',', encoding, (fields, line) => rows.push([fields, line]), take, fields, limits, { fileStart: true });
		let at = 0;
		for (const cut of [...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length]) {
			// Each chunk its own buffer, as a stream hands them over.
			reader.push(bytes.slice(at, cut));
			at = cut;
		}
		reader.end();
		return { rows, error: null, byBytes };
	} catch (error) {
		return { rows, error: describeError(error), byBytes };
	}
}

const PIECES = ['a', 'bc', '12', ' ', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', 'é', '€', '日本', '\t', 'x"y'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));

describe('rows split as bytes', () => {
	it('are the rows, fields and lines of the text parser, in any chunks, whichever rows go as text', () => {
		fc.assert(
			fc.property(
				text,
				fc.boolean(),
				fc.integer({ min: 1, max: 4 }),
				fc.array(fc.nat(6000), { maxLength: 6 }),
				fc.integer({ min: 0, max: 3 }),
				fc.constantFrom(Infinity, 12),
				text,
				(start, bom, fields, cuts, decline, maxChars, after) => {
					// Sometimes more than a run of the text parser's bytes (4 KB) of plain rows, then more of anything.
					const body = after.length % 2 === 1 ? start + 'ab,c\n'.repeat(1000) + after : start;
					const encoded = new TextEncoder().encode(body);
					const bytes = bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...encoded]) : encoded;
					const limits = { maxFields: 6, maxChars };
					const expected = asText(bytes, 'utf-8', limits);
					const got = asBytes(bytes, 'utf-8', limits, fields, cuts, (line) => decline > 0 && line % (decline + 1) === 0);
					expect(got.rows).toEqual(expected.rows);
					expect(got.error).toEqual(expected.error);
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('Windows-1252: € (0x80) and é (0xE9) read as the text parser reads them', () => {
		const bytes = Uint8Array.from([0x61, 0x2c, 0x80, 0x0a, 0xe9, 0x2c, 0x22, 0x80, 0x22, 0x0a]);
		const limits = { maxFields: 6, maxChars: Infinity };
		const got = asBytes(bytes, 'windows-1252', limits, 2, [3], () => false);
		expect(got.rows).toEqual([
			[['a', '€'], 1],
			[['é', '€'], 2]
		]);
		expect(got.rows).toEqual(asText(bytes, 'windows-1252', limits).rows);
	});

	it('plain rows go as bytes; a quoted line break, an escaped quote and a lone CR go as text, with their lines', () => {
		const body = 'id,n\na,1\n"b\nc",2\nd,"x""y"\ne,3\rf,4\r\ng,5\n';
		const limits = { maxFields: 6, maxChars: Infinity };
		const got = asBytes(new TextEncoder().encode(body), 'utf-8', limits, 2, [], () => false);
		expect(got.rows).toEqual([
			[['id', 'n'], 1],
			[['a', '1'], 2],
			[['b\nc', '2'], 3],
			[['d', 'x"y'], 5],
			[['e', '3'], 6],
			[['f', '4'], 7],
			[['g', '5'], 8]
		]);
		// The text parser reads from the first unusual row for at least a run of bytes: here, to the end.
		expect(got.byBytes).toBe(2);
	});

	it('goes back to bytes after an unusual row once the text parser stands at a row start', () => {
		const plain = Array.from({ length: 2000 }, (_, i) => `c${i},${i}`);
		const body = ['id,n', '"quoted ""one""",1', ...plain].join('\n') + '\n';
		const got = asBytes(new TextEncoder().encode(body), 'utf-8', { maxFields: 6, maxChars: Infinity }, 2, [], () => false);
		expect(got.rows).toHaveLength(2002);
		expect(got.rows[1]).toEqual([['quoted "one"', '1'], 2]);
		expect(got.rows[2001]).toEqual([['c1999', '1999'], 2002]);
		// About 4 KB of rows (~600) after the quoted one are read as text; the rest as bytes.
		expect(got.byBytes).toBeGreaterThan(1000);
	});
});

describe('a dictionary of fields by their bytes', () => {
	it('gives each distinct field one entry, its text trimmed, and codes in the order rows use them', () => {
		const target = new Dictionary();
		const decoder = new TextDecoder();
		const dictionary = new ByteDictionary(target, (bytes) => decoder.decode(bytes));
		const values = Array.from({ length: 50_000 }, (_, i) => `v${(i * 7919) % 20_000}`);
		const bytes = new TextEncoder().encode(values.join(','));
		const entries: number[] = [];
		let at = 0;
		for (const value of values) {
			entries.push(dictionary.find(bytes, at, at + value.length));
			at += value.length + 1;
		}
		expect(dictionary.size).toBe(20_000);
		values.forEach((value, i) => expect(dictionary.text(entries[i])).toBe(value));
		// Codes are given when asked, in that order, whatever order the entries were made in.
		expect(dictionary.code(entries[5])).toBe(0);
		expect(dictionary.code(entries[0])).toBe(1);
		expect(dictionary.code(entries[5])).toBe(0);
		expect(target.values).toEqual([values[5], values[0]]);
		const padded = new TextEncoder().encode(' v1 ');
		expect(dictionary.text(dictionary.find(padded, 0, padded.length))).toBe('v1');
	});
});

describe('rows of an import read as bytes', () => {
	const source: SourceInfo = { compressed: false, encoding: 'utf-8', format: 'csv', delimiter: ',', hasHeader: true };

	async function convert(header: string[], mapping: ColumnMapping, body: string, bytes: boolean) {
		const converter = new RowConverter('file.csv', header, mapping, Date.UTC(2025, 0, 1), true);
		await readRows(new File([body], 'file.csv'), source, (fields, line) => converter.read(fields, line), { byteRows: bytes ? converter.byteRows('utf-8') : undefined });
		try {
			return converter.finish();
		} catch (error) {
			return describeError(error);
		}
	}

	/** The same outcome, table, rejects and counts, read as bytes and as text, for any rows (LF or CRLF ends). */
	const sameEitherWay = (header: string[], mappings: fc.Arbitrary<ColumnMapping>, row: fc.Arbitrary<string>, numRuns: number) =>
		fc.assert(
			fc.asyncProperty(mappings, fc.array(fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: field('', ' ', 'x,y') }), { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), async (mapping, rows, eol) => {
				const body = [header.join(','), ...rows].join(eol) + eol;
				expect(await convert(header, mapping, body, true)).toEqual(await convert(header, mapping, body, false));
			}),
			{ numRuns }
		);

	const field = (...choices: string[]) => fc.constantFrom(...choices);
	const dates = field('2024-03-01', '2024-03-01T10:00:00Z', '2024-03-01 10:00:00', '2024-03-31T02:30:00', '2024-02-30', '3/1/2024', '13/1/2024 9:30', '1/3/2024 10:58', 'not a date', '', ' 2024-03-02', '2024-03-01T10:00:00+02:00');
	const amounts = field('', '5', '5.50', '-3', '$7', 'abc', ' 2 ', '1e3', '12345678901234567', '.', '-', '1,5');

	it('an event log: the table, rejects and counts of a text reading, whatever the dates\' format', async () => {
		const header = ['customer_id', 'timestamp', 'event', 'value', 'plan'];
		const mappings = fc.record({ dateFormat: fc.constantFrom<DateFormat>('iso', 'dmy', 'mdy'), decimal: fc.constantFrom<DecimalMark>('.', ','), timeZone: field('UTC', 'Europe/Berlin') }).map(
			({ dateFormat, decimal, timeZone }): ColumnMapping => ({
				shape: 'event-log',
				timeZone,
				columns: [{ role: 'customer' }, { role: 'timestamp', dateFormat }, { role: 'event' }, { role: 'value', decimal }, { role: 'attribute' }]
			})
		);
		const row = fc
			.tuple(field('c1', 'c2', ' c1', 'c1 ', '', '"c3"', 'ü', 'c\u00a0'), dates, field('signup', 'purchase', ' purchase', '', '"a, b"', 'é'), amounts, field('pro', 'free', '', ' pro', '"x""y"'))
			.map((fields) => fields.join(','));
		await sameEitherWay(header, mappings, row, 300);
	});

	it('an orders file: the orders, rejects and counts of a text reading, lines of an order apart or not, customers on some lines only', async () => {
		const header = ['order', 'customer', 'date', 'quantity', 'price', 'status', 'country'];
		const mappings = fc.record({ dateFormat: fc.constantFrom<DateFormat>('iso', 'mdy', 'dmy'), cancelPrefix: field('', 'C', '10') }).map(
			({ dateFormat, cancelPrefix }): ColumnMapping => ({
				shape: 'orders',
				timeZone: 'UTC',
				columns: [{ role: 'order', cancelPrefix }, { role: 'customer' }, { role: 'timestamp', dateFormat }, { role: 'quantity', decimal: '.' }, { role: 'unit-price', decimal: '.' }, { role: 'status' }, { role: 'attribute' }]
			})
		);
		const row = fc
			.tuple(
				// Ids of digits are read as numbers from their bytes; leading zeros, 16 digits and more, spaces keep their text.
				field('1001', '1002', 'C1001', 'A-7', '', ' 1002', '0', '007', '01002', '123456789012345', '1234567890123456', '12345678901234567'),
				field('17850.0', '13047.0', '', 'ann', ' ann'),
				// Every shape fastDayMonth reads from the bytes, and some it leaves to the text.
				fc.oneof(dates, field('1/3/2024', '01-03-2024', '1.3.2024 9:05:07', '12/12/2024 23:59:59', '31/02/2024', '3/1/24 10:58', '1/3/2024 10:58 ', '1/3/2024 24:00', '1/3/2024T10:58', '1/3/2024 1:5')), field('1', '6', '-2', '', 'x'), field('2.55', '0', '', '$3', 'y'), field('', 'paid', 'refunded', 'failed', 'cancelled'), field('UK', 'France', ''))
			.map((fields) => fields.join(','));
		await sameEitherWay(header, mappings, row, 300);
	});
});
