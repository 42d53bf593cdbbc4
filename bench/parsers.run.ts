/**
 * CSV parser micro-benchmark (Node): our streaming parser against uDSV and Papa Parse on the same
 * generated 1M-row event log, fed in 64 KiB chunks as a file stream gives them; then our whole
 * import (parse, convert dates and numbers, sort) in rows per second.
 * Prints one JSON line; figures are medians of 3 runs, and ratios are to our parser in the same run.
 */
import Papa from 'papaparse';
import { initParser, inferSchema } from 'udsv';
import { it } from 'vitest';
import { CsvParser } from '../src/lib/import/csv';
import { convertFile, planOf } from '../src/lib/import/import-file';
import { previewFile } from '../src/lib/import/preview';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CHUNK = 64 * 1024;
const RUNS = 3;

function eventLog(rows: number): string {
	const events = ['page_view', 'email_open', 'lead', 'MQL', 'SQL', 'opportunity', 'purchase', 'webinar', 'support_ticket', 'renewal'];
	const channels = ['organic', 'paid search', 'referral', '"email, newsletter"', 'social'];
	const lines = ['customer_id,timestamp,event,value,channel'];
	const start = Date.UTC(2024, 0, 1);
	for (let i = 0; i < rows; i++) {
		const t = new Date(start + i * 47_000).toISOString().slice(0, 19) + 'Z';
		lines.push(`C${String((i * 7919) % 100_000).padStart(6, '0')},${t},${events[i % 10]},${i % 10 === 6 ? ((i % 4999) / 10).toFixed(2) : ''},${channels[i % 5]}`);
	}
	return lines.join('\n') + '\n';
}

function chunks(text: string): string[] {
	const parts: string[] = [];
	for (let i = 0; i < text.length; i += CHUNK) parts.push(text.slice(i, i + CHUNK));
	return parts;
}

/** Each parser reads every chunk and hands over each row; the row count proves it read them all. */
const parsers: Record<string, (parts: string[]) => number> = {
	'lifecycle-lens': (parts) => {
		let rows = 0;
		const parser = new CsvParser(',', () => {
			rows++;
		});
		for (const part of parts) parser.push(part);
		parser.end();
		return rows;
	},
	udsv: (parts) => {
		let rows = 0;
		const parser = initParser(inferSchema(parts[0]));
		const count = () => {
			rows++;
		};
		for (const part of parts) parser.chunk<string[]>(part, parser.stringArrs, count);
		parser.end();
		return rows + 1; // uDSV keeps the header row to itself
	},
	papaparse: (parts) => {
		let rows = 0;
		// Papa's own chunked reading of a string, with a step callback per row.
		Papa.parse(parts.join(''), { chunkSize: CHUNK, skipEmptyLines: true, step: () => void rows++ });
		return rows;
	}
};

function median(values: number[]) {
	return values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

it('benchmarks CSV parsers', async () => {
	const text = eventLog(ROWS);
	const parts = chunks(text);
	const megabytes = new TextEncoder().encode(text).byteLength / 1e6;
	const results: Record<string, { ms: number; rowsPerSecond: number; megabytesPerSecond: number; ratio?: number }> = {};
	for (const [name, parse] of Object.entries(parsers)) {
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			const start = performance.now();
			const rows = parse(parts);
			times.push(performance.now() - start);
			if (rows !== ROWS + 1) throw new Error(`${name} read ${rows} rows, expected ${ROWS + 1}`);
		}
		const ms = median(times);
		results[name] = { ms: Math.round(ms), rowsPerSecond: Math.round(ROWS / (ms / 1000)), megabytesPerSecond: +(megabytes / (ms / 1000)).toFixed(1) };
	}
	for (const r of Object.values(results)) r.ratio = +(r.ms / results['lifecycle-lens'].ms).toFixed(2);

	// The whole import path without storage: stream, parse, convert, sort.
	const file = new File([text], 'bench.csv');
	const plan = planOf(await previewFile(file));
	const importTimes: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		const start = performance.now();
		const { table } = await convertFile(file, plan);
		importTimes.push(performance.now() - start);
		if (table.rowCount !== ROWS) throw new Error(`import kept ${table.rowCount} rows`);
	}
	const importMs = median(importTimes);
	console.log(
		JSON.stringify({
			bench: 'csv-parsers',
			node: process.version,
			rows: ROWS,
			megabytes: +megabytes.toFixed(1),
			parsers: results,
			import: { ms: Math.round(importMs), rowsPerSecond: Math.round(ROWS / (importMs / 1000)) }
		})
	);
}, 600_000);
