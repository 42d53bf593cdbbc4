/// <reference lib="webworker" />
/**
 * Baseline (a), the plain approach: Papa Parse in a worker, Dexie bulkAdd with one record per event, and the
 * analyses written the obvious way over those records (read back from IndexedDB, grouped per customer).
 */
import * as Comlink from 'comlink';
import Dexie, { type EntityTable } from 'dexie';
import Papa from 'papaparse';
import {
	FIRST_SEEN_STAGE,
	FUNNEL_STEPS,
	PATH_MIN_SHARE,
	PATH_POSITIONS,
	REPEAT_STAGE,
	STAGE_OF_EVENT,
	monthIndex,
	monthLabel,
	pathNode,
	type BenchFilter,
	type Numbers
} from './shared';

interface EventRecord {
	id?: number;
	customer: string;
	time: number;
	event: string;
	value: number | null;
	channel: string;
	country: string;
	device: string;
	plan: string;
}

const db = new Dexie('plain-baseline') as Dexie & { events: EntityTable<EventRecord, 'id'> };
db.version(1).stores({ events: '++id, customer' });

let records: EventRecord[] | null = null;

/** Parses the file in chunks and adds each chunk's records, waiting for each write before parsing on. */
function importFile(file: File): Promise<number> {
	let rows = 0;
	let writing = Promise.resolve();
	return new Promise((done, fail) => {
		Papa.parse<Record<string, string>>(file, {
			header: true,
			skipEmptyLines: true,
			chunkSize: 4 * 1024 * 1024,
			chunk(results, parser) {
				parser.pause();
				const batch = results.data.map((r) => ({
					customer: r.customer_id,
					time: Date.parse(r.timestamp),
					event: r.event,
					value: r.value === '' ? null : Number(r.value),
					channel: r.channel,
					country: r.country,
					device: r.device,
					plan: r.plan
				}));
				rows += batch.length;
				writing = db.events.bulkAdd(batch).then(() => parser.resume(), fail);
			},
			complete: () => writing.then(() => done(rows), fail),
			error: fail
		});
	});
}

/** Every record, grouped per customer in time order; only the customers the filter keeps. */
function customers(all: EventRecord[], filter: BenchFilter | null): EventRecord[][] {
	const groups = new Map<string, EventRecord[]>();
	for (const r of all) {
		let list = groups.get(r.customer);
		if (!list) groups.set(r.customer, (list = []));
		list.push(r);
	}
	const out: EventRecord[][] = [];
	for (const list of groups.values()) {
		if (filter && !list.some((r) => r[filter.attribute as 'channel'] === filter.value)) continue;
		out.push(list.sort((a, b) => a.time - b.time));
	}
	return out;
}

/** When a customer (events in time order) entered each stage of the lead lifecycle; NaN if never. */
function stageEntries(events: EventRecord[]): number[] {
	const entered = new Array(FUNNEL_STEPS).fill(NaN);
	entered[FIRST_SEEN_STAGE] = events[0].time;
	let purchases = 0;
	for (const e of events) {
		const name = e.event.toLowerCase();
		const stage = STAGE_OF_EVENT[name];
		if (stage !== undefined && Number.isNaN(entered[stage])) entered[stage] = e.time;
		if (name === 'purchase' && ++purchases === 2) entered[REPEAT_STAGE] = e.time;
	}
	return entered;
}

/** Lead lifecycle, cumulative: each customer counts at every step up to the furthest stage entered. */
function funnel(groups: EventRecord[][]): number[] {
	const counts = new Array(FUNNEL_STEPS).fill(0);
	for (const events of groups) {
		const entered = stageEntries(events);
		let furthest = FUNNEL_STEPS - 1;
		while (Number.isNaN(entered[furthest])) furthest--;
		for (let k = 0; k <= furthest; k++) counts[k]++;
	}
	return counts;
}

/** Monthly cohorts by first seen; cell k counts customers with any event in month cohort + k. */
function retention(groups: EventRecord[][], end: number): Numbers['retention'] {
	const last = monthIndex(end);
	const rows = new Map<number, number[]>();
	for (const events of groups) {
		const cohort = monthIndex(events[0].time);
		let row = rows.get(cohort);
		if (!row) rows.set(cohort, (row = new Array(last - cohort + 2).fill(0)));
		row[0]++;
		const months = new Set(events.map((e) => monthIndex(e.time) - cohort));
		for (const k of months) row[k + 1]++;
	}
	return Object.fromEntries([...rows].sort((a, b) => a[0] - b[0]).map(([cohort, row]) => [monthLabel(cohort), row]));
}

/** A customer's stages in the order entered, ties in model order. */
function stageSequence(events: EventRecord[]): number[] {
	const entered = stageEntries(events);
	const stages = entered.map((_, s) => s).filter((s) => !Number.isNaN(entered[s]));
	return stages.sort((a, b) => entered[a] - entered[b] || a - b);
}

/** The Sankey nodes a path visits: its first PATH_POSITIONS stages, then the end node if it stops before. */
function walk(sequence: number[]): (number | 'end')[] {
	const shown: (number | 'end')[] = sequence.slice(0, PATH_POSITIONS);
	if (sequence.length < PATH_POSITIONS) shown.push('end');
	return shown;
}

const add = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** Sankey of stage paths; a stage node with under PATH_MIN_SHARE of the customers is counted as "other". */
function paths(groups: EventRecord[][]): Numbers['paths'] {
	const walks = groups.map(stageSequence).filter((sequence) => sequence.length > 0).map(walk);
	const customers = walks.length;
	const raw: Record<string, number> = {};
	for (const stages of walks) stages.forEach((stage, p) => add(raw, pathNode(p, stage)));
	const name = (p: number, stage: number | 'end') =>
		stage !== 'end' && raw[pathNode(p, stage)] < PATH_MIN_SHARE * customers ? pathNode(p, 'other') : pathNode(p, stage);
	const nodes: Record<string, number> = {};
	const links: Record<string, number> = {};
	for (const stages of walks) {
		const names = stages.map((stage, p) => name(p, stage));
		names.forEach((node, p) => {
			add(nodes, node);
			if (p > 0) add(links, `${names[p - 1]}->${node}`);
		});
	}
	return { customers, nodes, links };
}

/**
 * Lifecycle trend per month, every month from first to last event: new (first active month), returning (active
 * the month before too), resurrecting (not active the month before, but earlier), dormant (active the month
 * before, not in this one).
 */
function trend(groups: EventRecord[][], start: number, end: number): Numbers['trend'] {
	const first = monthIndex(start);
	const last = monthIndex(end);
	// Per month: [new, returning, resurrecting, dormant], as TREND_COUNTS.
	const rows = Array.from({ length: last - first + 1 }, () => [0, 0, 0, 0]);
	for (const events of groups) {
		const active = new Set(events.map((e) => monthIndex(e.time)));
		const firstActive = monthIndex(events[0].time);
		for (const m of active) {
			rows[m - first][m === firstActive ? 0 : active.has(m - 1) ? 1 : 2]++;
			if (!active.has(m + 1) && m + 1 <= last) rows[m + 1 - first][3]++;
		}
	}
	return Object.fromEntries(rows.map((row, k) => [monthLabel(first + k), row]));
}

/** The first and last event's time over all records (the filter does not narrow the months shown). */
function timeRange(all: EventRecord[]) {
	let start = Infinity;
	let end = -Infinity;
	for (const r of all) {
		if (r.time < start) start = r.time;
		if (r.time > end) end = r.time;
	}
	return { start, end };
}

const api = {
	importFile,
	async clear() {
		records = null;
		await db.events.clear();
	},
	/** Reads every record back (the cold part), once. */
	async load() {
		records = await db.events.toArray();
		return records.length;
	},
	funnel(filter: BenchFilter | null) {
		return funnel(customers(records!, filter));
	},
	retention(filter: BenchFilter | null) {
		return retention(customers(records!, filter), timeRange(records!).end);
	},
	paths(filter: BenchFilter | null) {
		return paths(customers(records!, filter));
	},
	trend(filter: BenchFilter | null) {
		const { start, end } = timeRange(records!);
		return trend(customers(records!, filter), start, end);
	}
};

Comlink.expose(api);
export type PlainApi = typeof api;
