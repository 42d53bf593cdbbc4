/** Baseline (a) page: drives the plain worker; the runner calls window.bench. */
import * as Comlink from 'comlink';
import type { PlainApi } from './plain.worker';
import { chosenFile, timed, type BenchFilter, type Numbers } from './shared';

const plain = Comlink.wrap<PlainApi>(new Worker(new URL('./plain.worker.ts', import.meta.url), { type: 'module' }));

Object.assign(window, {
	bench: {
		/** Parse and store: file to records in IndexedDB. */
		async importFile() {
			const file = await chosenFile();
			await plain.clear();
			const { ms, result: rows } = await timed(() => plain.importFile(file));
			return { ms, rows, bytes: file.size };
		},
		async numbers(filter: BenchFilter): Promise<Numbers[]> {
			await plain.load();
			const out: Numbers[] = [];
			for (const f of [null, filter]) {
				out.push({ funnel: await plain.funnel(f), retention: await plain.retention(f), paths: await plain.paths(f), trend: await plain.trend(f) });
			}
			return out;
		},
		/** Cold: read the records back from IndexedDB, then compute; filtered: compute over the records in memory. */
		async latency(filters: BenchFilter[]) {
			const out: Record<string, { coldMs: number; filteredMs: number[] }> = {};
			for (const name of ['funnel', 'retention', 'paths', 'trend'] as const) {
				const cold = await timed<unknown>(async () => {
					await plain.load();
					return plain[name](null);
				});
				const filteredMs: number[] = [];
				for (const f of filters) filteredMs.push((await timed<unknown>(() => plain[name](f))).ms);
				out[name] = { coldMs: cold.ms, filteredMs };
			}
			return out;
		}
	}
});
