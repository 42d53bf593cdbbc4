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
 * after the first run (bench/lib/columns.ts).
 */
import { EngineSession } from '../src/lib/engine/session';
import { leadLifecycle } from '../src/lib/engine/model';
import type { CustomerFilter } from '../src/lib/engine/filter';
import { benchTable } from './lib/columns';
import { PATH_MIN_SHARE, PATH_POSITIONS } from './pages/shared';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const only = process.env.ONLY?.split(',');
const CHANNELS = ['paid search', 'email', 'organic'];

const table = await benchTable(events);
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
