/**
 * A browser holding data from the first schema opens it with the current one: nothing lost, new tables there,
 * and columns in the first layout (a customer code per row) read as today's.
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { denseValues } from '../../src/lib/engine/values';
import { listDatasets, readColumns, readColumnsInTwo } from '../../src/lib/store/datasets';
import { openDatabase } from '../../src/lib/store/db';
import { listModels } from '../../src/lib/store/models';
import { listDashboards } from '../../src/lib/store/dashboards';

it('upgrades a version 1 database in place', async () => {
	const indexedDB = new IDBFactory();
	const old = new Dexie('lifecycle-lens', { indexedDB, IDBKeyRange });
	old.version(1).stores({ datasets: 'id, status', chunks: '[datasetId+column+seq]', dicts: '[datasetId+column]', rejects: '[datasetId+seq]' });
	const columns = [
		{ name: 'customer', kind: 'u32' },
		{ name: 'time', kind: 'f64' },
		{ name: 'event', kind: 'u32' },
		{ name: 'value', kind: 'f64' }
	];
	await old.table('datasets').add({ id: 'd1', name: 'old', status: 'ready', rowCount: 3, columns, chunkRows: 65536, created: 1, source: { sha256: '' } });
	await old.table('chunks').bulkAdd([
		{ datasetId: 'd1', column: 'customer', seq: 0, buffer: Uint32Array.of(0, 0, 1).buffer },
		{ datasetId: 'd1', column: 'time', seq: 0, buffer: Float64Array.of(1, 2, 3).buffer },
		{ datasetId: 'd1', column: 'event', seq: 0, buffer: Uint32Array.of(0, 1, 0).buffer },
		{ datasetId: 'd1', column: 'value', seq: 0, buffer: Float64Array.of(NaN, 5, NaN).buffer }
	]);
	await old.table('dicts').bulkAdd([
		{ datasetId: 'd1', column: 'customer', values: ['a', 'b'] },
		{ datasetId: 'd1', column: 'event', values: ['lead', 'purchase'] }
	]);
	old.close();

	const db = openDatabase({ indexedDB, IDBKeyRange });
	expect(db.verno).toBe(5);
	expect((await listDatasets(db)).map((d) => d.name)).toEqual(['old']);
	const { columns: read } = await readColumns(db, 'd1');
	expect(Array.from(denseValues(read.value))).toEqual([NaN, 5, NaN]);
	// A value per row, as stored then, becomes the column of the values carried on reading.
	expect(read.value).toMatchObject({ length: 3, values: Float64Array.of(5) });
	// Stored with a customer code per row, as before runs were kept: the runs are counted on reading.
	expect(Array.from(read.customerStart)).toEqual([0, 2, 3]);
	expect(read.customerIds).toEqual(['a', 'b']);
	expect(read.eventNames).toEqual(['lead', 'purchase']);
	// The engine worker's read in two steps reads this layout at once: its runs need the customer codes.
	expect((await readColumnsInTwo(db, 'd1').first).columns).toEqual(read);
	expect(await listModels(db)).toEqual([]);
	expect(await listDashboards(db)).toEqual([]);
	// Version 5's stored classifications: none yet, and the table is there to keep them in.
	expect(await db.classifications.count()).toBe(0);
	db.close();
});
