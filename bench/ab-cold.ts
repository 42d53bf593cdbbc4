/**
 * `npm run bench:ab-cold -- <dirA> <dirB> [file] [rounds]`: the cold first answers of two builds of the site (each
 * dir's `build/` and `bench/.build/`), interleaved A B A B on one machine. Each side imports the file once through its
 * own site in a context of its own; then each round asks its engine probe (bench/pages/lens.ts) for every analysis
 * cold in a fresh engine worker (`latency`, no filters: a second visit's, with the classification a first visit
 * stored, and that first visit's), its first run with the table in memory (`inMemoryFirstRun`)
 * and the cold funnel's steps (`coldBreakdown`). Prints each round with the load average when it started, and the
 * medians. What an analysis's name measures is that build's probe's: since the funnel's first answer was split
 * (2026-11-30), `funnel` is the funnel alone and `lifecycle` the whole lifecycle answer; before, `funnel` was the whole.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { benchPage, isolatedContext, launchBrowser } from './lib/browser';
import { importOnly, type Probe } from './lib/lens';
import { startBenchServer } from './lib/server';

const [dirA, dirB, file = 'bench/.data/events-1000000.csv', roundsArg = '3'] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: npm run bench:ab-cold -- <dirA> <dirB> [file] [rounds]');
const rounds = Number(roundsArg);

type Side = 'A' | 'B';
const servers = { A: await startBenchServer(dirA), B: await startBenchServer(dirB) };
const browser = await launchBrowser();
const foreign: string[] = [];
type Figure = 'cold' | 'coldFirstVisit' | 'inMemory';
const runs: Record<Side, Record<Figure, Record<string, number>>[]> = { A: [], B: [] };
try {
	const probes = {} as Record<Side, { probe: Probe; id: string; page: Page }>;
	for (const side of ['A', 'B'] as const) {
		const context = await isolatedContext(browser, foreign);
		const { datasetId } = await importOnly(context, servers[side].origin, file);
		const page = await context.newPage();
		await page.goto(`${servers[side].origin}/bench/lens.html`);
		await page.waitForFunction(() => 'bench' in window);
		probes[side] = { probe: benchPage<Probe>(page), id: datasetId, page };
	}
	for (let round = 0; round < rounds; round++) {
		for (const side of ['A', 'B'] as const) {
			const { probe, id } = probes[side];
			const load = loadavg()[0].toFixed(1);
			const latency = await probe.latency(id, []);
			const cold = Object.fromEntries(Object.entries(latency).map(([name, l]) => [name, Math.round(l.coldMs)]));
			// A build without stored classifications has no first visit's figure: its cold one is a first visit's.
			const coldFirstVisit = Object.fromEntries(Object.entries(latency).map(([name, l]) => [name, Math.round(l.coldFirstVisitMs ?? l.coldMs)]));
			const inMemory = await probe.inMemoryFirstRun(id);
			const steps = await probe.coldBreakdown(id);
			runs[side].push({ cold, coldFirstVisit, inMemory });
			console.log(JSON.stringify({ round, side, load, cold, coldFirstVisit, inMemory, steps }));
		}
	}
	if (foreign.length > 0) throw new Error(`requests left localhost: ${foreign.join(', ')}`);
} finally {
	await browser.close();
	await servers.A.close();
	await servers.B.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = (side: Side, figure: Figure) =>
	Object.fromEntries(Object.keys(runs[side][0]?.[figure] ?? {}).map((name) => [name, median(runs[side].map((r) => r[figure][name]))]));
const figures = (side: Side) => ({ cold: medians(side, 'cold'), coldFirstVisit: medians(side, 'coldFirstVisit'), inMemory: medians(side, 'inMemory') });
console.log(JSON.stringify({ file, medians: { A: figures('A'), B: figures('B') } }));
