/**
 * Baseline (b): DuckDB-WASM loads the same CSV into a table and answers the same four analyses in SQL, one
 * query each.
 * Its wasm and worker files come from node_modules/@duckdb/duckdb-wasm/dist, served by the bench server.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { FUNNEL_STEPS, PATH_MIN_SHARE, PATH_POSITIONS, chosenFile, monthLabel, pathNode, timed, type BenchFilter, type Numbers } from './shared';

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

/** The Sankey's end node (no further stage) and "other" (folded small nodes), as stage numbers in SQL. */
const END = -1;
const OTHER = -2;

/** Sankey of stage paths: each customer's stages in the order entered, small nodes folded into "other". */
async function paths(f: BenchFilter | null): Promise<Numbers['paths']> {
	const result = await rows(`
		WITH ev AS (SELECT customer_id, "timestamp" AS t, lower(event) AS name FROM events ${chosen(f)}),
		-- When each customer entered each stage: first seen, the first event of the stage's name, the second purchase.
		entered AS (
			SELECT customer_id, 0 AS stage, min(t) AS t FROM ev GROUP BY customer_id
			UNION ALL
			SELECT customer_id, CASE name WHEN 'lead' THEN 1 WHEN 'mql' THEN 2 WHEN 'sql' THEN 3 WHEN 'opportunity' THEN 4 WHEN 'purchase' THEN 5 END, min(t)
			FROM ev WHERE name IN ('lead', 'mql', 'sql', 'opportunity', 'purchase') GROUP BY customer_id, name
			UNION ALL
			SELECT customer_id, 6, t FROM ev WHERE name = 'purchase' QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY t) = 2),
		-- Stages in the order entered (ties in model order): the first positions, then the end node if the path stops before.
		sequence AS (
			SELECT customer_id, stage, row_number() OVER (PARTITION BY customer_id ORDER BY t, stage) - 1 AS position,
				count(*) OVER (PARTITION BY customer_id) AS length
			FROM entered),
		visits AS (
			SELECT customer_id, position, stage FROM sequence WHERE position < ${PATH_POSITIONS}
			UNION ALL
			SELECT customer_id, length, ${END} FROM sequence WHERE position = 0 AND length < ${PATH_POSITIONS}),
		total AS (SELECT count(DISTINCT customer_id) AS customers FROM ev),
		-- A stage node with under the minimum share of customers is "other" (compared in doubles, as JavaScript does).
		folded AS (
			SELECT customer_id, position,
				CASE WHEN stage >= 0 AND count(*) OVER (PARTITION BY position, stage) < ${PATH_MIN_SHARE}::DOUBLE * (SELECT customers FROM total)
					THEN ${OTHER} ELSE stage END AS stage
			FROM visits)
		SELECT 'node' AS kind, position AS p, stage AS s, NULL AS p2, NULL AS s2, count(*) AS n, (SELECT customers FROM total) AS customers
		FROM folded GROUP BY position, stage
		UNION ALL
		SELECT 'link', a.position, a.stage, b.position, b.stage, count(*), (SELECT customers FROM total)
		FROM folded a JOIN folded b ON a.customer_id = b.customer_id AND b.position = a.position + 1
		GROUP BY a.position, a.stage, b.position, b.stage`);
	const name = (p: unknown, s: unknown) => pathNode(Number(p), Number(s) === END ? 'end' : Number(s) === OTHER ? 'other' : Number(s));
	const out: Numbers['paths'] = { customers: Number(result[0]?.customers ?? 0), nodes: {}, links: {} };
	for (const r of result) {
		if (r.kind === 'node') out.nodes[name(r.p, r.s)] = Number(r.n);
		else out.links[`${name(r.p, r.s)}->${name(r.p2, r.s2)}`] = Number(r.n);
	}
	return out;
}

/**
 * Lifecycle trend per month, every month from the first event's to the last's (the filter does not narrow
 * them): new (first active month), returning (active the month before), resurrecting (not the month before,
 * but earlier) and dormant (active the month before, not in this one).
 */
async function trend(f: BenchFilter | null): Promise<Numbers['trend']> {
	const result = await rows(`
		WITH months AS (SELECT DISTINCT customer_id, year("timestamp") * 12 + month("timestamp") - 1 AS month FROM events ${chosen(f)}),
		span AS (SELECT year(min("timestamp")) * 12 + month(min("timestamp")) - 1 AS first, year(max("timestamp")) * 12 + month(max("timestamp")) - 1 AS last FROM events),
		calendar AS (SELECT unnest(range(first, last + 1)) AS month FROM span),
		active AS (
			SELECT month, lag(month) OVER w AS previous, lead(month) OVER w AS next FROM months
			WINDOW w AS (PARTITION BY customer_id ORDER BY month)),
		counts AS (
			SELECT month, count(*) FILTER (WHERE previous IS NULL) AS new, count(*) FILTER (WHERE previous = month - 1) AS "returning",
				count(*) FILTER (WHERE previous < month - 1) AS resurrecting
			FROM active GROUP BY month),
		dormant AS (SELECT month + 1 AS month, count(*) AS dormant FROM active WHERE next IS NULL OR next > month + 1 GROUP BY month + 1)
		SELECT month, coalesce(new, 0) AS new, coalesce("returning", 0) AS "returning", coalesce(resurrecting, 0) AS resurrecting, coalesce(dormant, 0) AS dormant
		FROM calendar LEFT JOIN counts USING (month) LEFT JOIN dormant USING (month) ORDER BY month`);
	return Object.fromEntries(result.map((r) => [monthLabel(Number(r.month)), [Number(r.new), Number(r.returning), Number(r.resurrecting), Number(r.dormant)]]));
}

const queries = { funnel, retention, paths, trend };
type Query = keyof typeof queries;

/**
 * Each query's first run after the table is loaded, unfiltered: timed as the agreement check asks for its numbers,
 * which comes first. What DuckDB-WASM's cold figure is; until 2026-12-02 it was the query's third run (latency's,
 * after the agreement check had run it unfiltered and filtered).
 */
const firstRunMs: Partial<Record<Query, number>> = {};
async function run<T>(name: Query, f: BenchFilter | null, query: (f: BenchFilter | null) => Promise<T>): Promise<T> {
	if (f !== null || firstRunMs[name] !== undefined) return query(f);
	const { ms, result } = await timed(() => query(f));
	firstRunMs[name] = ms;
	return result;
}

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
			for (const f of [null, filter]) out.push({ funnel: await run('funnel', f, funnel), retention: await run('retention', f, retention), paths: await run('paths', f, paths), trend: await run('trend', f, trend) });
			return out;
		},
		/**
		 * Cold: the first run of each query after loading (timed by `numbers`, which the runner calls first; else here);
		 * again: the same query run once more now; filtered: the same query with each filter.
		 */
		async latency(filters: BenchFilter[]) {
			const out: Record<string, { coldMs: number; againMs: number; filteredMs: number[] }> = {};
			for (const name of Object.keys(queries) as Query[]) {
				const query: (f: BenchFilter | null) => Promise<unknown> = queries[name];
				const again = await timed(() => run(name, null, query));
				const filteredMs: number[] = [];
				for (const f of filters) filteredMs.push((await timed(() => run(name, f, query))).ms);
				out[name] = { coldMs: firstRunMs[name]!, againMs: again.ms, filteredMs };
			}
			return out;
		}
	}
});
