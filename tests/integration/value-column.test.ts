/**
 * The value column end to end, as an import moves it: built by the import's table builder (in two parts, as a file
 * read in two parts is, the second part's rows moved over as a worker moves them), stored, read back and handed to
 * the engine worker. Each row carries the same double as the file gave it, to the bit (-0 included), or none.
 */
import fc from 'fast-check';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { columnBuffers, EventTableBuilder, storedColumns, tableFromSortedColumns, type EventTable } from '../../src/lib/engine/table';
import { denseValues, valueAt, type ValueColumn } from '../../src/lib/engine/values';
import { CHUNK_ROWS, readColumns, writeDataset, type NewDataset } from '../../src/lib/store/datasets';
import { openDatabase, type LensDatabase } from '../../src/lib/store/db';
import { seededRandom } from '../../scripts/lib/random.mjs';

let db: LensDatabase | undefined;
afterEach(() => {
	db?.close();
	db = undefined;
});

/** Doubles a file can give, the awkward ones often: -0, minor units, the smallest and largest, any bit pattern. */
function valueOf(random: ReturnType<typeof seededRandom>): number {
	switch (random.int(0, 5)) {
		case 0:
			return random.pick([-0, 0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity]);
		case 1:
			return random.int(-1e9, 1e9) / 100;
		case 2: {
			const bits = new DataView(new ArrayBuffer(8));
			bits.setUint32(0, random.int(0, 0xffffffff));
			bits.setUint32(4, random.int(0, 0xffffffff));
			const value = bits.getFloat64(0);
			return Number.isNaN(value) ? -0 : value;
		}
		default:
			return random.int(-500, 5000);
	}
}

/** How many rows carry a value: none, all, few (as an event log), most (as an orders file with some free lines). */
const SHARES = { none: 0, all: 1, few: 1 / 80, most: 0.6 } as const;

/** Rows: around a chunk's 64k rows, a stored chunk's 64 KiB of the sparse form, or small. */
const rowCounts = fc.oneof(
	fc.integer({ min: 0, max: 300 }),
	fc.integer({ min: CHUNK_ROWS - 40, max: CHUNK_ROWS + 40 }),
	fc.constantFrom(2 * CHUNK_ROWS + 1, 13_300, 13_320)
);

interface Drawn {
	/** The value of each row, by its customer and time (each row's pair is its own); NaN when it carries none. */
	byRow: Map<string, number>;
	table: EventTable;
}

/** Rows of random customers, in file order, built in two parts joined as the import joins a file read in two. */
function build(rows: number, share: number, split: number, seed: number): Drawn {
	const random = seededRandom(seed);
	const first = new EventTableBuilder();
	const second = new EventTableBuilder();
	const byRow = new Map<string, number>();
	const customers = Math.max(1, rows >>> 2);
	for (let i = 0; i < rows; i++) {
		const customer = `c${random.int(0, customers - 1)}`;
		const value = random.chance(share) ? valueOf(random) : NaN;
		byRow.set(`${customer} ${i}`, value);
		(i < split ? first : second).add(customer, i, 'e', value);
	}
	const later = second.rows();
	first.append(structuredClone(later, { transfer: columnBuffers(later) }));
	return { byRow, table: first.build() };
}

/** The first row whose value differs from the drawn one (presence, or any bit of the double), or null. */
function firstDifference(table: EventTable, byRow: Map<string, number>): string | null {
	const column: ValueColumn = table.value;
	if (column.length !== table.rowCount || byRow.size !== table.rowCount) return `${column.length} values for ${table.rowCount} rows of ${byRow.size}`;
	const bits = new DataView(new ArrayBuffer(16));
	let carried = 0;
	for (let c = 0; c < table.customerIds.length; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const expected = byRow.get(`${table.customerIds[c]} ${table.time[i]}`)!;
			const present = (column.present[i >>> 5] & (1 << (i & 31))) !== 0;
			if (present !== !Number.isNaN(expected)) return `row ${i}: present ${present}, drawn ${expected}`;
			if (!present) continue;
			const value = valueAt(column, i);
			bits.setFloat64(0, value);
			bits.setFloat64(8, expected);
			if (bits.getBigUint64(0) !== bits.getBigUint64(8)) return `row ${i}: ${Object.is(value, -0) ? '-0' : value}, drawn ${Object.is(expected, -0) ? '-0' : expected}`;
			if (column.values[carried++] !== value) return `row ${i}: values out of row order`;
		}
	}
	return carried === column.values.length ? null : `${column.values.length} values for ${carried} rows that carry one`;
}

/**
 * Stores the table, reads it back and hands the columns over as the import worker does (moved, not copied). `old`:
 * with its values stored as every version before encodings did, a double per row in chunks of 64k.
 */
async function storedAndHandedOff(table: EventTable, id: string, old = false): Promise<EventTable> {
	db ??= openDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
	const dataset = { id, name: id, rowCount: table.rowCount, created: 0 } as NewDataset;
	const record = await writeDataset(db, dataset, storedColumns(table), []);
	if (old) {
		const dense = denseValues(table.value);
		await db.chunks.where('[datasetId+column+seq]').between([id, 'value', 0], [id, 'value', Infinity]).delete();
		for (let seq = 0; seq === 0 || seq * CHUNK_ROWS < dense.length; seq++) {
			await db.chunks.add({ datasetId: id, column: 'value', seq, buffer: dense.slice(seq * CHUNK_ROWS, (seq + 1) * CHUNK_ROWS).buffer });
		}
		await db.datasets.update(id, { columns: record.columns.map((c) => (c.name === 'value' ? { name: 'value', kind: 'f64' as const } : c)) });
	}
	const { columns } = await readColumns(db, id);
	return tableFromSortedColumns(structuredClone(columns, { transfer: columnBuffers(columns) }));
}

describe('the value column from builder to store to engine worker', () => {
	it('property: every row carries the same double (to the bit) or none, built, stored, read back and handed off; stored as older versions did, too', { timeout: 120_000 }, async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(
				rowCounts,
				fc.constantFrom(...(Object.keys(SHARES) as (keyof typeof SHARES)[])),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.integer(),
				async (rows, share, at, seed) => {
					const { byRow, table } = build(rows, SHARES[share], Math.floor(at * rows), seed);
					expect(firstDifference(table, byRow)).toBeNull();
					const handedOff = await storedAndHandedOff(table, `d${run++}`);
					expect(firstDifference(handedOff, byRow)).toBeNull();
					const fromOldLayout = await storedAndHandedOff(table, `d${run++}`, true);
					expect(firstDifference(fromOldLayout, byRow)).toBeNull();
				}
			),
			{ numRuns: 16 }
		);
	});

	it('a column of only -0 and absent rows, across a word and a chunk, comes back as -0', async () => {
		const builder = new EventTableBuilder();
		for (let i = 0; i < CHUNK_ROWS + 33; i++) builder.add('a', i, 'e', i % 3 === 0 ? -0 : NaN);
		const table = await storedAndHandedOff(builder.build(), 'zeros');
		expect(table.value.values.length).toBe(Math.ceil((CHUNK_ROWS + 33) / 3));
		expect(table.value.values.every((v) => Object.is(v, -0))).toBe(true);
		expect(Object.is(valueAt(table.value, 32), NaN)).toBe(true);
		expect(Object.is(valueAt(table.value, CHUNK_ROWS + 32), -0)).toBe(true);
	});
});
