/** Import to storage and back, in Node over fake-indexeddb: columnar chunks, all-or-nothing writes. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { funnel } from '../../src/lib/engine/funnel';
import { leadLifecycle } from '../../src/lib/engine/model';
import { columnBuffers, tableFromSortedColumns, type EventColumns } from '../../src/lib/engine/table';
import { denseValues } from '../../src/lib/engine/values';
import { planOf } from '../../src/lib/import/import-file';
import { fingerprint } from '../../src/lib/import/fingerprint';
import { fingerprintOf, reserveFingerprint } from '../../src/lib/worker/fingerprints';
import { importToStore, type HandOff } from '../../src/lib/worker/store-import';
import { previewFile } from '../../src/lib/import/preview';
import { readFile } from '../helpers/import';
import { CHUNK_ROWS, deleteDataset, deleteUnfinishedImports, listDatasets, readColumns, readColumnsInTwo, readRejects } from '../../src/lib/store/datasets';
import { openDatabase, type LensDatabase } from '../../src/lib/store/db';
import { kindOf } from '../../src/lib/store/column-encoding';
import { openPlainStore } from '../../src/lib/store/plain-read';
import { readColumnsFrom, type ColumnSource } from '../../src/lib/store/read-columns';

let db: LensDatabase;

/** Imports with the plan the preview detects, as the sample button does. */
async function importFile(db: LensDatabase, file: File, options: Parameters<typeof importToStore>[3] = {}) {
	return importToStore(db, file, planOf(await previewFile(file)), options);
}
let factory: IDBFactory;
const fresh = () => (db = openDatabase({ indexedDB: (factory = new IDBFactory()), IDBKeyRange }));
afterEach(() => db?.close());

const sampleText = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');
/** The sample's stored chunks: five columns of under 64k rows. */
const SAMPLE_CHUNKS = 5;
const csvFile = (text: string, name = 'events.csv') => new File([text], name, { type: 'text/csv', lastModified: 1700000000000 });

function bigLog(rows: number): string {
	const lines = ['customer_id,timestamp,event,value'];
	for (let i = 0; i < rows; i++) lines.push(`c${i % 5000},${1700000000 + i * 60},${i % 7 === 0 ? 'purchase' : 'visit'},${i % 7 === 0 ? i % 100 : ''}`);
	return lines.join('\n');
}

describe('importToStore: a file into the store', () => {
	it('stores the sample as column chunks and reads back the same table', async () => {
		fresh();
		const dataset = await importFile(db, csvFile(sampleText, 'lead-lifecycle.csv'));
		expect(dataset).toMatchObject({ status: 'ready', name: 'lead-lifecycle', rowCount: 20673, customerCount: 2000, rejectedCount: 0 });
		expect(dataset.source).toMatchObject({ fileName: 'lead-lifecycle.csv', size: sampleText.length, lastModified: 1700000000000 });
		expect(dataset.source.sha256).toMatch(/^[0-9a-f]{64}$/);

		// One record per column (and per 64k rows), never one per event: customer, time, event, value and
		// the channel attribute; dictionaries for the customer ids, event names and channels.
		expect(dataset.columns.map((c) => c.name)).toEqual(['customerStart', 'time', 'event', 'value', 'attr:channel']);
		expect(await db.chunks.count()).toBe(SAMPLE_CHUNKS);
		expect(await db.dicts.count()).toBe(3);

		const { columns } = await readColumns(db, dataset.id);
		const stored = tableFromSortedColumns(columns);
		const direct = (await readFile(sampleText, 'lead-lifecycle.csv')).table;
		expect(stored.time).toEqual(direct.time);
		expect(stored.event).toEqual(direct.event);
		expect(stored.value).toEqual(direct.value);
		expect(stored.customerIds).toEqual(direct.customerIds);
		expect(stored.customerStart).toEqual(direct.customerStart);
		expect(funnel(classify(stored, leadLifecycle), leadLifecycle)).toEqual(funnel(classify(direct, leadLifecycle), leadLifecycle));
		expect(dataset.timeMin).toBe(Date.UTC(2025, 0, 1, 19, 26, 51));
	});

	it('reads in two steps: first the runs, time, event, value and event names; then the customer ids and attributes', async () => {
		fresh();
		const dataset = await importFile(db, csvFile(sampleText, 'lead-lifecycle.csv'));
		const whole = (await readColumns(db, dataset.id)).columns;
		const { first, rest } = readColumnsInTwo(db, dataset.id);
		const { columns } = await first;
		expect(columns.attributes).toEqual([]);
		// As many customers as there are, none of them read yet.
		expect(columns.customerIds).toHaveLength(2000);
		expect(columns.customerIds.filter((id) => id !== undefined)).toEqual([]);
		const { customerIds, attributes, ...firstColumns } = columns;
		const { customerIds: ids, attributes: all, ...wholeFirst } = whole;
		expect(firstColumns).toEqual(wholeFirst);
		expect(await rest).toEqual({ customerIds: ids, attributes: all });
		expect(all.map((a) => [a.name, a.values.length])).toEqual([['channel', 5]]);
		expect(customerIds.length + attributes.length).toBe(2000);
	});

	it('splits long columns into chunks of 64k rows and joins them in order', async () => {
		fresh();
		const rows = CHUNK_ROWS * 2 + 123;
		const dataset = await importFile(db, csvFile(bigLog(rows)));
		// Three chunks each of time, event and value; the 5,000 customers' runs fit in one.
		expect(await db.chunks.count()).toBe(3 * 3 + 1);
		const { columns } = await readColumns(db, dataset.id);
		expect(columns.time.length).toBe(rows);
		const direct = (await readFile(bigLog(rows))).table;
		expect(columns.time).toEqual(direct.time);
		expect(columns.value).toEqual(direct.value);
		expect(columns.customerStart).toEqual(direct.customerStart);

		// The engine worker's plain read: each column handed over as its request succeeds, before the read ends, and
		// decoded there (the times from their three chunks, with no joined copy), the same table as Dexie's.
		const plain = (await openPlainStore({ indexedDB: factory, IDBKeyRange }))!;
		let ended = false;
		const handed: number[] = [];
		const source: ColumnSource = {
			record: plain.record,
			read: (id, names, dictionaryNames, each) => {
				const read = plain.read(id, names, dictionaryNames, (i, chunks) => {
					if (!ended) handed.push(i);
					each?.(i, chunks);
				});
				return read.finally(() => (ended = true));
			}
		};
		const first = await readColumnsFrom(source, dataset.id).first;
		expect(handed).toEqual([0, 1, 2, 3]);
		expect(first.columns.time).toEqual(direct.time);
		expect(first.columns.event).toEqual(direct.event);
		expect(first.columns.value).toEqual(direct.value);

		// A chunk gone: the read says which rows are missing (not the transaction's abort), through either source.
		await db.chunks.delete([dataset.id, 'time', 1]);
		const broken = readColumnsFrom(plain, dataset.id);
		await expect(broken.first).rejects.toThrow(/incomplete: 65659 of 131195 rows/);
		await expect(broken.rest).rejects.toThrow(/incomplete/);
		await expect(readColumns(db, dataset.id)).rejects.toThrow(/incomplete: 65659 of 131195 rows/);
	});

	it('keeps rejected rows with their line numbers, and lists and deletes datasets', async () => {
		fresh();
		const text = 'customer_id,timestamp,event\na,2024-01-01,lead\nb,not a date,lead\nc,2024-01-03,purchase\n';
		const dataset = await importFile(db, csvFile(text, 'leads.csv'));
		expect(dataset).toMatchObject({ rowCount: 2, rowsRead: 3, rejectedCount: 1 });
		const rejects = await readRejects(db, dataset.id);
		expect(rejects).toHaveLength(1);
		expect(rejects[0]).toMatchObject({ line: 3, column: 'timestamp', reason: 'timestamp', raw: 'b,not a date,lead' });
		expect(rejects[0].message).toContain('"not a date" is not a date');

		const other = await importFile(db, csvFile(sampleText, 'sample.csv'));
		expect((await listDatasets(db)).map((d) => d.id).sort()).toEqual([dataset.id, other.id].sort());
		await deleteDataset(db, dataset.id);
		expect((await listDatasets(db)).map((d) => d.id)).toEqual([other.id]);
		expect(await db.rejects.count()).toBe(0);
		expect(await db.chunks.count()).toBe(SAMPLE_CHUNKS);
	});
});

describe("the file's SHA-256, computed beside the import (the preview hands a ticket; the mapper does not wait)", () => {
	const expected = createHash('sha256').update(sampleText).digest('hex');

	it('stores the same SHA-256 and table whether the hash is ready first, arrives while the file is read, or is not given', async () => {
		const file = csvFile(sampleText, 'lead-lifecycle.csv');
		const plan = planOf(await previewFile(file));
		const imported = [];
		// Ready before the import: the preview's ticket, already computed.
		const ticket = reserveFingerprint();
		expect(await fingerprintOf(ticket, file)).toBe(expected);
		imported.push(await importToStore(fresh(), file, plan, { sha256: fingerprintOf(ticket, file) }));
		db.close();
		// Computed only once the conversion has reported reading: the store waits for it.
		let arrive!: (hash: Promise<string>) => void;
		const late = new Promise<string>((done) => (arrive = done));
		let reading = false;
		const whileReading = (progress: { phase: string }) => {
			if (progress.phase !== 'reading' || reading) return;
			reading = true;
			arrive(fingerprint(file));
		};
		imported.push(await importToStore(fresh(), file, plan, { sha256: late, onProgress: whileReading }));
		expect(reading).toBe(true);
		const secondTable = tableFromSortedColumns((await readColumns(db, imported[1].id)).columns);
		db.close();
		// A ticket this worker does not know (as after its restart): hashed anew.
		imported.push(await importToStore(fresh(), file, plan, { sha256: fingerprintOf('unknown', file) }));
		const thirdTable = tableFromSortedColumns((await readColumns(db, imported[2].id)).columns);
		for (const dataset of imported) expect(dataset.source.sha256).toBe(expected);
		expect(imported.map((d) => d.rowCount)).toEqual([20673, 20673, 20673]);
		expect(secondTable.time).toEqual(thirdTable.time);
		expect(secondTable.customerIds).toEqual(thirdTable.customerIds);
		expect(secondTable.event).toEqual(thirdTable.event);
	});

	it('keeps a few tickets: a forgotten one is hashed again, never answered with another file', async () => {
		const files = Array.from({ length: 6 }, (_, i) => csvFile(`${sampleText}\n# ${i}`, `f${i}.csv`));
		const tickets = files.map(() => reserveFingerprint());
		for (const [i, f] of files.entries()) {
			const text = `${sampleText}\n# ${i}`;
			expect(await fingerprintOf(tickets[i], f)).toBe(createHash('sha256').update(text).digest('hex'));
		}
		expect(new Set(tickets).size).toBe(6);
	});

	it('reads the file only when the hash is first asked for (the page asks once the mapper is drawn), and once', async () => {
		let reads = 0;
		const file = csvFile(sampleText, 'lead-lifecycle.csv');
		const read = file.arrayBuffer.bind(file);
		file.arrayBuffer = () => (reads++, read());
		const ticket = reserveFingerprint();
		await new Promise((later) => setTimeout(later, 10));
		expect(reads).toBe(0);
		const [asked, again] = [fingerprintOf(ticket, file), fingerprintOf(ticket, file)];
		expect(await asked).toBe(expected);
		expect(await again).toBe(expected);
		expect(await fingerprintOf(ticket, file)).toBe(expected);
		expect(reads).toBe(1);
	});
});

describe('stored layouts', () => {
	it('encodes the columns that have a smaller form: seconds, the values carried, an attribute per customer', async () => {
		fresh();
		const dataset = await importFile(db, csvFile(sampleText, 'lead-lifecycle.csv'));
		const byName = Object.fromEntries(dataset.columns.map((c) => [c.name, c]));
		expect(byName.time).toMatchObject({ kind: 'u32', encoding: { kind: 'seconds', base: dataset.timeMin } });
		expect(byName.value.encoding).toEqual({ kind: 'sparse', rows: 20673 });
		expect(byName['attr:channel']).toMatchObject({ length: 2000, encoding: { kind: 'perCustomer', rows: 20673 } });
		expect(byName.customerStart).toEqual({ name: 'customerStart', kind: 'u32', length: 2001 });
		const bytes = (await db.chunks.toArray()).reduce((n, c) => n + c.buffer.byteLength, 0);
		const table = (await readFile(sampleText, 'lead-lifecycle.csv')).table;
		// time 8 -> 4 bytes a row, value 8 bytes -> a bit and the values carried, channel 1 byte a row -> a customer.
		expect(bytes).toBeLessThan((table.time.byteLength + table.rowCount * 8 + table.event.byteLength + table.customerStart.byteLength) / 2);
	});

	it('a dataset stored before encodings (every column as it is, in chunks) opens with the same table and numbers', async () => {
		fresh();
		const current = await importFile(db, csvFile(sampleText, 'lead-lifecycle.csv'));
		const direct = (await readFile(sampleText, 'lead-lifecycle.csv')).table;
		// The same table in the layout every earlier version wrote: plain arrays in chunks (of 65,536 values there;
		// of 4,096 here, so that the sample's columns span several and the join is exercised).
		const chunkRows = 4096;
		const arrays = { customerStart: direct.customerStart, time: direct.time, event: direct.event, value: denseValues(direct.value), 'attr:channel': direct.attributes[0].codes };
		const old = {
			...current,
			id: 'old-layout',
			chunkRows,
			columns: Object.entries(arrays).map(([name, data]) => ({ name, kind: kindOf(data), ...(data.length !== direct.rowCount ? { length: data.length } : {}) }))
		};
		await db.datasets.add(old);
		for (const [column, data] of Object.entries(arrays)) {
			for (let seq = 0; seq * chunkRows < data.length; seq++) {
				await db.chunks.add({ datasetId: old.id, column, seq, buffer: data.slice(seq * chunkRows, (seq + 1) * chunkRows).buffer as ArrayBuffer });
			}
		}
		const dicts = (await db.dicts.toArray()).filter((d) => d.datasetId === current.id);
		await db.dicts.bulkAdd(dicts.map((d) => ({ ...d, datasetId: old.id })));

		const fromOld = tableFromSortedColumns((await readColumns(db, old.id)).columns);
		const fromNew = tableFromSortedColumns((await readColumns(db, current.id)).columns);
		for (const table of [fromOld, fromNew]) {
			expect(table.time).toEqual(direct.time);
			expect(table.value).toEqual(direct.value);
			expect(table.event).toEqual(direct.event);
			expect(table.customerStart).toEqual(direct.customerStart);
			expect(table.attributes).toEqual(direct.attributes);
			expect(table.customerIds).toEqual(direct.customerIds);
		}
		const funnelOf = (table: typeof direct) => funnel(classify(table, leadLifecycle), leadLifecycle).steps.map((s) => s.count);
		expect(funnelOf(fromOld)).toEqual(funnelOf(direct));
		expect(funnelOf(fromNew)).toEqual(funnelOf(direct));
		expect(funnelOf(direct)[2]).toBeGreaterThan(0);
	});
});

describe('the columns handed off (to the engine worker) while they are written', () => {
	/** A hand-off that moves the columns away, as a transfer to another worker does (the arrays here are left empty). */
	function movingHandOff() {
		const given: { id: string; shape: string; readyWhenGiven: boolean; columns: EventColumns }[] = [];
		const takenBack: string[] = [];
		const handOff: HandOff = {
			give: async (dataset, columns) => {
				const moved = structuredClone(columns, { transfer: columnBuffers(columns) });
				given.push({ id: dataset.id, shape: dataset.shape, readyWhenGiven: (await listDatasets(db)).some((d) => d.id === dataset.id), columns: moved });
			},
			takeBack: (id) => void takenBack.push(id)
		};
		return { handOff, given, takenBack };
	}

	it('gives them once copied for the write, before it ends; what is stored is what was given', async () => {
		fresh();
		const { handOff, given, takenBack } = movingHandOff();
		const dataset = await importFile(db, csvFile(bigLog(CHUNK_ROWS + 1)), { handOff });
		expect(given.map(({ id, shape, readyWhenGiven }) => ({ id, shape, readyWhenGiven }))).toEqual([{ id: dataset.id, shape: 'event-log', readyWhenGiven: false }]);
		expect(given[0].columns.time.length).toBe(CHUNK_ROWS + 1);
		expect((await readColumns(db, dataset.id)).columns).toEqual(given[0].columns);
		expect(takenBack).toEqual([]);
	});

	it('takes them back when the write then fails, and stores nothing', async () => {
		fresh();
		const { handOff, given, takenBack } = movingHandOff();
		db.dicts.bulkAdd = (() => Promise.reject(Object.assign(new Error('disk full'), { name: 'QuotaExceededError' }))) as unknown as typeof db.dicts.bulkAdd;
		await expect(importFile(db, csvFile(bigLog(CHUNK_ROWS + 1)), { handOff })).rejects.toThrow(/no room left to store this dataset/);
		expect(takenBack).toEqual(given.map((g) => g.id));
		expect(takenBack).toHaveLength(1);
		expect(await db.datasets.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
	});
});

describe('an import either completes or leaves the store as it was', () => {
	it('stores nothing for a file that cannot be imported', async () => {
		fresh();
		const kept = await importFile(db, csvFile(sampleText));
		await expect(importFile(db, csvFile('name,city\nAnn,Oslo\n', 'people.csv'))).rejects.toThrow(
			'people.csv: the columns chosen do not say which holds the customer id and the timestamp and the event name'
		);
		await expect(importFile(db, csvFile('', 'empty.csv'))).rejects.toThrow('empty.csv is empty');
		expect((await listDatasets(db)).map((d) => d.id)).toEqual([kept.id]);
		expect(await db.datasets.count()).toBe(1);
		expect(await db.chunks.count()).toBe(SAMPLE_CHUNKS);
	});

	it('removes what it wrote when storage fails midway', async () => {
		fresh();
		const kept = await importFile(db, csvFile(sampleText));
		// The chunks are written; the dictionaries, written next, do not fit.
		db.dicts.bulkAdd = (() => Promise.reject(Object.assign(new Error('disk full'), { name: 'QuotaExceededError' }))) as unknown as typeof db.dicts.bulkAdd;
		await expect(importFile(db, csvFile(bigLog(CHUNK_ROWS + 1)))).rejects.toThrow(/no room left to store this dataset/);
		expect((await db.datasets.toArray()).map((d) => d.id)).toEqual([kept.id]);
		expect(await db.chunks.count()).toBe(SAMPLE_CHUNKS);
	});

	it('leaves nothing when cancelled', async () => {
		fresh();
		const controller = new AbortController();
		controller.abort();
		await expect(importFile(db, csvFile(sampleText), { signal: controller.signal })).rejects.toThrow();
		expect(await db.datasets.count()).toBe(0);
	});

	it('cleans up imports left half-done by a closed tab, but not ones still running', async () => {
		fresh();
		const done = await importFile(db, csvFile(sampleText));
		const base = { ...done, status: 'importing' as const };
		await db.datasets.bulkAdd([{ ...base, id: 'abandoned' }, { ...base, id: 'running' }]);
		await db.chunks.add({ datasetId: 'abandoned', column: 'time', seq: 0, buffer: new ArrayBuffer(8) });
		expect(await deleteUnfinishedImports(db, (id) => id === 'running')).toBe(1);
		expect((await db.datasets.toArray()).map((d) => d.id).sort()).toEqual([done.id, 'running'].sort());
		expect(await db.chunks.count()).toBe(SAMPLE_CHUNKS);
	});
});
