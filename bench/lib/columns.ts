/**
 * The engine's columns of the bench log, kept in bench/.data/events-N.columns after the first import in Node (raw
 * typed arrays; delete the folder to import again): the 10M log takes minutes to import. What bench:filter and
 * bench:answers read, as the engine worker holds the table.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { CLI_BUDGETS } from '../../src/lib/import/budgets';
import { loadFile } from '../../src/cli/load';
import { storedColumns, tableFromSortedColumns, type EventColumns, type EventTable } from '../../src/lib/engine/table';

type Typed = Float64Array | Uint8Array | Uint16Array | Uint32Array;
const kinds = { Float64Array, Uint8Array, Uint16Array, Uint32Array };

function save(dir: string, columns: EventColumns) {
	mkdirSync(dir, { recursive: true });
	const { value } = columns;
	const arrays: Record<string, Typed> = { customerStart: columns.customerStart, time: columns.time, event: columns.event, valuePresent: value.present, valueBefore: value.before, values: value.values };
	columns.attributes.forEach((a, i) => (arrays[`attribute${i}`] = a.codes));
	for (const [name, array] of Object.entries(arrays)) writeFileSync(`${dir}/${name}`, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
	const kindsOf = Object.fromEntries(Object.entries(arrays).map(([name, a]) => [name, a.constructor.name]));
	const meta = { kinds: kindsOf, valueRows: value.length, customerIds: columns.customerIds, eventNames: columns.eventNames, attributes: columns.attributes.map(({ name, values }) => ({ name, values })) };
	writeFileSync(`${dir}/meta.json`, JSON.stringify(meta));
}

function restore(dir: string): EventColumns {
	const meta = JSON.parse(readFileSync(`${dir}/meta.json`, 'utf8'));
	const array = (name: string) => {
		const bytes = readFileSync(`${dir}/${name}`);
		const Kind = kinds[meta.kinds[name] as keyof typeof kinds];
		return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
	};
	return {
		customerStart: array('customerStart') as Uint32Array,
		time: array('time') as Float64Array,
		event: array('event') as Uint8Array,
		value: { length: meta.valueRows, present: array('valuePresent') as Uint32Array, before: array('valueBefore') as Uint32Array, values: array('values') as Float64Array },
		attributes: meta.attributes.map((a: { name: string; values: string[] }, i: number) => ({ ...a, codes: array(`attribute${i}`) })),
		customerIds: meta.customerIds,
		eventNames: meta.eventNames
	};
}

/** The bench log of `events` events as the engine worker's table: built from the stored columns, as the import worker hands them over. */
export async function benchTable(events: number): Promise<EventTable> {
	const dir = `bench/.data/events-${events}.columns`;
	if (!existsSync(`${dir}/meta.json`)) {
		const file = `bench/.data/events-${events}.csv`;
		if (!existsSync(file)) execFileSync('node', ['scripts/generate-events.mjs', String(events), file], { stdio: 'inherit' }); // not imported: bundled, its command-line entry would run too
		const loaded = await loadFile(file, {}, CLI_BUDGETS);
		save(dir, storedColumns(loaded.table!));
	}
	return tableFromSortedColumns(restore(dir));
}
