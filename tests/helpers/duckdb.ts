/** An in-memory DuckDB holding an EventTable as the `events` table the generated SQL reads. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { EventTable } from '../../src/lib/engine/table';
import { eventsCsvChunks } from '../../src/lib/sql/events-csv';

export interface EventsDb {
	connection: DuckDBConnection;
	/** Runs a query and returns its output as CSV text with a header, as a warehouse user would save it. */
	csv(sql: string): Promise<string>;
	rows(sql: string): Promise<Record<string, unknown>[]>;
	close(): Promise<void>;
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

export async function eventsDb(table: EventTable): Promise<EventsDb> {
	const dir = await mkdtemp(join(tmpdir(), 'lens-duckdb-'));
	const file = join(dir, 'events.csv');
	const out = createWriteStream(file);
	for (const chunk of eventsCsvChunks(table)) if (!out.write(chunk)) await once(out, 'drain');
	out.end();
	await once(out, 'finish');

	// One thread: vitest runs another test file on the machine's other core (two in CI).
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	const connection = await instance.connect();
	const columns = [`'customer_id': 'VARCHAR'`, `'ts': 'TIMESTAMP'`, `'event': 'VARCHAR'`, `'value': 'DOUBLE'`, ...table.attributes.map((a) => `${sqlString(a.name)}: 'VARCHAR'`)];
	await connection.run(`CREATE TABLE events AS SELECT * FROM read_csv(${sqlString(file)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns.join(', ')}})`);
	let n = 0;
	return {
		connection,
		async csv(sql) {
			const target = join(dir, `out-${n++}.csv`);
			await connection.run(`COPY (${sql}) TO ${sqlString(target)} (HEADER, DELIMITER ',')`);
			return readFile(target, 'utf8');
		},
		async rows(sql) {
			return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
		},
		async close() {
			connection.closeSync();
			instance.closeSync();
			await rm(dir, { recursive: true, force: true });
		}
	};
}
