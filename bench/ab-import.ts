/**
 * `npm run bench:ab -- <dirA> <dirB> [file] [rounds]`: imports one file through two builds of the site (each dir's
 * `build/`, as `vite build` writes it), interleaved A B A B, each import in a fresh cross-origin-isolated context
 * (empty IndexedDB), file chosen to first funnel bar as `npm run bench` times it. Prints each run, with the machine's
 * load average when it started, and the medians. For a before/after of one change on a shared machine, where a figure
 * of one run means little and alternating spreads the load over both sides.
 */
import { loadavg } from 'node:os';
import { isolatedContext, launchBrowser } from './lib/browser';
import { importOnly } from './lib/lens';
import { startBenchServer } from './lib/server';

const [dirA, dirB, file = 'bench/.data/events-1000000.csv', roundsArg = '3'] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: npm run bench:ab -- <dirA> <dirB> [file] [rounds]');
const rounds = Number(roundsArg);

const servers = { A: await startBenchServer(dirA), B: await startBenchServer(dirB) };
const browser = await launchBrowser();
const runs: Record<'A' | 'B', number[]> = { A: [], B: [] };
try {
	for (let round = 0; round < rounds; round++) {
		for (const side of ['A', 'B'] as const) {
			const load = loadavg()[0].toFixed(1);
			const foreign: string[] = [];
			const context = await isolatedContext(browser, foreign);
			const { fileToReadyMs, importMs, longTasks } = await importOnly(context, servers[side].origin, file);
			await context.close();
			if (foreign.length > 0) throw new Error(`requests left localhost: ${foreign.join(', ')}`);
			runs[side].push(fileToReadyMs);
			console.log(JSON.stringify({ round, side, fileToReadyMs, importMs, longTasks, load }));
		}
	}
} finally {
	await browser.close();
	await servers.A.close();
	await servers.B.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({ file, medianMs: { A: median(runs.A), B: median(runs.B) }, runs }));
