/**
 * `npm run bench`, in the browser: the built site against the plain approach and DuckDB-WASM on generated logs.
 * BENCH_SIZES=100000,1000000,5000000 (default); baselines run up to BENCH_BASELINE_MAX events (default 1M), and an
 * order-lines file of as many lines is imported up to BENCH_ORDERS_MAX (default 1M). BENCH_ONLY=reload: only the
 * site's import and reload figures at each size (no baselines, analyses or order file; write them elsewhere with
 * BENCH_OUT, results.json is the full run's).
 * Prints one JSON object and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { runBenchmark } from './lib/run';

const sizes = (process.env.BENCH_SIZES ?? '100000,1000000,5000000').split(',').map(Number);
const baselineMax = Number(process.env.BENCH_BASELINE_MAX ?? 1_000_000);
const ordersMax = Number(process.env.BENCH_ORDERS_MAX ?? 1_000_000);
const reloadOnly = process.env.BENCH_ONLY === 'reload';
if (process.env.BENCH_ONLY && !reloadOnly) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY}: only 'reload' is known`);

it('benchmarks the site in headless Chromium', async () => {
	const results = await runBenchmark(
		sizes.map((events) => (reloadOnly ? { events, baselines: false, reloadOnly } : { events, baselines: events <= baselineMax, orders: events <= ordersMax })),
		(line) => process.stderr.write(`[bench] ${line}\n`)
	);
	const json = JSON.stringify(results, null, 2);
	writeFileSync(process.env.BENCH_OUT ?? 'bench/results.json', json + '\n');
	console.log(json);
}, 3_600_000);
