/**
 * Comparing two exports (engine/compare.ts, docs/compare.md): hand-checked categories on an event log (under a
 * forward-only model and under the client-status model), on two HubSpot stage-date exports and on two order exports,
 * and the property that the categories partition the union of both exports' customers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANGE_CATEGORIES, compareNodeId, type ChangeCategory, type CompareResult } from '../../../src/lib/engine/compare';
import { CompareSession } from '../../../src/lib/engine/compare-session';
import { clientStatus, journey5, leadLifecycle, type LifecycleModel } from '../../../src/lib/engine/model';
import type { CompareQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import type { EventTable } from '../../../src/lib/engine/table';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { readFile } from '../../helpers/import';
import { DAY, tableOf, type Row } from '../../helpers/tables';

const at = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const endOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 23, 59, 59, 999);

/**
 * Export A, taken on 31 January 2025, and export B, taken on 31 March 2025, of one event log (B holds A's events and
 * what came since, except where said).
 */
const exportA: Row[] = [
	['ana', at(2025, 1, 10), 'lead'],
	['ana', at(2025, 1, 20), 'mql'],
	['ben', at(2025, 1, 5), 'lead'],
	['ben', at(2025, 1, 25), 'mql'],
	['cleo', at(2024, 10, 1), 'lead'],
	['dan', at(2025, 1, 15), 'lead'],
	['eve', at(2025, 1, 30), 'lead'],
	['gus', at(2025, 1, 2), 'lead'],
	['hal', at(2024, 9, 1), 'lead']
];
const exportB: Row[] = [
	['ana', at(2025, 1, 10), 'lead'],
	['ana', at(2025, 1, 20), 'mql'],
	['ana', at(2025, 3, 20), 'sql'], // moved forward: MQL to SQL
	['ben', at(2025, 1, 5), 'lead'], // his MQL event is gone from B: slipped back to Lead (and quiet since 5 January)
	['cleo', at(2024, 10, 1), 'lead'],
	['cleo', at(2025, 3, 15), 'mql'], // lost at A (122 days quiet), active again: won back (and moved forward)
	['dan', at(2025, 1, 15), 'lead'], // nothing since 15 January: 75 days quiet at B, inactive
	['eve', at(2025, 1, 30), 'lead'],
	['eve', at(2025, 3, 25), 'webinar'], // active, still a lead
	['fay', at(2025, 2, 10), 'lead'], // only in B
	// gus (only in A) is not in B
	['hal', at(2024, 9, 1), 'lead'] // lost at A and at B
];
const query = (model: LifecycleModel) => ({ model, asOfA: endOf(2025, 1, 31), asOfB: endOf(2025, 3, 31) });

function compareTables(a: EventTable, b: EventTable) {
	return new CompareSession(new EngineSession(a), new EngineSession(b));
}

/** Each category's customers by id, in the union's order. */
function idsByCategory(session: CompareSession, q: CompareQuery): Record<ChangeCategory, string[]> {
	return Object.fromEntries(CHANGE_CATEGORIES.map((category) => [category, session.customers(q, { kind: 'category', category }).rows.map((r) => r.id)])) as Record<
		ChangeCategory,
		string[]
	>;
}

const countsOf = (result: CompareResult) => Object.fromEntries(result.categories.map((c) => [c.category, c.customers]));

describe('an event log exported in January and in March', () => {
	const session = compareTables(tableOf(exportA), tableOf(exportB));

	it('under the lead lifecycle (forward-only): one customer a category, named', () => {
		expect(idsByCategory(session, query(leadLifecycle))).toEqual({
			new: ['fay'],
			disappeared: ['gus'],
			wonBack: ['cleo'], // before "moved forward": a return is the news
			forward: ['ana'],
			back: ['ben'], // before "went quiet": the stage move is the news
			quiet: ['dan'],
			unchanged: ['eve', 'hal'] // eve active at both, hal lost at both
		});
		const result = session.compare(query(leadLifecycle));
		expect(result.asOfA).toBe(endOf(2025, 1, 31));
		expect(result.asOfB).toBe(endOf(2025, 3, 31));
		expect([result.customersA, result.customersB, result.customers]).toEqual([7, 7, 8]);
	});

	it('draws the stage at A to the stage at B, with "not in" nodes for the new and the disappeared', () => {
		// leadLifecycle: 1 lead, 2 MQL, 3 SQL.
		const { flow } = session.compare(query(leadLifecycle));
		const links = Object.fromEntries(flow.links.map((l) => [`${l.source}>${l.target}`, l.customers]));
		expect(links).toEqual({
			'a:2>b:3': 1, // ana
			'a:2>b:1': 1, // ben
			'a:1>b:2': 1, // cleo
			'a:1>b:1': 3, // dan, eve, hal
			'a:absent>b:1': 1, // fay
			'a:1>b:absent': 1 // gus
		});
		expect(flow.nodes.map((n) => [n.id, n.label, n.customers])).toEqual([
			['a:1', 'Lead', 5],
			['a:2', 'MQL', 2],
			['a:absent', 'Not in A', 1],
			['b:1', 'Lead', 5],
			['b:2', 'MQL', 1],
			['b:3', 'SQL', 1],
			['b:absent', 'Not in B', 1]
		]);
		const link = session.customers(query(leadLifecycle), { kind: 'link', source: 'a:1', target: 'b:1' });
		expect(link.rows.map((r) => [r.id, r.category, r.stageA, r.stageB, r.statusA, r.statusB])).toEqual([
			['dan', 'quiet', 'Lead', 'Lead', 'active', 'inactive'],
			['eve', 'unchanged', 'Lead', 'Lead', 'active', 'active'],
			['hal', 'unchanged', 'Lead', 'Lead', 'lost', 'lost']
		]);
		expect(session.customers(query(leadLifecycle), { kind: 'node', node: 'b:absent' }).rows).toEqual([
			{ id: 'gus', category: 'disappeared', stageA: 'Lead', stageB: null, statusA: 'active', statusB: null }
		]);
		expect(session.customers(query(leadLifecycle), { kind: 'node', node: 'b:9; drop' }).total).toBe(0);
	});

	it('under the client-status model: going into Inactive or Lost is going quiet, not moving forward', () => {
		// Stages onboarding, active (a second event), inactive (30 days), lost (90 days), the latest wins.
		expect(idsByCategory(session, query(clientStatus))).toEqual({
			new: ['fay'],
			disappeared: ['gus'],
			wonBack: ['cleo'], // lost at A, active at B
			forward: ['eve'], // onboarding to active (her second event)
			back: [],
			quiet: ['ben', 'dan'], // active to inactive; onboarding to inactive
			unchanged: ['ana', 'hal'] // active at both; lost at both
		});
	});

	it('each export as of its own last event when no dates are given', () => {
		const result = session.compare({ model: leadLifecycle });
		expect(result.asOfA).toBe(at(2025, 1, 30));
		expect(result.asOfB).toBe(at(2025, 3, 25));
	});
});

describe('two HubSpot contact exports, March and April 2024 (stage dates)', async () => {
	const read = async (name: string) => (await readFile(readFileSync(`tests/fixtures/${name}`), name)).table;
	const session = compareTables(await read('hubspot-contacts.csv'), await read('hubspot-contacts-april.csv'));

	it('names who moved, slipped back, went quiet, is new or disappeared', () => {
		const q = { model: leadLifecycle };
		// As of each export's last date: Grace's evangelist date (25 March 09:00), Farid's customer date (12 April 09:00).
		expect(idsByCategory(session, q)).toEqual({
			new: ['ivy@example.com'],
			disappeared: ['daan@example.com'],
			wonBack: [],
			forward: ['bao@example.com', 'farid@example.com'], // lead to MQL; SQO to customer
			back: ['carmen@example.com'], // her MQL date cleared: MQL to lead
			quiet: ['emma@example.com', 'hugo@example.com'], // last dates 11 and 8 March: 32 and 35 days before 12 April
			unchanged: ['ann@example.com', 'grace@example.com'] // customers, last dates 20 and 25 March (23 and 18 days)
		});
		expect(session.compare(q).flow.links.find((l) => l.source === compareNodeId(0, 4) && l.target === compareNodeId(1, 5))?.customers).toBe(1);
	});
});

describe('two order exports of a shop (retail-orders.csv: the first day, then the month)', async () => {
	const text = readFileSync('tests/fixtures/shops/retail-orders.csv', 'utf8');
	const lines = text.trimEnd().split('\n');
	// A: the lines of 1 December 2010. B: every line but customer 15311's (asked to be forgotten).
	const first = [lines[0], ...lines.slice(1).filter((l) => l.includes(',12/1/2010 '))].join('\n');
	const month = lines.filter((l) => !l.includes(',15311.0,')).join('\n');
	const session = compareTables((await readFile(first, 'a.csv')).table, (await readFile(month, 'b.csv')).table);

	it('as of 10 January 2011 for B: those who last bought on 1 December went quiet', () => {
		const q = { model: journey5, asOfB: endOf(2011, 1, 10) };
		expect(idsByCategory(session, q)).toEqual({
			new: ['12347'], // first bought 7 December
			disappeared: ['15311'],
			wonBack: [],
			forward: [],
			back: [],
			quiet: ['13047', '12583', '14527'], // 40 days since 1 December
			unchanged: ['17850'] // retention (two orders, then a third on 13 December): 28 days, active
		});
	});
});

/** A random export and a later one of the same customers: some dropped, some added, events added and removed. */
function randomExports(seed: number): [Row[], Row[]] {
	const random = seededRandom(seed);
	const names = ['lead', 'mql', 'sql', 'opportunity', 'customer', 'purchase', 'page view', 'login'];
	const a: Row[] = [];
	const b: Row[] = [];
	for (let c = random.int(0, 120); c > 0; c--) {
		const inA = random.int(0, 9) > 0;
		const inB = !inA || random.int(0, 9) > 1;
		for (let k = random.int(1, 8); k > 0; k--) {
			const row: Row = [`c${c}`, random.int(0, 300) * DAY, random.pick(names)];
			if (inA && row[1] <= 200 * DAY) a.push(row);
			if (inB && random.int(0, 9) > 0) b.push(row);
		}
	}
	return [a, b];
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8])('random exports %i', (seed) => {
	const [a, b] = randomExports(seed);
	const ids = (rows: Row[]) => new Set(rows.map((r) => r[0]));
	const idsA = ids(a);
	const idsB = ids(b);
	const union = new Set([...idsA, ...idsB]);
	const session = compareTables(tableOf(a), tableOf(b));

	it.each([leadLifecycle, journey5, clientStatus])('the categories partition the union of both exports’ customers ($id)', (model) => {
		const q = { model };
		const byCategory = idsByCategory(session, q);
		const listed = Object.values(byCategory).flat();
		expect(listed.length).toBe(union.size);
		expect(new Set(listed)).toEqual(union);
		const result = session.compare(q);
		expect(result.categories.map((c) => c.customers)).toEqual(CHANGE_CATEGORIES.map((c) => byCategory[c].length));
		expect(result.customers).toBe(union.size);
		expect(new Set(byCategory.new)).toEqual(new Set([...idsB].filter((id) => !idsA.has(id))));
		expect(new Set(byCategory.disappeared)).toEqual(new Set([...idsA].filter((id) => !idsB.has(id))));
		// The Sankey conserves customers: each side's nodes, and the links, hold every customer once.
		const sum = (xs: { customers: number }[]) => xs.reduce((s, x) => s + x.customers, 0);
		expect(sum(result.flow.nodes.filter((n) => n.position === 0))).toBe(union.size);
		expect(sum(result.flow.nodes.filter((n) => n.position === 1))).toBe(union.size);
		expect(sum(result.flow.links)).toBe(union.size);
		for (const link of result.flow.links) expect(session.customers(q, { kind: 'link', source: link.source, target: link.target }).total).toBe(link.customers);
	});
});

describe('the customers behind a selection, past 100,000', () => {
	// 120,001 leads in A, each an MQL in B: one link of 120,001 customers, all moved forward.
	const n = 120_001;
	const id = (i: number) => `c${i}`;
	const a: Row[] = Array.from({ length: n }, (_, i) => [id(i), at(2025, 1, 10), 'lead']);
	const b: Row[] = a.flatMap((row): Row[] => [row, [row[0], at(2025, 2, 10), 'mql']]);
	const session = compareTables(tableOf(a), tableOf(b));
	const q = query(leadLifecycle);

	it('lists every one of them (the CSV is made of this list), or the first `limit` when the page asks for a screenful', () => {
		const link = { kind: 'link' as const, source: compareNodeId(0, 1), target: compareNodeId(1, 2) };
		const all = session.customers(q, link);
		expect(all.total).toBe(n);
		expect(all.rows.length).toBe(n);
		expect(new Set(all.rows.map((r) => r.id)).size).toBe(n);
		expect(all.rows[n - 1]).toMatchObject({ category: 'forward', stageA: 'Lead', stageB: 'MQL' });
		const first = session.customers(q, { kind: 'category', category: 'forward' }, 200);
		expect([first.total, first.rows.length]).toEqual([n, 200]);
	});
});
