/**
 * Reading a stored dataset's columns back, from any source of its records: Dexie (./datasets.ts) or, in the engine
 * worker's cold start, plain IndexedDB (./plain-read.ts), which keeps Dexie out of the worker's first script. No
 * Dexie here.
 */
import { indexRuns, type Codes, type EventColumns } from '../engine/table';
import { problem, type Problem } from '../base/problem';
import type { ChunkRecord, ColumnKind, DatasetRecord, DictRecord } from './db';
import { ARRAYS, decodeColumn, decodeValues, type ColumnArray } from './column-encoding';

export class StorageError extends Error {
	constructor(
		message: string,
		readonly problem?: Problem
	) {
		super(message);
		this.name = 'StorageError';
	}
}

/** Where a dataset's records are read from. */
export interface ColumnSource {
	record(datasetId: string): Promise<DatasetRecord | undefined>;
	/** The named columns' chunks, each in order, and the named dictionaries (null: all of the dataset's), in one transaction. */
	read(datasetId: string, names: string[], dictionaryNames: string[] | null): Promise<{ chunks: ChunkRecord[][]; dicts: (DictRecord | undefined)[] }>;
}

/** The columns read first: what every first answer needs, and no attribute or customer id. */
const FIRST_COLUMNS = ['customerStart', 'time', 'event', 'value'];

/**
 * A ready dataset's columns in two reads. `first`: the customer runs, time, event, value and the event names, what
 * the funnel, retention, paths and trend need; its `attributes` are empty and its `customerIds` only as many as the
 * customers (empty slots). `rest`, read after it: the attributes and the customer ids (at 1M events 98k strings, a
 * large part of the read and of its decoding). Datasets stored before runs were kept are read at once, in `first`.
 */
export function readColumnsFrom(source: ColumnSource, datasetId: string): { first: Promise<{ dataset: DatasetRecord; columns: EventColumns }>; rest: Promise<Pick<EventColumns, 'customerIds' | 'attributes'>> } {
	const first = (async () => {
		const dataset = await source.record(datasetId);
		if (!dataset || dataset.status !== 'ready') throw new StorageError(`No stored dataset with id ${datasetId}.`, problem('storage.noDataset', { id: datasetId }));
		const inTwo = dataset.columns.some((c) => c.name === 'customerStart');
		const { arrays, dictionaries } = await readStored(source, dataset, inTwo ? FIRST_COLUMNS : dataset.columns.map((c) => c.name), inTwo ? ['event'] : null);
		// Older datasets have a customer code per row; their runs are counted from it.
		const customerIds = dictionaries.get('customer') ?? [];
		const customerStart = (arrays.get('customerStart') as Uint32Array | undefined) ?? indexRuns(arrays.get('customer') as Uint32Array, customerIds.length);
		const columns: EventColumns = {
			customerStart,
			time: decoded(dataset, arrays, 'time', customerStart) as Float64Array,
			event: decoded(dataset, arrays, 'event', customerStart) as Codes,
			value: decodeValues(arrays.get('value')!, dataset.columns.find((c) => c.name === 'value')!.encoding),
			customerIds: inTwo ? new Array<string>(customerStart.length - 1) : customerIds,
			eventNames: dictionaries.get('event') ?? [],
			attributes: inTwo ? [] : attributesOf(dataset, arrays, dictionaries, customerStart)
		};
		return { dataset, columns, inTwo };
	})();
	const rest = first.then(async ({ dataset, columns, inTwo }) => {
		if (!inTwo) return { customerIds: columns.customerIds, attributes: columns.attributes };
		const names = dataset.columns.filter((c) => !FIRST_COLUMNS.includes(c.name)).map((c) => c.name);
		const { arrays, dictionaries } = await readStored(source, dataset, names, ['customer', ...names]);
		return { customerIds: dictionaries.get('customer') ?? [], attributes: attributesOf(dataset, arrays, dictionaries, columns.customerStart) };
	});
	return { first: first.then(({ dataset, columns }) => ({ dataset, columns })), rest };
}

/** The named columns, each joined in order, and the named dictionaries (null: all of the dataset's). */
async function readStored(source: ColumnSource, dataset: DatasetRecord, names: string[], dictionaryNames: string[] | null) {
	const { chunks, dicts } = await source.read(dataset.id, names, dictionaryNames);
	const arrays = new Map<string, ColumnArray>();
	names.forEach((name, i) => {
		const spec = dataset.columns.find((c) => c.name === name)!;
		arrays.set(name, joinChunks(chunks[i], spec.kind, spec.length ?? dataset.rowCount));
	});
	const dictionaries = new Map(dicts.flatMap((d) => (d ? [[d.column, d.values] as const] : [])));
	return { arrays, dictionaries };
}

/** A stored column decoded (./column-encoding). */
function decoded(dataset: DatasetRecord, arrays: Map<string, ColumnArray>, name: string, customerStart: Uint32Array): ColumnArray {
	return decodeColumn(arrays.get(name)!, dataset.columns.find((c) => c.name === name)!.encoding, customerStart);
}

function attributesOf(dataset: DatasetRecord, arrays: Map<string, ColumnArray>, dictionaries: Map<string, string[]>, customerStart: Uint32Array): EventColumns['attributes'] {
	return dataset.columns
		.filter((c) => c.name.startsWith('attr:'))
		.map((c) => ({ name: c.name.slice('attr:'.length), codes: decoded(dataset, arrays, c.name, customerStart) as Codes, values: dictionaries.get(c.name) ?? [] }));
}

/** A column's chunks joined in order; one chunk is used as it is read, not copied. */
function joinChunks(chunks: ChunkRecord[], kind: ColumnKind, length: number): ColumnArray {
	const ArrayType = ARRAYS[kind];
	if (chunks.length === 1 && chunks[0].buffer.byteLength === length * ArrayType.BYTES_PER_ELEMENT) return new ArrayType(chunks[0].buffer);
	const joined = new ArrayType(length);
	let offset = 0;
	for (const chunk of chunks) {
		const part = new ArrayType(chunk.buffer);
		if (offset + part.length > length) break;
		joined.set(part, offset);
		offset += part.length;
	}
	if (offset !== length) throw new StorageError(`Stored dataset is incomplete: ${offset} of ${length} rows found.`, problem('storage.incomplete', { found: offset, rows: length }));
	return joined;
}
