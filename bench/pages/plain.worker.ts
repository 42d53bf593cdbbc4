/// <reference lib="webworker" />
/**
 * Baseline (a), the plain approach: Papa Parse in a worker, Dexie bulkAdd with one record per event, and the
 * analyses written the obvious way over those records (read back from IndexedDB, grouped per customer).
 */
import * as Comlink from 'comlink';
import Dexie, { type EntityTable } from 'dexie';
import Papa from 'papaparse';
import { FUNNEL_STEPS, STAGE_OF_EVENT, monthIndex, monthLabel, type BenchFilter, type Numbers } from './shared';

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

/** Lead lifecycle, cumulative: each customer counts at every step up to the furthest stage reached. */
function funnel(groups: EventRecord[][]): number[] {
	const counts = new Array(FUNNEL_STEPS).fill(0);
	for (const events of groups) {
		let furthest = 0;
		let purchases = 0;
		for (const e of events) {
			const name = e.event.toLowerCase();
			furthest = Math.max(furthest, STAGE_OF_EVENT[name] ?? 0);
			if (name === 'purchase' && ++purchases >= 2) furthest = 6;
		}
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
		let end = -Infinity;
		for (const r of records!) if (r.time > end) end = r.time;
		return retention(customers(records!, filter), end);
	}
};

Comlink.expose(api);
export type PlainApi = typeof api;
