/**
 * Hostile and broken files: each gets a specific message, or imports what is valid with the rest rejected
 * by line and reason. Plus property-based fuzzing of the parsers and the link decoder (fast-check).
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvParser, UnterminatedQuoteError } from '../../../src/lib/import/csv';
import { ImportError } from '../../../src/lib/import/errors';
import { CLI_BUDGETS, type ImportBudgets } from '../../../src/lib/import/budgets';
import { convertFile, planOf } from '../../../src/lib/import/import-file';
import { previewFile } from '../../../src/lib/import/preview';
import { readRows } from '../../../src/lib/import/source';
import { decodeModel } from '../../../src/lib/state/model-codec';
import { decodeState } from '../../../src/lib/state/url';
import { FIELDS } from '../../../src/lib/state/view-options';
import { fileOf, readFile } from '../../helpers/import';
import { pngBytes, randomBytes, wideCsv } from '../../../scripts/make-hostile.mjs';
import { denseValues } from '../../../src/lib/engine/values';

const HEADER = 'customer_id,timestamp,event,value\n';

/** A gzipped log cut off halfway (varied rows, so it does not compress to nothing). */
function cutGzip(): Uint8Array {
	const rows = Array.from({ length: 5000 }, (_, i) => `c${(i * 7919) % 1000},2025-01-${String(1 + (i % 28)).padStart(2, '0')},e${i},${i}`);
	const gz = gzipSync(Buffer.from(HEADER + rows.join('\n')));
	return new Uint8Array(gz.subarray(0, Math.floor(gz.length / 2)));
}

// The hostile corpus's generators (one source for the committed, the generated and these files).
const PNG = pngBytes(2000);

describe('hostile files', () => {
	it.each<[string, Uint8Array | string, string, RegExp]>([
		['an empty file', '', 'empty.csv', /^empty\.csv is empty \(0 bytes\)/],
		['a header only', HEADER, 'header.csv', /^header\.csv has a header but no rows/],
		['a PNG image under a .csv name', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.csv', /^photo\.csv is a PNG image, not text/],
		['a ZIP (or .xlsx) under a .csv name', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]), 'book.csv', /^book\.csv is a ZIP archive that holds no \.xlsx or \.ods workbook/],
		['unknown binary data', Uint8Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? 0 : (i * 37) % 256)), 'blob.csv', /^blob\.csv holds binary data/],
		['unbalanced quotes', HEADER + 'a,2025-01-01,"lead,\nb,2025-01-02,lead,\n', 'quotes.csv', /^quotes\.csv, line 2: a quoted field opened on line 2 is never closed/],
		['JSON that is not an array of records', '{"total": 3, "ok": true}', 'x.json', /^x\.json: expected a JSON array of objects \(one per row\), or an object holding one; found an object with no array of records in it/],
		['.gz that is not gzip', HEADER + 'a,2025-01-01,lead,\n', 'plain.csv.gz', /^plain\.csv\.gz ends in \.gz but is not gzip-compressed/],
		['gzip cut short', cutGzip(), 'cut.csv.gz', /^cut\.csv\.gz: the gzip data is damaged or cut short/],
		// Issue 21: binary that is neither a known format nor full of zero bytes, plain or gzipped.
		['random bytes', randomBytes(100_000), 'noise.csv', /^noise\.csv holds binary data \(\d+% control bytes\), not text/],
		['gzipped random bytes', new Uint8Array(gzipSync(randomBytes(100_000))), 'noise.csv.gz', /^noise\.csv\.gz holds binary data \(\d+% control bytes\), not text/],
		['a gzipped PNG', new Uint8Array(gzipSync(PNG)), 'photo.csv.gz', /^photo\.csv\.gz is gzip-compressed PNG data, not text/],
		['a PDF', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'report.csv', /^report\.csv is a PDF document, not text/],
		// Issue 21: what the file holds, not a message about headers.
		['a file of 100,000 commas', ','.repeat(100_000), 'commas.csv', /^commas\.csv holds only delimiters and blank fields, no data/],
		['lines of delimiters', ';;;;\n;;;;\n;;;;\n', 'semis.csv', /^semis\.csv holds only delimiters and blank fields, no data/],
		['a JSON number', '42', 'answer.json', /^answer\.json: expected a JSON array of objects \(one per row\), or an object holding one; found a number/],
		['a JSON string', '"hello"', 'hello.json', /^hello\.json: expected a JSON array of objects \(one per row\), or an object holding one; found a string/],
		['a JSON array of numbers', '[1, 2, 3]', 'numbers.json', /^numbers\.json: expected a JSON array of objects \(one per row\); found an array of number values, not objects/],
		['a JSON array of arrays', '[["customer_id", "timestamp"], ["a", "2025-01-01"]]', 'rows.json', /^rows\.json: expected a JSON array of objects \(one per row\); found an array of array values, not objects/]
	])('%s gets a specific message', async (_, content, name, message) => {
		await expect(readFile(content, name)).rejects.toThrow(message);
		await expect(readFile(content, name)).rejects.toBeInstanceOf(ImportError);
	});

	it('a file that stops mid-row imports the whole rows and rejects the last', async () => {
		const { table, rejects } = await readFile(HEADER + 'a,2025-01-01,lead,1\nb,2025-01-02,lead,2\nc,2025-01-0', 'cut.csv');
		expect(table.rowCount).toBe(2);
		expect(rejects).toMatchObject([{ line: 4, reason: 'field-count' }]);
	});

	it('mixed delimiters: rows in the other delimiter are rejected by line, the rest imports', async () => {
		const { table, rejects } = await readFile(HEADER + 'a,2025-01-01,lead,1\nb;2025-01-02;lead;2\nc,2025-01-03,lead,3\n', 'mixed.csv');
		expect(table.customerIds).toEqual(['a', 'c']);
		expect(rejects).toMatchObject([{ line: 3, reason: 'field-count' }]);
	});

	it('duplicate and empty header names still import, by position', async () => {
		const { table, preview } = await readFile('customer_id,timestamp,event,,event\na,2025-01-01,lead,x,other\n', 'dup.csv');
		expect(preview.header).toEqual(['customer_id', 'timestamp', 'event', '', 'event']);
		expect(table.eventNames).toEqual(['lead']);
	});

	it('10,000 columns', async () => {
		const { table, preview } = await readFile(wideCsv(10_000, 1), 'wide.csv');
		expect(preview.header).toHaveLength(10_000);
		expect(table.rowCount).toBe(1);
	});

	it('the preview of a wide file holds fewer rows (at most 20,000 fields, at least 3 rows), so the page gets little to draw', async () => {
		const preview = async (columns: number) => (await previewFile(fileOf(wideCsv(columns, 25), 'wide.csv'))).rows;
		expect((await preview(5_000)).map((r) => r.length)).toEqual([5_000, 5_000, 5_000, 5_000]);
		expect(await preview(1_000)).toHaveLength(20);
		expect(await preview(10_000)).toHaveLength(3);
	});

	it('invalid UTF-8 bytes are read as Windows-1252 instead of failing', async () => {
		const bytes = Buffer.concat([Buffer.from(HEADER), Buffer.from([0x63, 0xe9, 0x2c]), Buffer.from('2025-01-01,lead,\n')]);
		const { table, preview } = await readFile(bytes, 'latin.csv');
		expect(preview.source.encoding).toBe('windows-1252');
		expect(table.customerIds).toEqual(['cé']);
	});

	it('deeply nested JSON is flattened to a bounded depth, or refused plainly when too deep to parse', async () => {
		const nested = '{"a":'.repeat(50) + '1' + '}'.repeat(50);
		const { preview, table } = await readFile(`[{"customer_id":"a","timestamp":"2025-01-01","event":"lead","deep":${nested}}]`, 'deep.json');
		// Flattened to 8 levels: a.a.a.a.a.a.a.a, holding the rest as JSON text.
		expect(preview.header).toEqual(['customer_id', 'timestamp', 'event', 'deep.a.a.a.a.a.a.a']);
		expect(table.rowCount).toBe(1);
		const tooDeep = '['.repeat(200_000) + ']'.repeat(200_000);
		await expect(readFile(tooDeep, 'abyss.json')).rejects.toBeInstanceOf(ImportError);
	});

	it('dates in year 0001 and 9999 import; NaN and Infinity are not numbers', async () => {
		const { table, rejects } = await readFile(HEADER + 'a,0001-01-01,lead,1\nb,9999-12-31T23:59:59Z,lead,2\nc,2025-01-01,lead,NaN\nd,2025-01-01,lead,Infinity\n', 'edges.csv');
		expect(Array.from(table.time, (t) => new Date(t).getUTCFullYear()).sort((x, y) => x - y)).toEqual([1, 9999]);
		expect(rejects.map((r) => [r.line, r.reason])).toEqual([[4, 'value'], [5, 'value']]);
	});

	it('amounts that overflow to Infinity, and doubled signs, are rejected by line like any unreadable number', async () => {
		const rows = ['a,2025-01-01,lead,1', 'b,2025-01-02,lead,1e309', `c,2025-01-03,lead,${'9'.repeat(400)}`, 'd,2025-01-04,lead,--5', 'e,2025-01-05,lead,-5'];
		const { table, rejects } = await readFile(HEADER + rows.join('\n') + '\n', 'overflow.csv', { adjust: (plan) => (plan.mapping.columns[3] = { role: 'value', decimal: '.' }) });
		expect(rejects.map((r) => [r.line, r.reason, r.column])).toEqual([[3, 'value', 'value'], [4, 'value', 'value'], [5, 'value', 'value']]);
		expect(Array.from(denseValues(table.value)).sort((x, y) => x - y)).toEqual([-5, 1]);
	});

	it('a JSON Lines line that is valid JSON but not an object is rejected by line, naming what it found', async () => {
		const record = (c: string, day: number) => JSON.stringify({ customer_id: c, timestamp: `2025-01-0${day}`, event: 'lead' });
		const lines = [record('a', 1), '42', '["a", "2025-01-02"]', '"lead"', 'null', 'true', record('b', 2)];
		const { preview, table, rejects, rejectCounts } = await readFile(lines.join('\n') + '\n', 'mixed.ndjson');
		// The stray values make no column of their own.
		expect(preview.header).toEqual(['customer_id', 'timestamp', 'event']);
		expect(table.customerIds).toEqual(['a', 'b']);
		expect(rejectCounts).toEqual({ 'not-object': 5 });
		expect(rejects.map((r) => [r.line, r.reason, r.message])).toEqual([
			[2, 'not-object', 'found a number; expected a JSON object (one record per line)'],
			[3, 'not-object', 'found an array; expected a JSON object (one record per line)'],
			[4, 'not-object', 'found a string; expected a JSON object (one record per line)'],
			[5, 'not-object', 'found null; expected a JSON object (one record per line)'],
			[6, 'not-object', 'found a boolean; expected a JSON object (one record per line)']
		]);
		expect(rejects[1].raw).toBe('"[""a"", ""2025-01-02""]"');
	});

	it('a single line of 8 MB is refused by the line budget (4 MB in the page), naming the line', async () => {
		await expect(readFile('x'.repeat(8_000_000), 'line.csv')).rejects.toThrow(/^line\.csv, line 1: a line longer than 4 MB, the longest an import can take/);
		await expect(readFile(',x'.repeat(4_000_000), 'line.csv')).rejects.toThrow(/^line\.csv, line 1: more than 10,000 columns/);
	});

	it('1,000,000 distinct event names import', async () => {
		const lines = [HEADER.trimEnd()];
		for (let i = 0; i < 1_000_000; i++) lines.push(`c${i % 1000},2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,event-${i},`);
		const { table } = await readFile(lines.join('\n'), 'many.csv');
		expect(table.eventNames).toHaveLength(1_000_000);
	}, 60_000);
});

describe('fuzzing (fast-check)', () => {
	const csvText = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r', ' ', 'é', '\t'), maxLength: 200 });

	it('the CSV parser returns rows or an unterminated-quote error for any text in any chunks', () => {
		fc.assert(
			fc.property(csvText, fc.array(fc.nat(200), { maxLength: 5 }), (text, cuts) => {
				const rows: string[][] = [];
				const parser = new CsvParser(',', (fields) => rows.push(fields));
				const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
				let at = 0;
				for (const point of [...points, text.length]) {
					parser.push(text.slice(at, point));
					at = point;
				}
				try {
					parser.end();
				} catch (error) {
					expect(error).toBeInstanceOf(UnterminatedQuoteError);
				}
				for (const row of rows) expect(row.length).toBeGreaterThan(0);
			}),
			{ numRuns: 500 }
		);
	});

	it('reading any text as JSON or JSON Lines gives rows or an ImportError', async () => {
		const jsonish = fc.oneof(fc.json(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'a', '1', '\n'), maxLength: 80 }));
		await fc.assert(
			fc.asyncProperty(jsonish, fc.constantFrom('json', 'ndjson') as fc.Arbitrary<'json' | 'ndjson'>, async (text, format) => {
				try {
					await readRows(fileOf(text, 'x.json'), { compressed: false, encoding: 'utf-8', format, delimiter: ',', hasHeader: true }, () => {});
				} catch (error) {
					expect(error).toBeInstanceOf(ImportError);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('the link decoder never throws, whatever the parameters, and keeps only valid values', async () => {
		const keys = ['v', 'ds', 'model', 'm', 'view', 'asof', ...FIELDS.map((f) => f.param), 'other'];
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...keys), fc.string({ maxLength: 60 })), { maxLength: 12 }), async (pairs) => {
				const { state, notices } = decodeState(new URLSearchParams(pairs));
				expect(typeof state.model).toBe('string');
				expect(Array.isArray(notices)).toBe(true);
				if (state.customModel !== undefined) {
					const decoded = await decodeModel(state.customModel);
					expect(typeof decoded.ok).toBe('boolean');
				}
			}),
			{ numRuns: 300 }
		);
	});
});

describe('budgets, checked as the data streams (issue 21)', () => {
	const small: ImportBudgets = { maxColumns: 20, maxLineChars: 1000, maxInflatedBytes: 100_000, maxJsonChars: 10_000, maxWorkbookBytes: 100_000, maxRowGroupBytes: 100_000, maxRows: 500 };
	const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `c${(from + i) % 97},2025-01-${String(1 + ((from + i) % 28)).padStart(2, '0')},e${(from + i) % 5},${from + i}`).join('\n');
	async function importWith(content: string | Uint8Array, name: string, budgets: ImportBudgets) {
		const file = fileOf(content, name);
		const preview = await previewFile(file, {}, 'UTC', budgets);
		return convertFile(file, planOf(preview), { budgets });
	}

	it('a line longer than the budget is refused with its line number, also deep in the file', async () => {
		const text = HEADER + rows(10) + '\n' + `x,2025-01-01,lead,${'9'.repeat(2000)}\n` + rows(5);
		await expect(importWith(text, 'long.csv', small)).rejects.toThrow('long.csv, line 12: a line longer than 0 MB');
		const error = await importWith(text, 'long.csv', small).catch((e) => e);
		expect(error.problem).toEqual({ code: 'import.budget.line', params: { file: 'long.csv', line: 12, limit: '0 MB' } });
	});

	it('a quoted field that never closes is stopped by the line budget where it opened, not read to the end', async () => {
		const text = HEADER + rows(3) + '\n' + 'y,2025-01-01,"lead\n' + rows(400, 3);
		const error = await importWith(text, 'open.csv', small).catch((e) => e);
		expect(error.problem).toMatchObject({ code: 'import.budget.line', params: { line: 5 } });
	});

	it('more columns than the budget is refused on the line that has them', async () => {
		const wide = HEADER + rows(3) + '\n' + 'z,2025-01-01,lead,1' + ',x'.repeat(30) + '\n';
		const error = await importWith(wide, 'wide.csv', small).catch((e) => e);
		expect(error.message).toBe('wide.csv, line 5: more than 20 columns, the most an import can take. Remove the columns you do not need, or split the file.');
		const keys = JSON.stringify([Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))]);
		await expect(importWith(keys, 'keys.json', small)).rejects.toThrow(/^keys\.json: the records have more than 20 different keys/);
	});

	it('more rows than the budget is refused while reading, CSV, JSON Lines and JSON alike', async () => {
		await expect(importWith(HEADER + rows(600), 'many.csv', small)).rejects.toThrow('many.csv: more than 500 rows, the most one import can take in the memory available');
		const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify({ customer_id: `c${i}`, timestamp: '2025-01-01', event: 'lead' })).join('\n');
		await expect(importWith(lines, 'many.ndjson', small)).rejects.toThrow(/^many\.ndjson: more than 500 rows/);
		const array = JSON.stringify(Array.from({ length: 600 }, (_, i) => ({ c: `c${i}`, t: '2025-01-01', e: 'x' })));
		await expect(importWith(array, 'many.json', { ...small, maxJsonChars: 1e6 })).rejects.toThrow(/^many\.json: more than 500 rows/);
	});

	it('a JSON document larger than the budget is refused before it is parsed', async () => {
		const array = JSON.stringify(Array.from({ length: 600 }, (_, i) => ({ customer_id: `c${i}`, timestamp: '2025-01-01', event: 'lead' })));
		await expect(importWith(array, 'big.json', small)).rejects.toThrow('big.json: a JSON document larger than 0 MB, the most that can be read whole. Save it as JSON Lines');
	});

	it('a gzip bomb is stopped at the expanded-size budget', async () => {
		// 4 MB of the same row compresses to a few kB.
		const bomb = new Uint8Array(gzipSync(Buffer.from(HEADER + 'a,2025-01-01,lead,1\n'.repeat(200_000))));
		expect(bomb.length).toBeLessThan(50_000);
		await expect(importWith(bomb, 'bomb.csv.gz', { ...small, maxRows: 1e9 })).rejects.toThrow('bomb.csv.gz: the gzip data expands to more than 0 MB, the most an import can take');
	});

	it('the command line has larger budgets than the page', () => {
		expect(CLI_BUDGETS.maxColumns).toBeGreaterThan(10_000);
		expect(CLI_BUDGETS.maxLineChars).toBeGreaterThan(4 * 1024 * 1024);
	});
});

describe('multi-member gzip (issue 21)', () => {
	it('two gzip files one after the other are read whole, as gzip allows', async () => {
		const first = gzipSync(Buffer.from(HEADER + 'a,2025-01-01,lead,1\nb,2025-01-02,lead,2\n'));
		const second = gzipSync(Buffer.from('c,2025-01-03,lead,3\n'));
		const { table, rejects } = await readFile(new Uint8Array(Buffer.concat([first, second])), 'joined.csv.gz');
		expect(rejects).toEqual([]);
		expect(table.customerIds).toEqual(['a', 'b', 'c']);
	});

	it('a second member cut short is still refused as damaged', async () => {
		const first = gzipSync(Buffer.from(HEADER + 'a,2025-01-01,lead,1\n'));
		const cut = cutGzip();
		await expect(readFile(new Uint8Array(Buffer.concat([first, cut])), 'cut2.csv.gz')).rejects.toThrow(/^cut2\.csv\.gz: the gzip data is damaged or cut short/);
	});
});
