/**
 * `npm run bench:ab -- <dirA> <dirB> [file] [rounds] [--reload]`: imports one file through two builds of the site (each
 * dir's `build/`, as `vite build` writes it), interleaved A B A B, each import in a fresh cross-origin-isolated context
 * (empty IndexedDB), file chosen to first funnel bar as `npm run bench` times it. Prints each run, with the machine's
 * load average when it started, and the medians. For a before/after of one change on a shared machine, where a figure
 * of one run means little and alternating spreads the load over both sides.
 *
 * With `--reload`: the file is imported once per build (each in its own context, so each its own IndexedDB), then the
 * dashboard link is opened in a new tab (once uncounted per build), then A B A B: navigation start to the first funnel bar (the stored answer's) and
 * to the engine's own, as `npm run bench`'s reload figures, and the reloads with a main-thread task over 50 ms.
 *
 * With `--busy`: one core kept busy by another process for the whole run (a loop in a child Node), as on a shared
 * machine whose neighbour is at work: what a task of 15-25 ms on the page's thread becomes by the clock.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import type { BrowserContext } from 'playwright-core';
import { isolatedContext, launchBrowser } from './lib/browser';
import { importOnly, reloadToFirstChart } from './lib/lens';
import { startBenchServer } from './lib/server';

const reload = process.argv.includes('--reload');
const busy = process.argv.includes('--busy');
const [dirA, dirB, file = 'bench/.data/events-1000000.csv', roundsArg = '3'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!dirA || !dirB) throw new Error('usage: npm run bench:ab -- <dirA> <dirB> [file] [rounds] [--reload] [--busy]');
const rounds = Number(roundsArg);

const burner = busy ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
const servers = { A: await startBenchServer(dirA), B: await startBenchServer(dirB) };
const browser = await launchBrowser();
const runs: Record<'A' | 'B', number[]> = { A: [], B: [] };
const engineRuns: Record<'A' | 'B', number[]> = { A: [], B: [] };
const longTaskRuns: Record<'A' | 'B', number> = { A: 0, B: 0 };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
	if (reload) {
		const foreign: string[] = [];
		const sites: Partial<Record<'A' | 'B', { context: BrowserContext; dashboard: string }>> = {};
		for (const side of ['A', 'B'] as const) {
			const context = await isolatedContext(browser, foreign);
			const { dashboard, fileToReadyMs } = await importOnly(context, servers[side].origin, file);
			// One reload not counted: the answer the import's dashboard stored is surely there, as after any first visit.
			await reloadToFirstChart(context, dashboard, 1);
			console.log(JSON.stringify({ side, imported: file, fileToReadyMs }));
			sites[side] = { context, dashboard };
		}
		for (let round = 0; round < rounds; round++) {
			for (const side of ['A', 'B'] as const) {
				const load = loadavg()[0].toFixed(1);
				const { first, engine, longestTask } = await reloadToFirstChart(sites[side]!.context, sites[side]!.dashboard, 1);
				runs[side].push(first[0]);
				engineRuns[side].push(engine[0]);
				if (longestTask[0] > 0) longTaskRuns[side]++;
				console.log(JSON.stringify({ round, side, firstChartMs: Math.round(first[0]), engineAnswerMs: Math.round(engine[0]), longestTaskMs: Math.round(longestTask[0]), load }));
			}
		}
		for (const site of Object.values(sites)) await site.context.close();
		if (foreign.length > 0) throw new Error(`requests left localhost: ${foreign.join(', ')}`);
	} else {
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
	}
} finally {
	burner?.kill();
	await browser.close();
	await servers.A.close();
	await servers.B.close();
}
if (reload) console.log(JSON.stringify({ file, reload: true, busy, medianMs: { A: median(runs.A), B: median(runs.B) }, engineMedianMs: { A: median(engineRuns.A), B: median(engineRuns.B) }, reloadsWithLongTask: longTaskRuns, runs, engineRuns }));
else console.log(JSON.stringify({ file, medianMs: { A: median(runs.A), B: median(runs.B) }, runs }));
