#!/usr/bin/env node
/** Prints bench/results.json (or the file given) as the Markdown tables the READMEs show: `node bench/report.mjs`. */
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8'));
const n = (x, digits = 0) => (x === undefined || x === null ? '–' : Number(x).toLocaleString('en', { maximumFractionDigits: digits }));
const size = (events) => (events >= 1e6 ? `${events / 1e6}M` : `${events / 1e3}k`);
const sizes = results.sizes;
const row = (label, cell) => `| ${label} | ${sizes.map(cell).join(' | ')} |`;

const m = results.machine;
console.log(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, ${m.browser}, Node ${m.node}; ${results.date.slice(0, 10)}.`);
console.log(`First page JS: ${n(results.firstPageJs.gzipBytes / 1024, 1)} KB gzip (${n(results.firstPageJs.bytes / 1024, 1)} KB raw, ${results.firstPageJs.files} files).\n`);
console.log(`| | ${sizes.map((s) => `${size(s.events)} events`).join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
console.log(row('customers / file MB', (s) => `${n(s.customers)} / ${n(s.fileBytes / 1e6)}`));
console.log(row('import, file to first funnel (s; timed in the page, as DuckDB-WASM is)', (s) => n(s.lens.import.fileToReadyMs / 1000, 2)));
// Older results have no harness figure: their fileToReadyMs was the harness's clock (Playwright's latency included).
console.log(row("import, file to first funnel by the harness's clock (s; Playwright's latency included)", (s) => (s.lens.import.harnessFileToReadyMs !== undefined ? n(s.lens.import.harnessFileToReadyMs / 1000, 2) : '–')));
console.log(row('import rows/s · MB/s', (s) => `${n(s.lens.import.rowsPerSecond)} · ${n(s.lens.import.megabytesPerSecond, 1)}`));
console.log(row('plain approach import rows/s (site ×)', (s) => (s.plain ? `${n(s.plain.import.rowsPerSecond)} (${n(s.ratios.plain.importThroughput, 1)}×)` : '–')));
console.log(row('DuckDB-WASM load rows/s (site ×)', (s) => (s.duckdb ? `${n(s.duckdb.import.rowsPerSecond)} (${n(s.ratios.duckdb.importThroughput, 1)}×)` : '–')));
// Older results have no figure for the home page's opening.
console.log(row("first visit's home page opening long tasks: count, longest ms", (s) => (s.lens.openLongTasks ? `${s.lens.openLongTasks.count}, ${n(s.lens.openLongTasks.maxMs)}` : '–')));
console.log(row('import long tasks: count, longest ms', (s) => `${s.lens.import.longTasks.count}, ${n(s.lens.import.longTasks.maxMs)}`));
console.log(row('reload to first chart (ms; from the stored answer since it exists)', (s) => n(s.lens.reloadToFirstChartMs)));
console.log(row("reload to the engine's own first answer (ms)", (s) => n(s.lens.reloadToEngineAnswerMs ?? s.lens.reloadToFirstChartMs)));
console.log(row('reload long tasks: the longest in each of the three reloads (ms; 0: none over 50)', (s) => s.lens.reloadLongestTaskMs?.join(' / ') ?? '–'));
// 'funnel' is the funnel view's first answer (the funnel alone) since it comes first; 'lifecycle' its whole answer.
for (const a of ['funnel', 'lifecycle', 'retention', 'paths', 'trend']) {
	console.log(row(`${a}: cold, second visit (fresh worker: storage read, stored classification, compute) / after filter change (ms)`, (s) => (s.lens.latency[a] ? `${n(s.lens.latency[a].coldMs)} / ${n(s.lens.latency[a].filteredMs)}` : '–')));
	// Older results have no first visit's figure: their cold figure classified (no classification was stored then).
	console.log(row(`${a}: cold, first visit (fresh worker: storage read, classify, compute; ms)`, (s) => (s.lens.latency[a]?.coldFirstVisitMs !== undefined ? n(s.lens.latency[a].coldFirstVisitMs) : '–')));
	// Like DuckDB-WASM's cold: the first run with the table already in memory; older results have no such figure.
	console.log(row(`${a}: first run, table in memory (ms)`, (s) => (s.lens.inMemoryFirstRunMs?.[a] !== undefined ? n(s.lens.inMemoryFirstRunMs[a]) : '–')));
}
for (const a of ['funnel', 'retention', 'paths', 'trend', 'value']) {
	console.log(row(`${a}, two filters and a breakdown, after a filter change (ms; budget 150)`, (s) => (s.lens.segmentedAfterFilterMs ? n(s.lens.segmentedAfterFilterMs[a]) : '–')));
}
for (const d of ['next', 'previous']) {
	console.log(row(`journey, 5 events ${d === 'next' ? 'after' : 'before'} MQL, two filters, after a filter change (ms; budget 150)`, (s) => (s.lens.journeyAfterFilterMs ? n(s.lens.journeyAfterFilterMs[d]) : '–')));
}
console.log(row('why did they convert, MQL to SQL, two filters, after a filter change (ms; budget 150)', (s) => (s.lens.driversAfterFilterMs !== undefined ? n(s.lens.driversAfterFilterMs) : '–')));
/** A baseline's cold / filtered time; '–' where it did not run (or, in older results, had no such analysis). */
const baseline = (s, name, a) => (s[name]?.latency[a] ? `${n(s[name].latency[a].coldMs)} / ${n(s[name].latency[a].filteredMs)}` : '–');
for (const a of ['funnel', 'retention', 'paths', 'trend']) {
	// Since 2026-12-02 DuckDB-WASM's cold figure is the query's first run, and `againMs` the run that was its cold figure before.
	console.log(row(`${a} in DuckDB-WASM: cold (first run, table loaded) / run again / filtered (ms)`, (s) => (s.duckdb?.latency[a]?.againMs !== undefined ? `${n(s.duckdb.latency[a].coldMs)} / ${n(s.duckdb.latency[a].againMs)} / ${n(s.duckdb.latency[a].filteredMs)}` : baseline(s, 'duckdb', a))));
	console.log(row(`${a} plain: cold / filtered (ms)`, (s) => baseline(s, 'plain', a)));
}
console.log(row('recompute long tasks: count, longest ms', (s) => `${s.lens.recompute.count}, ${n(s.lens.recompute.maxMs)}`));
console.log(row('engine worker memory MB (bytes/event)', (s) => (s.lens.workerMemory ? `${n(s.lens.workerMemory.workerBytes / 1e6, 1)} (${n(s.lens.workerMemory.bytesPerEvent, 1)})` : '–')));
