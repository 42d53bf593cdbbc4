/**
 * `npm run bench:filter -- <events>` (default 1M): each analysis after a filter change, in Node, on the bench log as
 * the engine worker holds it (issue 26: under 150 ms at 10M). One engine session answers every analysis once
 * unfiltered (the table and classification in memory, as on the dashboard), then each analysis after each of the
 * bench's filter changes: the channel filters of `latency` alone, and with "did purchase" for the segmented,
 * journey and drivers entries (as bench/pages/lens.ts asks the worker). Consecutive calls always change the filter,
 * so every figure includes making the filter's customers. Prints CPU time (`process.cpuUsage`, which the machine's
 * load stretches less than the clock) and wall time per call, the median over rounds × filters.
 *
 * The 10M log takes minutes to import in Node, so the engine's columns are kept in bench/.data/events-N.columns
 * after the first run (raw typed arrays; delete the folder to import again).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CLI_BUDGETS } from '../src/lib/import/budgets';
import { loadFile } from '../src/cli/load';
import { EngineSession } from '../src/lib/engine/session';
import { leadLifecycle } from '../src/lib/engine/model';
import type { CustomerFilter } from '../src/lib/engine/filter';
import { storedColumns, tableFromSortedColumns, type EventColumns, type EventTable } from '../src/lib/engine/table';
import { PATH_MIN_SHARE, PATH_POSITIONS } from './pages/shared';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const only = process.env.ONLY?.split(',');
const CHANNELS = ['paid search', 'email', 'organic'];

type Typed = Float64Array | Uint8Array | Uint16Array | Uint32Array;
const kinds = { Float64Array, Uint8Array, Uint16Array, Uint32Array };

function save(dir: string, columns: EventColumns) {
	mkdirSync(dir, { recursive: true });
	const { value } = columns;
	const arrays: Record<string, Typed> = { customerStart: columns.customerStart, time: columns.time, event: columns.event, valuePresent: value.present, valueBefore: value.before, values: value.values };
	columns.attributes.forEach((a, i) => (arrays[`attribute${i}`] = a.codes));
	for (const [name, array] of Object.entries(arrays)) writeFileSync(`${dir}/${name}`, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
	const kindsOf = Object.fromEntries(Object.entries(arrays).map(([name, a]) => [name, a.constructor.name]));
	const meta = { kinds: kindsOf, valueRows: value.length, customerIds: columns.customerIds, eventNames: columns.eventNames, attributes: columns.attributes.map(({ name, values }) => ({ name, values })) };
	writeFileSync(`${dir}/meta.json`, JSON.stringify(meta));
}

function restore(dir: string): EventColumns {
	const meta = JSON.parse(readFileSync(`${dir}/meta.json`, 'utf8'));
	const array = (name: string) => {
		const bytes = readFileSync(`${dir}/${name}`);
		const Kind = kinds[meta.kinds[name] as keyof typeof kinds];
		return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	};
	return {
		customerStart: array('customerStart') as Uint32Array,
		time: array('time') as Float64Array,
		event: array('event') as Uint8Array,
		value: { length: meta.valueRows, present: array('valuePresent') as Uint32Array, before: array('valueBefore') as Uint32Array, values: array('values') as Float64Array },
		attributes: meta.attributes.map((a: { name: string; values: string[] }, i: number) => ({ ...a, codes: array(`attribute${i}`) })),
		customerIds: meta.customerIds,
		eventNames: meta.eventNames
	};
}

async function engineTable(): Promise<EventTable> {
	const dir = `bench/.data/events-${events}.columns`;
	if (!existsSync(`${dir}/meta.json`)) {
		const file = `bench/.data/events-${events}.csv`;
		if (!existsSync(file)) execFileSync('node', ['scripts/generate-events.mjs', String(events), file], { stdio: 'inherit' }); // not imported: bundled, its command-line entry would run too
		const loaded = await loadFile(file, {}, CLI_BUDGETS);
		save(dir, storedColumns(loaded.table!));
	}
	// The engine worker's table is built from the stored columns, as the import worker hands them over.
	return tableFromSortedColumns(restore(dir));
}

const table = await engineTable();
const session = new EngineSession(table);
const base = { model: leadLifecycle };
const breakdown = { attribute: 'country' };
const journey = { ...base, anchor: { stage: 'mql' }, steps: 5, minShare: 0.01, goal: { event: 'purchase' } };
type Run = (filter: CustomerFilter) => unknown;
/** bench/pages/lens.ts `analyses`: the four views' queries, after a channel filter. */
const latency: Record<string, Run> = {
	funnel: (filter) => session.lifecycle({ ...base, mode: 'cumulative', windowDays: null, filter }),
	retention: (filter) => session.retention({ ...base, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', filter }),
	paths: (filter) => session.paths({ ...base, positions: PATH_POSITIONS, minShare: PATH_MIN_SHARE, filter }),
	trend: (filter) => session.trend({ ...base, period: 'month', filter })
};
/** bench/pages/lens.ts segmentedLatency, journeyLatency and driversLatency: with "did purchase" too. */
const twoFilters: Record<string, Run> = {
	'segmented funnel': (filter) => session.breakdown({ ...base, filter, mode: 'cumulative', windowDays: null, ...breakdown }),
	'segmented retention': (filter) => session.retentionBySegment({ ...base, filter, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', breakdown }),
	'segmented paths': (filter) => session.paths({ ...base, filter, positions: PATH_POSITIONS, minShare: PATH_MIN_SHARE, breakdown }),
	'segmented trend': (filter) => session.trendBySegment({ ...base, filter, period: 'month', breakdown }),
	'segmented value': (filter) => session.valueBySegment({ ...base, filter, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown }),
	'journey next': (filter) => session.journey({ ...journey, direction: 'next', filter }),
	'journey previous': (filter) => session.journey({ ...journey, direction: 'previous', filter }),
	drivers: (filter) => session.drivers({ ...base, mode: 'cumulative', windowDays: null, stage: 'sql', filter })
};
const channel = (value: string): CustomerFilter => ({ attributes: [{ name: 'channel', values: [value] }] });
const channelAndPurchase = (value: string): CustomerFilter => ({ attributes: [{ name: 'channel', op: 'any', values: [value] }], events: [{ event: 'purchase', did: true }] });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;
const results: Record<string, { cpuMs: number; wallMs: number; cpuEach: number[] }> = {};

function measure(runs: Record<string, Run>, filterOf: (value: string) => CustomerFilter) {
	for (const run of Object.values(runs)) run({});
	for (const [name, run] of Object.entries(runs)) {
		if (only && !only.includes(name)) continue;
		const cpu: number[] = [];
		const wall: number[] = [];
		for (let r = 0; r < rounds; r++)
			for (const value of CHANNELS) {
				const startCpu = process.cpuUsage();
				const start = performance.now();
				run(filterOf(value));
				wall.push(performance.now() - start);
				const used = process.cpuUsage(startCpu);
				cpu.push((used.user + used.system) / 1000);
			}
		results[name] = { cpuMs: round(median(cpu)), wallMs: round(median(wall)), cpuEach: cpu.map(round) };
	}
}

measure(latency, channel);
measure(twoFilters, channelAndPurchase);
console.log(`${table.rowCount} events, ${table.customerIds.length} customers, ${rounds} rounds × ${CHANNELS.length} filters; median ms`);
for (const [name, { cpuMs, wallMs, cpuEach }] of Object.entries(results)) console.log(`${name.padEnd(20)} cpu ${String(cpuMs).padStart(7)}  wall ${String(wallMs).padStart(7)}${process.env.VERBOSE ? `  [${cpuEach.join(' ')}]` : ''}`);
