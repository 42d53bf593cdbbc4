/**
 * `npm run bench:memory -- <events>` (default 1M): where the engine's bytes go, in Node. Loads the bench log through the site's
 * import (as the CLI does), runs the four analyses the bench's `lens.workerMemory` runs (funnel, retention, paths,
 * trend: an engine session's table, classification and caches), then prints the bytes of each structure the session
 * holds (typed arrays by byteLength, strings at V8's size) and, after a full GC (`--expose-gc`), the process's heap
 * and array buffers. Bytes, not times: the load of the machine does not move them.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CLI_BUDGETS } from '../src/lib/import/budgets';
import { loadFile } from '../src/cli/load';
import { EngineSession } from '../src/lib/engine/session';
import { leadLifecycle } from '../src/lib/engine/model';
import { storedColumns, tableFromSortedColumns, type EventTable } from '../src/lib/engine/table';
import { PATH_MIN_SHARE, PATH_POSITIONS } from './pages/shared';

const events = Number(process.argv[2] ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** Bytes a structure holds: typed arrays by their buffer, strings as V8 lays out one-byte strings, objects walked. */
function sizeOf(value: unknown, seen = new Set<unknown>()): number {
	if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return 0;
	if (typeof value === 'string') return 16 + value.length;
	if (typeof value !== 'object' || seen.has(value)) return 0;
	seen.add(value);
	if (ArrayBuffer.isView(value)) return value.byteLength;
	if (value instanceof Map) return [...value].reduce((n, [k, v]) => n + 16 + sizeOf(k, seen) + sizeOf(v, seen), 0);
	if (value instanceof Set) return [...value].reduce((n, v) => n + 8 + sizeOf(v, seen), 0);
	if (Array.isArray(value)) return 16 + value.length * 8 + value.reduce((n: number, v) => n + sizeOf(v, seen), 0);
	return 24 + Object.values(value).reduce((n: number, v) => n + 8 + sizeOf(v, seen), 0);
}

const file = `bench/.data/events-${events}.csv`;
if (!existsSync(file)) execFileSync('node', ['scripts/generate-events.mjs', String(events), file], { stdio: 'inherit' }); // not imported: bundled, its command-line entry would run too
const loaded: { table?: EventTable } = await loadFile(file, {}, CLI_BUDGETS);
// The engine worker's table is built from the stored columns, as the import worker hands them over.
const table = tableFromSortedColumns(storedColumns(loaded.table!));
loaded.table = undefined;
const session = new EngineSession(table);
session.lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null });
session.retention({ model: leadLifecycle, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded' });
session.paths({ model: leadLifecycle, positions: PATH_POSITIONS, minShare: PATH_MIN_SHARE });
session.trend({ model: leadLifecycle, period: 'month' });

const rows = table.rowCount;
const perEvent = (bytes: number) => Math.round((bytes / rows) * 100) / 100;
const parts: Record<string, number> = {};
const seen = new Set<unknown>();
for (const [name, column] of Object.entries(table)) parts[`table.${name}`] = sizeOf(column, seen);
for (const [name, cache] of Object.entries(session)) {
	if (name === 'table') continue;
	if (cache instanceof Map) for (const [key, entry] of cache) for (const [field, v] of Object.entries(entry as object)) parts[`session.${name}[${key.slice(0, 20)}].${field}`] = sizeOf(v, seen);
	else parts[`session.${name}`] = sizeOf(cache, seen);
}
const total = Object.values(parts).reduce((a, b) => a + b, 0);
// Array buffers are freed after a collection, by a task of their own: collect, wait, collect again.
gc?.();
await new Promise((done) => setTimeout(done, 100));
gc?.();
const { heapUsed, arrayBuffers } = process.memoryUsage();
const report = {
	events: rows,
	customers: table.customerIds.length,
	bytesPerEvent: perEvent(total),
	parts: Object.fromEntries(Object.entries(parts).filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]).map(([k, b]) => [k, { mb: Math.round(b / 1e4) / 100, perEvent: perEvent(b) }])),
	process: gc ? { heapUsedPerEvent: perEvent(heapUsed), arrayBuffersPerEvent: perEvent(arrayBuffers), sumPerEvent: perEvent(heapUsed + arrayBuffers) } : 'run with --expose-gc'
};
console.log(JSON.stringify(report, null, 2));
