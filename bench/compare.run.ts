/**
 * Comparing two exports (issue 25, part 2; docs/compare.md), in Node: two generated exports of 500,000 customers
 * each (the later one holds 95% of the earlier one's customers, with a month more of events, and 5% new ones),
 * compared under the lead lifecycle through the engine sessions, as the engine worker and the CLI do.
 * `coldMs`: fresh sessions, so both classifications are computed (what the compare page waits for when neither
 * dataset's dashboard was open); `warmMs`: the sessions already hold their classifications (the datasets'
 * dashboards were open), so only the matching, the categories and the Sankey are timed; `drillDownMs`: the
 * customers of one category. Budget: under 1 s. Medians of 3; prints one JSON line. Tables are built untimed.
 */
import { it } from 'vitest';
import { CompareSession } from '../src/lib/engine/compare-session';
import { leadLifecycle } from '../src/lib/engine/model';
import { EngineSession } from '../src/lib/engine/session';
import { EventTableBuilder, type EventTable } from '../src/lib/engine/table';
import { seededRandom } from '../scripts/lib/random.mjs';

const CUSTOMERS = Number(process.env.BENCH_COMPARE_CUSTOMERS ?? 500_000);
const RUNS = 3;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const STEPS = ['lead', 'mql', 'sql', 'opportunity', 'purchase'];

/** Customer c's events: a first visit, then lead-lifecycle steps each with a chance, days apart; a page view now and then. */
function eventsOf(c: number, until: number, random: ReturnType<typeof seededRandom>, add: (id: string, t: number, name: string) => void) {
	let t = START + random.int(0, 180) * DAY;
	const id = `C${c}`;
	if (t > until) return;
	add(id, t, 'page view');
	for (const step of STEPS) {
		if (!random.chance(0.6)) break;
		t += random.int(1, 40) * DAY;
		if (t > until) return;
		add(id, t, step);
	}
	if (random.chance(0.5) && t + 10 * DAY <= until) add(id, t + 10 * DAY, 'page view');
}

function exports(): [EventTable, EventTable] {
	const a = new EventTableBuilder();
	const b = new EventTableBuilder();
	const endA = START + 180 * DAY;
	const endB = START + 210 * DAY;
	for (let c = 0; c < CUSTOMERS * 1.05; c++) {
		// The same seed per customer: B's events extend A's.
		const inA = c < CUSTOMERS;
		const inB = c >= CUSTOMERS * 0.05;
		if (inA) eventsOf(c, endA, seededRandom(c + 1), (id, t, name) => a.add(id, t, name));
		if (inB) eventsOf(c, endB, seededRandom(c + 1), (id, t, name) => b.add(id, t, name));
	}
	return [a.build(), b.build()];
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function timed(run: () => void): number {
	const start = performance.now();
	run();
	return performance.now() - start;
}

it('compares two 500k-customer exports', () => {
	const [a, b] = exports();
	const query = { model: leadLifecycle };
	const cold: number[] = [];
	const warm: number[] = [];
	const drill: number[] = [];
	let result = null as ReturnType<CompareSession['compare']> | null;
	for (let run = 0; run < RUNS; run++) {
		const sessionA = new EngineSession(a);
		const sessionB = new EngineSession(b);
		cold.push(timed(() => (result = new CompareSession(sessionA, sessionB).compare(query))));
		// The datasets' classifications are held: a new comparison of the same sessions.
		const again = new CompareSession(sessionA, sessionB);
		warm.push(timed(() => again.compare(query)));
		drill.push(timed(() => again.customers(query, { kind: 'category', category: 'forward' })));
	}
	const figures = {
		customers: { a: a.customerIds.length, b: b.customerIds.length, either: result!.customers },
		events: { a: a.rowCount, b: b.rowCount },
		categories: Object.fromEntries(result!.categories.map((c) => [c.category, c.customers])),
		coldMs: Math.round(median(cold)),
		warmMs: Math.round(median(warm)),
		drillDownMs: Math.round(median(drill)),
		node: process.version
	};
	console.log(JSON.stringify({ compare: figures }));
}, 600_000);
