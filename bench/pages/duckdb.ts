/**
 * Baseline (b): DuckDB-WASM loads the same CSV into a table and answers the same funnel and retention in SQL.
 * Its wasm and worker files come from node_modules/@duckdb/duckdb-wasm/dist, served by the bench server.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { FUNNEL_STEPS, chosenFile, monthLabel, timed, type BenchFilter, type Numbers } from './shared';

const dist = (file: string) => new URL(`../duckdb/${file}`, location.href).href;
const BUNDLES: duckdb.DuckDBBundles = {
	mvp: { mainModule: dist('duckdb-mvp.wasm'), mainWorker: dist('duckdb-browser-mvp.worker.js') },
	eh: { mainModule: dist('duckdb-eh.wasm'), mainWorker: dist('duckdb-browser-eh.worker.js') }
};

let connection: duckdb.AsyncDuckDBConnection | null = null;

async function open() {
	const bundle = await duckdb.selectBundle(BUNDLES);
	const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker!));
	await db.instantiate(bundle.mainModule);
	const conn = await db.connect();
	// Never fetch an extension from the network.
	await conn.query(`SET autoinstall_known_extensions = false; SET autoload_known_extensions = false`);
	return { db, conn };
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const chosen = (f: BenchFilter | null) =>
	f ? `WHERE customer_id IN (SELECT customer_id FROM events WHERE "${f.attribute}" = ${sqlString(f.value)})` : '';

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	const table = await connection!.query(sql);
	return table.toArray().map((row) => row.toJSON());
}

/** Lead lifecycle, cumulative: the furthest stage per customer, counted at every step up to it. */
async function funnel(f: BenchFilter | null): Promise<number[]> {
	const [row] = await rows(`
		WITH per AS (
			SELECT customer_id, greatest(
				max(CASE lower(event) WHEN 'lead' THEN 1 WHEN 'mql' THEN 2 WHEN 'sql' THEN 3 WHEN 'opportunity' THEN 4 WHEN 'purchase' THEN 5 ELSE 0 END),
				CASE WHEN count(*) FILTER (WHERE lower(event) = 'purchase') >= 2 THEN 6 ELSE 0 END) AS furthest
			FROM events ${chosen(f)} GROUP BY customer_id)
		SELECT ${Array.from({ length: FUNNEL_STEPS }, (_, k) => `count(*) FILTER (WHERE furthest >= ${k}) AS s${k}`).join(', ')} FROM per`);
	return Array.from({ length: FUNNEL_STEPS }, (_, k) => Number(row[`s${k}`]));
}

/** Monthly cohorts by first seen; cell k counts customers with any event in month cohort + k. */
async function retention(f: BenchFilter | null): Promise<Numbers['retention']> {
	const result = await rows(`
		WITH m AS (SELECT customer_id, year("timestamp") * 12 + month("timestamp") - 1 AS month FROM events ${chosen(f)}),
		firsts AS (SELECT customer_id, min(month) AS cohort FROM m GROUP BY customer_id),
		cells AS (SELECT DISTINCT m.customer_id, cohort, m.month - cohort AS k FROM m JOIN firsts USING (customer_id))
		SELECT cohort, k, count(*) AS n, (SELECT year(max("timestamp")) * 12 + month(max("timestamp")) - 1 FROM events) AS last
		FROM cells GROUP BY cohort, k ORDER BY cohort, k`);
	const out: Numbers['retention'] = {};
	for (const r of result) {
		const cohort = Number(r.cohort);
		const label = monthLabel(cohort);
		out[label] ??= new Array(Number(r.last) - cohort + 2).fill(0);
		if (Number(r.k) === 0) out[label][0] = Number(r.n);
		out[label][Number(r.k) + 1] = Number(r.n);
	}
	return out;
}

const queries = { funnel, retention };

Object.assign(window, {
	bench: {
		/** Start DuckDB, register the file and load it into a table: file to queryable. */
		async importFile() {
			const file = await chosenFile();
			const started = performance.now();
			const { db, conn } = await open();
			const startupMs = performance.now() - started;
			connection = conn;
			await db.registerFileHandle('events.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
			await conn.query(`CREATE TABLE events AS SELECT * FROM read_csv('events.csv', header = true, timestampformat = '%Y-%m-%dT%H:%M:%SZ',
				columns = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'event': 'VARCHAR', 'value': 'DOUBLE', 'channel': 'VARCHAR', 'country': 'VARCHAR', 'device': 'VARCHAR', 'plan': 'VARCHAR'})`);
			const [count] = await rows('SELECT count(*) AS n FROM events');
			return { ms: performance.now() - started, startupMs, rows: Number(count.n), bytes: file.size };
		},
		async numbers(filter: BenchFilter): Promise<Numbers[]> {
			const out: Numbers[] = [];
			for (const f of [null, filter]) out.push({ funnel: await funnel(f), retention: await retention(f) });
			return out;
		},
		/** Cold: the first run of each query after loading; filtered: the same query with each filter. */
		async latency(filters: BenchFilter[]) {
			const out: Record<string, { coldMs: number; filteredMs: number[] }> = {};
			for (const [name, run] of Object.entries(queries)) {
				const cold = await timed<unknown>(() => run(null));
				const filteredMs: number[] = [];
				for (const f of filters) filteredMs.push((await timed<unknown>(() => run(f))).ms);
				out[name] = { coldMs: cold.ms, filteredMs };
			}
			return out;
		}
	}
});
