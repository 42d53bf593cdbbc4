/**
 * A smoke run of the browser benchmark (issue 9) on 10k events, so it cannot rot: the site, the plain approach
 * and DuckDB-WASM import the same generated log, agree on the funnel, retention, paths and trend numbers (the run
 * throws if not) and every figure comes out as a number. Timings and budgets are never asserted here.
 */
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../bench/lib/run';

describe('the benchmark, smoke run', () => {
	beforeAll(async () => {
		// The bench pages (engine probe, baselines) are built apart from the site, which `npm test` builds.
		await build({ configFile: 'bench/vite.config.ts', logLevel: 'error' });
	}, 120_000);

	it('runs all three approaches on 10k events and they agree; an order-lines file imports beside them', async () => {
		const results = await runBenchmark([{ events: 10_000, baselines: true, orders: true }]);
		const [size] = results.sizes as Record<string, any>[];
		expect(size.events).toBe(10_000);
		expect(size.customers).toBeGreaterThan(0);
		const positive = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
		expect(positive(size.lens.import.rowsPerSecond)).toBe(true);
		// Timed in the page (file chosen to Import enabled, click to first bar): inside what the harness's clock saw.
		expect(positive(size.lens.import.previewMs) && positive(size.lens.import.ms)).toBe(true);
		expect(size.lens.import.fileToReadyMs).toBe(size.lens.import.previewMs + size.lens.import.ms);
		expect(size.lens.import.harnessFileToReadyMs).toBeGreaterThanOrEqual(size.lens.import.fileToReadyMs);
		expect(positive(size.lens.reloadToFirstChartMs)).toBe(true);
		// Each of the three reloads' longest main-thread task (0 when none is over 50 ms).
		expect(size.lens.reloadLongestTaskMs).toHaveLength(3);
		expect(size.lens.reloadLongestTaskMs.every((ms: number) => ms === 0 || ms > 50)).toBe(true);
		for (const analysis of ['funnel', 'lifecycle', 'retention', 'paths', 'trend']) {
			expect(Number.isFinite(size.lens.latency[analysis].coldMs)).toBe(true);
			// A second visit's cold figure (a stored classification) and a first visit's (none stored), and both ratios.
			expect(Number.isFinite(size.lens.latency[analysis].coldFirstVisitMs)).toBe(true);
			expect(Number.isFinite(size.ratios.duckdb[`${analysis}ColdFirstVisit`])).toBe(analysis !== 'lifecycle');
			expect(Number.isFinite(size.lens.latency[analysis].filteredMs)).toBe(true);
			// Like DuckDB-WASM's cold: the first run in a worker that holds the table in memory, and its ratio (DuckDB-WASM
			// answers the four analyses; `lifecycle`, the funnel view's whole answer, is the site's own).
			expect(Number.isFinite(size.lens.inMemoryFirstRunMs[analysis])).toBe(true);
			expect(Number.isFinite(size.ratios.duckdb[`${analysis}FirstRunInMemory`])).toBe(analysis !== 'lifecycle');
		}
		// Issue 24's entry: each analysis with two filters and a breakdown, after a filter change.
		expect(Object.keys(size.lens.segmentedAfterFilterMs)).toEqual(['funnel', 'retention', 'paths', 'trend', 'value']);
		for (const ms of Object.values(size.lens.segmentedAfterFilterMs)) expect(Number.isFinite(ms)).toBe(true);
		// Issue 25's entries: the journey both ways and the drivers of a step, after a filter change.
		expect(Object.keys(size.lens.journeyAfterFilterMs)).toEqual(['next', 'previous']);
		for (const ms of Object.values(size.lens.journeyAfterFilterMs)) expect(Number.isFinite(ms)).toBe(true);
		expect(Number.isFinite(size.lens.driversAfterFilterMs)).toBe(true);
		expect(size.lens.import.longTasks.count).toBeGreaterThanOrEqual(0);
		expect(positive(size.lens.workerMemory.workerBytes)).toBe(true);
		for (const baseline of ['plain', 'duckdb']) {
			expect(positive(size[baseline].import.rowsPerSecond)).toBe(true);
			expect(Object.keys(size[baseline].latency)).toEqual(['funnel', 'retention', 'paths', 'trend']);
			expect(positive(size.ratios[baseline].importThroughput)).toBe(true);
		}
		// The order-lines file of as many lines imports too, and its throughput is compared with the event log's.
		expect(size.lensOrders.lines).toBe(10_000);
		expect(positive(size.lensOrders.import.rowsPerSecond)).toBe(true);
		expect(positive(size.lensOrders.throughputVsEventLog)).toBe(true);
		expect(results.firstPageJs.gzipBytes).toBeGreaterThan(0);
	}, 120_000);
});
