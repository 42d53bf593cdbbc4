/** The two baselines' pages: the file goes in through their file input, as into the site's. */
import type { BrowserContext } from 'playwright-core';
import type { BenchFilter, Numbers } from '../pages/shared';
import { benchPage } from './browser';
import type { Latency } from './lens';

export interface Baseline {
	importFile(): Promise<{ ms: number; rows: number; bytes: number; startupMs?: number }>;
	numbers(filter: BenchFilter): Promise<Numbers[]>;
	latency(filters: BenchFilter[]): Promise<Latency>;
}

export async function openBaseline(context: BrowserContext, origin: string, name: 'plain' | 'duckdb', file: string) {
	const page = await context.newPage();
	await page.goto(`${origin}/bench/${name}.html`);
	await page.waitForFunction(() => 'bench' in window);
	const baseline = benchPage<Baseline>(page);
	// The page waits for the file; setting it after the call starts is what a user's choice looks like.
	const imported = baseline.importFile();
	await page.getByTestId('file').setInputFiles(file);
	return { baseline, imported: await imported };
}
