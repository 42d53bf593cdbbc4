/**
 * Reading a stored dataset's columns back, from any source of its records: Dexie (./datasets.ts) or, in the engine
 * worker's cold start, plain IndexedDB (./plain-read.ts), which keeps Dexie out of the worker's first script. No
 * Dexie here.
 */
import { indexRuns, type Codes, type EventColumns } from '../engine/table';
import { problem, type Problem } from '../base/problem';
import type { ChunkRecord, ColumnKind, DatasetRecord, DictRecord } from './db';
import { ARRAYS, decodeColumn, decodeSecondsParts, decodeValues, type ColumnArray } from './column-encoding';

export class StorageError extends Error {
	constructor(
		message: string,
		readonly problem?: Problem
	) {
		super(message);
		this.name = 'StorageError';
	}
}

/** A column's chunks (the `index`th column asked for), in order, as soon as they are read. */
export type ColumnRead = (index: number, chunks: ChunkRecord[]) => void;

/** Where a dataset's records are read from. */
export interface ColumnSource {
	record(datasetId: string): Promise<DatasetRecord | undefined>;
	/**
	 * The named columns' chunks, each in order, and the named dictionaries (null: all of the dataset's), in one
	 * transaction. Each column's chunks go to `each` as soon as they are read, where the source can (the plain
	 * store), so that a column is decoded while the next ones are still being read; what `each` throws is dropped, and
	 * the caller takes that column again from the result.
	 */
	read(datasetId: string, names: string[], dictionaryNames: string[] | null, each?: ColumnRead): Promise<{ chunks: ChunkRecord[][]; dicts: (DictRecord | undefined)[] }>;
}

/** The columns read first: what every first answer needs, and no attribute or customer id. */
const FIRST_COLUMNS = ['customerStart', 'time', 'event', 'value'];

/** The first two of them, what the trend needs: each customer's run of rows, and their times. */
export type RunsAndTimes = Pick<EventColumns, 'customerStart' | 'time'>;

/**
 * A ready dataset's columns in two reads. `first`: the customer runs, time, event, value and the event names, what
 * the funnel, retention, paths and trend need; its `attributes` are empty and its `customerIds` only as many as the
 * customers (empty slots). `rest`, read after it: the attributes and the customer ids (at 1M events 98k strings, a
 * large part of the read and of its decoding). Datasets stored before runs were kept are read at once, in `first`.
 * `times`: the first read's runs and times, as soon as both are in, where the source hands columns over as they are
 * read (the plain store): the events and values still come (a cold trend at 1M: 240 -> 204 ms); else with `first`.
 */
export function readColumnsFrom(
	source: ColumnSource,
	datasetId: string
): { times: Promise<RunsAndTimes>; first: Promise<{ dataset: DatasetRecord; columns: EventColumns }>; rest: Promise<Pick<EventColumns, 'customerIds' | 'attributes'>> } {
	let timesIn: (columns: RunsAndTimes) => void = () => {};
	const times = new Promise<RunsAndTimes>((resolve) => (timesIn = resolve));
	const timesRead = (arrays: Map<string, ColumnArray>) => {
		const [customerStart, time] = [arrays.get('customerStart'), arrays.get('time')];
		if (customerStart && time) timesIn({ customerStart: customerStart as Uint32Array, time: time as Float64Array });
	};
	const first = (async () => {
		const dataset = await source.record(datasetId);
		if (!dataset || dataset.status !== 'ready') throw new StorageError(`No stored dataset with id ${datasetId}.`, problem('storage.noDataset', { id: datasetId }));
		const inTwo = dataset.columns.some((c) => c.name === 'customerStart');
		const { arrays, dictionaries } = await readStored(source, dataset, inTwo ? FIRST_COLUMNS : dataset.columns.map((c) => c.name), inTwo ? ['event'] : null, inTwo ? timesRead : undefined);
		// Older datasets have a customer code per row; their runs are counted from it.
		const customerIds = dictionaries.get('customer') ?? [];
		const customerStart = (arrays.get('customerStart') as Uint32Array | undefined) ?? indexRuns(arrays.get('customer') as Uint32Array, customerIds.length);
		const columns: EventColumns = {
			customerStart,
			// Decoded as it was read (readStored), whatever its encoding.
			time: arrays.get('time') as Float64Array,
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
	// With the first columns at the latest (a promise settles once: the early hand-over stands).
	const firstColumns = first.then(({ dataset, columns }) => ({ dataset, columns }));
	const timesOrFirst = Promise.race([times, firstColumns.then(({ columns }) => columns)]);
	// A caller that reads no times early (Dexie's readers) meets a failed read in `first`: not left unhandled here.
	timesOrFirst.catch(() => undefined);
	return { times: timesOrFirst, first: firstColumns, rest };
}

/**
 * The named columns, each from its chunks as soon as they are read (times stored as seconds decoded on the way; every
 * other column joined, decoded after), and the named dictionaries (null: all of the dataset's). `arrived`: told the
 * columns in so far, as each comes in.
 */
async function readStored(source: ColumnSource, dataset: DatasetRecord, names: string[], dictionaryNames: string[] | null, arrived?: (arrays: Map<string, ColumnArray>) => void) {
	const arrays = new Map<string, ColumnArray>();
	const take: ColumnRead = (i, chunks) => {
		if (arrays.has(names[i])) return;
		const spec = dataset.columns.find((c) => c.name === names[i])!;
		const length = spec.length ?? dataset.rowCount;
		const parts = partsOf(chunks, spec.kind, length);
		arrays.set(names[i], spec.encoding?.kind === 'seconds' ? decodeSecondsParts(parts as Uint32Array[], spec.encoding.base, length) : joinParts(parts, spec.kind));
		arrived?.(arrays);
	};
	const { chunks, dicts } = await source.read(dataset.id, names, dictionaryNames, take);
	// A source that hands over nothing early (Dexie's) has every column here; a column `take` threw on throws here.
	chunks.forEach((column, i) => take(i, column));
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

/** A column's chunks as typed arrays, in order, `length` values in all (chunks beyond are not the column's). */
function partsOf(chunks: ChunkRecord[], kind: ColumnKind, length: number): ColumnArray[] {
	const ArrayType = ARRAYS[kind];
	const parts: ColumnArray[] = [];
	let offset = 0;
	for (const chunk of chunks) {
		const part = new ArrayType(chunk.buffer);
		if (offset + part.length > length) break;
		parts.push(part);
		offset += part.length;
	}
	if (offset !== length) throw new StorageError(`Stored dataset is incomplete: ${offset} of ${length} rows found.`, problem('storage.incomplete', { found: offset, rows: length }));
	return parts;
}

/** A column's parts joined in order; one part is used as it is read, not copied. */
function joinParts(parts: ColumnArray[], kind: ColumnKind): ColumnArray {
	if (parts.length === 1) return parts[0];
	const joined = new ARRAYS[kind](parts.reduce((n, part) => n + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		joined.set(part, offset);
		offset += part.length;
	}
	return joined;
}
