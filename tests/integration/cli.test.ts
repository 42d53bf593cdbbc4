/**
 * The command-line tool: `analyze --json` prints exactly the engine's result objects for the file (the site's
 * worker asks the same engine session: cli-worker-agreement.test.ts), `sql` prints SQL DuckDB runs, and bad input or a bad command line gives a clear message
 * and a non-zero exit code. The last test builds the bundle and runs bin/lifecycle-lens.mjs as a user would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { classify } from '../../src/lib/engine/classify';
import { stagePaths } from '../../src/lib/engine/flows';
import { funnel } from '../../src/lib/engine/funnel';
import { clientStatus, journey5, leadLifecycle, phases6 } from '../../src/lib/engine/model';
import { retention } from '../../src/lib/engine/retention';
import { EngineSession } from '../../src/lib/engine/session';
import { stageTable } from '../../src/lib/engine/stage-table';
import { conditionalExpectedPurchases, expectedPurchases, probabilityAlive } from '../../src/lib/engine/bgnbd';
import { clv } from '../../src/lib/engine/gamma-gamma';
import { moneyEvents } from '../../src/lib/engine/purchases';
import { customerStatus } from '../../src/lib/engine/status';
import { lifecycleTrend } from '../../src/lib/engine/trend';
import { summaryForValue, valueReport } from '../../src/lib/engine/value-report';
import { loadFile } from '../../src/cli/load';
import { parseFunnelTable } from '../../src/lib/import/aggregate';
import { segmentFunnelsOf } from '../helpers/agreement';
import { eventsDb } from '../helpers/duckdb';
import { readFile } from '../helpers/import';

const SAMPLE = 'static/samples/lead-lifecycle.csv';
/** The vendored CDNOW 1-in-10 sample (tests/fixtures/README.md): no header, runs of spaces, dates as 19970101. */
const CDNOW_SAMPLE = 'tests/fixtures/cdnow/CDNOW_sample.txt.gz';
const CDNOW_COLUMNS = ['--delimiter', 'space', '--shape', 'orders', '--customer', 'Column 2', '--time', 'Column 3', '--value', 'Column 5'];

async function run(...argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
	return { code, out, err };
}

/** Typed arrays and NaN as JSON has them. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

const tempFile = (name: string, content: string) => {
	const path = join(mkdtempSync(join(tmpdir(), 'lens-cli-')), name);
	writeFileSync(path, content);
	return path;
};

describe('lifecycle-lens analyze', () => {
	it('prints the engine result objects as JSON for the sample', async () => {
		const { code, out, err } = await run('analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel,flows,retention,trend,value', '--period', 'week', '--mode', 'strict', '--window', '60');
		expect([code, err]).toEqual([0, '']);
		const printed = JSON.parse(out);

		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const model = leadLifecycle;
		const classification = classify(table, model);
		const status = customerStatus(table, classification, model.status!, null);
		const expected = {
			file: { name: 'lead-lifecycle.csv', shape: 'event-log', rowsRead: 20_673, events: 20_673, customers: 2_000, rejected: 0 },
			model: { id: 'lead', name: 'Lead lifecycle' },
			asOf: classification.asOf,
			funnel: funnel(classification, model, { mode: 'strict', windowDays: 60 }),
			stages: stageTable(table, classification, model, status, null),
			status: status.counts,
			flows: stagePaths(classification, model, { positions: 4, minShare: 0 }),
			retention: retention(table, { period: 'week', cohortTimes: classification.firstSeen, mode: 'bounded', end: classification.asOf }),
			trend: lifecycleTrend(table, 'week', null),
			value: valueReport(table, { asOf: classification.asOf, mask: null, horizonWeeks: 52, yearlyDiscount: 0.1 })
		};
		expect(printed).toEqual(asJson(expected));
		expect(printed.funnel.steps.map((s: { count: number }) => s.count)).toEqual(expected.funnel.steps.map((s) => s.count));
		expect(printed.funnel.steps[0].count).toBe(2_000);
	}, 30_000);

	it('takes the columns from --customer, --time and --event when detection cannot tell', async () => {
		const file = tempFile('odd.csv', 'who,when,what\nu1,2024-01-05,signup\nu1,2024-01-09,purchase\nu2,2024-01-06,signup\n');
		const { code, out } = await run('analyze', file, '--model', 'journey5', '--customer', 'who', '--time', 'when', '--event', 'what', '--analysis', 'funnel', '--json');
		expect(code).toBe(0);
		expect(JSON.parse(out).funnel.steps.map((s: { count: number }) => s.count)).toEqual([2, 2, 1, 0, 0]);
	});

	it('prints readable tables without --json', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'funnel');
		expect(code).toBe(0);
		expect(out).toContain('Funnel (cumulative; 2000 customers)');
		expect(out).toMatch(/Repeat customer\s+69\s+3\.5%/);
	});

	it('names the file, line and column of unreadable input and exits with 1', async () => {
		const file = tempFile('bad.csv', 'customer_id,timestamp,event\nc1,not a date,signup\nc2,31/31/2024,signup\n');
		// Detection finds no date column here: the message says which role is missing and the flag to set it.
		const detected = await run('analyze', file, '--model', 'lead');
		expect([detected.code, detected.out]).toEqual([1, '']);
		expect(detected.err).toContain('bad.csv: the columns chosen do not say which holds the timestamp');
		expect(detected.err).toContain('--time COLUMN');
		const { code, out, err } = await run('analyze', file, '--model', 'lead', '--time', 'timestamp');
		expect([code, out]).toEqual([1, '']);
		expect(err).toContain('bad.csv: none of the 2 rows could be read. First problem: line 2, column "timestamp": "not a date" is not a date');
	});

	it('reports rows left out on stderr and still analyses the rest', async () => {
		const file = tempFile('some-bad.csv', 'customer_id,timestamp,event\nc1,2024-01-01,lead\nc2,yesterday,lead\nc3,2024-01-02,lead\n');
		const { code, out, err } = await run('analyze', file, '--model', 'lead', '--json', '--analysis', 'funnel');
		expect(code).toBe(0);
		expect(err).toContain('1 of 3 rows left out');
		expect(err).toContain('line 3, column "timestamp"');
		expect(JSON.parse(out).funnel.steps.slice(0, 2).map((s: { count: number }) => s.count)).toEqual([2, 2]);
	});

	it('writes every rejected row to --rejects FILE as CSV, past the five the message shows', async () => {
		const rows = ['customer_id,timestamp,event', 'c1,2024-01-01,lead', ',2024-01-02,lead', 'c3,yesterday,lead', 'c4,2024-01-03,'];
		for (let i = 0; i < 5; i++) rows.push(`c${10 + i},"=bad, date ${i}",lead`);
		rows.push('c20,2024-03-01,lead', 'c21,2024-03-02');
		const file = tempFile('bad-rows.csv', rows.join('\n') + '\n');
		const rejectsFile = join(mkdtempSync(join(tmpdir(), 'lens-cli-')), 'rejects.csv');
		const { code, out, err } = await run('analyze', file, '--model', 'lead', '--json', '--analysis', 'funnel', '--time', 'timestamp', '--rejects', rejectsFile);
		expect([code, err.split('\n')[0]]).toEqual([0, 'bad-rows.csv: 9 of 11 rows left out (1 no customer id, 6 unreadable date, 1 no event name, 1 wrong number of fields):']);
		expect(err).toContain('9 of 11 rows left out');
		expect(err).toContain(`all 9 written to ${rejectsFile}`);
		expect(JSON.parse(out).file).toMatchObject({ rowsRead: 11, events: 2, rejected: 9 });
		const lines = readFileSync(rejectsFile, 'utf8').trimEnd().split('\n');
		expect(lines[0]).toBe('line,column,reason,message,raw');
		expect(lines).toHaveLength(1 + 9);
		expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '12']);
		expect(lines[1]).toBe('3,customer_id,no customer id,the customer id is empty,",2024-01-02,lead"');
		expect(lines[4]).toBe('6,timestamp,unreadable date,"""=bad, date 0"" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z","c10,""=bad, date 0"",lead"');
		expect(lines[9]).toBe('12,,wrong number of fields,"expected 3 fields, found 2","c21,2024-03-02"');
	});

	it('reads a semicolon file with --delimiter semicolon where detection would split on commas, and refuses an unknown delimiter', async () => {
		// Every line has more commas than semicolons: detected, the file splits on commas into the wrong columns.
		const file = tempFile('semi.txt', 'who;when;what,x,y,z\nu1;2024-01-05;signup,web,eu,a\nu1;2024-01-09;purchase,web,eu,b\nu2;2024-01-06;signup,app,us,c\n');
		const detected = await run('events', file);
		expect(detected.code).toBe(1);
		const columns = ['--customer', 'who', '--time', 'when', '--event', 'what,x,y,z'];
		const { code, out, err } = await run('analyze', file, '--model', 'journey5', '--delimiter', 'semicolon', ...columns, '--analysis', 'funnel', '--json');
		expect([code, err]).toEqual([0, '']);
		expect(JSON.parse(out).file).toMatchObject({ rowsRead: 3, events: 3, customers: 2, rejected: 0 });
		const { code: csvCode, out: csv } = await run('events', file, '--delimiter', ';', ...columns);
		expect(csvCode).toBe(0);
		expect(csv.trimEnd().split('\n').slice(1)).toEqual([
			'u1,2024-01-05T00:00:00.000Z,"signup,web,eu,a",',
			'u1,2024-01-09T00:00:00.000Z,"purchase,web,eu,b",',
			'u2,2024-01-06T00:00:00.000Z,"signup,app,us,c",'
		]);
		const wrong = await run('analyze', file, '--model', 'lead', '--delimiter', 'colon');
		expect(wrong.code).toBe(2);
		expect(wrong.err).toContain('--delimiter "colon": expected comma, semicolon, tab, pipe or space.');
	});

	it('a file that reads as one column under the --delimiter given is told the flag that splits it, not to name columns', async () => {
		const file = 'tests/fixtures/cdnow-master-head.txt';
		const { code, err } = await run('events', file, '--delimiter', 'comma');
		expect(code).toBe(1);
		expect(err).toContain('The file reads as one column; its header splits on runs of spaces');
		expect(err).toContain('On the command line, read it with --delimiter space.');
		expect(err).not.toContain('--customer COLUMN');
	});

	it('prints every fitted parameter, the log-likelihoods and E[X(t)] of a new customer, as the JSON has them (CDNOW sample)', async () => {
		const args = ['analyze', CDNOW_SAMPLE, '--model', 'journey5', '--analysis', 'value', ...CDNOW_COLUMNS];
		const [text, json] = await Promise.all([run(...args), run(...args, '--json')]);
		expect([text.code, json.code]).toEqual([0, 0]);
		const prediction = JSON.parse(json.out).value.prediction;
		expect(prediction).toMatchObject({ ok: true, customers: 2_357, gammaGammaProblem: null });
		const printed = (pattern: RegExp) => Number(text.out.match(pattern)?.[1]);
		const close = (shown: number, actual: number) => expect(Math.abs(shown - actual)).toBeLessThan(Math.abs(actual) * 1e-5);
		const { r, alpha, a, b, logLikelihood } = prediction.bgnbd;
		const bgnbdLine = /BG\/NBD: r (\S+), alpha (\S+), a (\S+), b (\S+); log-likelihood (\S+)\n/;
		expect(text.out).toMatch(bgnbdLine);
		[r, alpha, a, b, logLikelihood].forEach((value, i) => close(Number(text.out.match(bgnbdLine)![i + 1]), value));
		// Fader, Hardie and Lee (2005) report r 0.243, α 4.414, a 0.793, b 2.426 for this data in weeks.
		expect(r).toBeGreaterThan(0.2);
		expect(r).toBeLessThan(0.3);
		const gg = prediction.gammaGamma;
		const ggLine = /Gamma-Gamma \(\d+ customers\): p (\S+), q (\S+), v (\S+); log-likelihood (\S+)\n/;
		expect(text.out).toMatch(ggLine);
		[gg.p, gg.q, gg.v, gg.logLikelihood].forEach((value, i) => close(Number(text.out.match(ggLine)![i + 1]), value));
		close(printed(/E\[X\(t\)\], a new customer's expected purchases in 52 weeks: (\S+)\n/), expectedPurchases(prediction.bgnbd, 52));
	}, 60_000);

	it('prints why BG/NBD does not fit, with the parameters it stopped at, when fit-check flags the fit (lead sample)', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'value');
		const { value } = JSON.parse((await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'value', '--json')).out);
		expect(code).toBe(0);
		expect(value.prediction).toMatchObject({ ok: false, problem: { kind: 'no-fit', why: 'no-dropout' } });
		expect(out).toContain(`${value.prediction.message}\nBG/NBD: r `);
		const shownR = Number(out.match(/BG\/NBD: r (\S+),/)![1]);
		expect(Math.abs(shownR - value.prediction.problem.bgnbd.r)).toBeLessThan(value.prediction.problem.bgnbd.r * 1e-5);
		expect(out).toContain('(kept for the record, not used)');
		expect(out).not.toContain('E[X(t)]');
	}, 30_000);

	it('writes every customer\'s P(alive), expected purchases and CLV to --predictions FILE (CDNOW sample)', async () => {
		const path = join(mkdtempSync(join(tmpdir(), 'lens-cli-')), 'predictions.csv');
		const { code, out } = await run('analyze', CDNOW_SAMPLE, '--model', 'journey5', '--analysis', 'funnel', '--json', ...CDNOW_COLUMNS, '--predictions', path);
		expect(code).toBe(0);
		const prediction = JSON.parse(out).value.prediction;
		const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
		expect(header).toBe('customer_id,p_alive,expected_purchases,clv');
		expect(lines).toHaveLength(prediction.customers);
		expect(lines).toHaveLength(2_357);
		const rows = new Map(lines.map((l) => l.split(',')).map(([id, ...numbers]) => [id, numbers.map(Number)]));
		expect(rows.size).toBe(2_357);
		// The report's top customers are the engine's own predictions: the file has the same numbers for them.
		for (const top of prediction.top.slice(0, 2)) expect(rows.get(top.id)).toEqual([top.probabilityAlive, top.expectedPurchases, top.clv]);
		const sum = (k: number) => [...rows.values()].reduce((s, r) => s + r[k], 0);
		expect(sum(1)).toBeCloseTo(prediction.expectedPurchases, 6);
		expect(sum(2)).toBeCloseTo(prediction.expectedValue, 4);
		for (const [pAlive] of rows.values()) expect(pAlive >= 0 && pAlive <= 1).toBe(true);
		// And the engine functions on two customers' own purchase summaries give the file's numbers.
		const { table } = await loadFile(CDNOW_SAMPLE, { delimiter: ' ', shape: 'orders', customer: 'Column 2', time: 'Column 3', value: 'Column 5' });
		const summary = summaryForValue(table, JSON.parse(out).asOf, moneyEvents(table).purchases, null);
		const weeklyDiscount = Math.pow(1.1, 1 / 52) - 1;
		for (const k of [0, 100]) {
			const customer = { x: summary.x[k], tx: summary.tx[k], T: summary.T[k], mean: summary.mean[k] };
			expect(rows.get(table.customerIds[summary.customer[k]])).toEqual([
				probabilityAlive(prediction.bgnbd, customer.x, customer.tx, customer.T),
				conditionalExpectedPurchases(prediction.bgnbd, 52, customer.x, customer.tx, customer.T),
				clv(prediction.bgnbd, prediction.gammaGamma, customer, 52, weeklyDiscount)
			]);
		}
	}, 60_000);

	it('gives a customer with no purchase yet a row with empty cells in --predictions FILE', async () => {
		// The CDNOW sample and two customers whose only rows are refunds: customers of the file, never buyers.
		const dir = mkdtempSync(join(tmpdir(), 'lens-cli-'));
		const file = join(dir, 'cdnow-and-refunds.txt');
		const refundsOnly = ' 90001 9001 19970301  1  -14.96\n 90002 9002 19970410  2  -29.33\n';
		writeFileSync(file, gunzipSync(readFileSync(CDNOW_SAMPLE)).toString('utf8') + refundsOnly);
		const path = join(dir, 'predictions.csv');
		const { code } = await run('analyze', file, '--model', 'journey5', '--analysis', 'funnel', '--json', ...CDNOW_COLUMNS, '--predictions', path);
		expect(code).toBe(0);
		const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
		expect(header).toBe('customer_id,p_alive,expected_purchases,clv');
		expect(lines).toHaveLength(2_359);
		expect(lines.slice(-2)).toEqual(['9001,,,', '9002,,,']);
		expect(lines.filter((l) => l.endsWith(',,,'))).toHaveLength(2);
	}, 60_000);

	it('says why --predictions is not written when the model does not fit (lead sample)', async () => {
		const path = join(mkdtempSync(join(tmpdir(), 'lens-cli-')), 'predictions.csv');
		const { code, err } = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'value', '--predictions', path);
		expect(code).toBe(1);
		expect(err).toContain(`--predictions ${path}: not written: The lifetime-value model (BG/NBD) does not fit this data`);
		expect(existsSync(path)).toBe(false);
	}, 30_000);

	it('marks the last, incomplete period in the retention and trend tables, with a footnote', async () => {
		const args = ['analyze', SAMPLE, '--model', 'lead', '--analysis', 'retention,trend', '--period', 'month'];
		const [text, json] = await Promise.all([run(...args), run(...args, '--json')]);
		expect([text.code, json.code]).toEqual([0, 0]);
		const { retention, trend } = JSON.parse(json.out);
		const lines = text.out.split('\n');
		// Retention: one marked cell per cohort, the one whose period k is the partial one, and none elsewhere.
		for (const cohort of retention.cohorts) {
			const row = lines.find((l) => l.startsWith(`${cohort.label} `))!;
			const k = cohort.partial.indexOf(true);
			expect(k).toBe(cohort.counts.findLastIndex((c: number | null) => c !== null));
			expect(row.match(/\*/g)).toHaveLength(1);
			expect(row.split(/\s{2,}/)[2 + k]).toBe(`${(cohort.rates[k] * 100).toFixed(1)}% *`);
		}
		expect(retention.cohorts).toHaveLength(12);
		expect(text.out).toContain('* the last period, the one the data ends in: it may not have run its full length (left out of the average)');
		// Trend: only the last period is marked.
		const last = trend.periods.at(-1);
		expect(last.label).toBe('2025-12');
		const trendRows = lines.filter((l) => /^\d{4}-\d{2} (\*|\s)/.test(l) && lines.indexOf(l) > lines.findIndex((x) => x.startsWith('Lifecycle trend')));
		expect(trendRows).toHaveLength(trend.periods.length);
		expect(trendRows.filter((l) => l.includes('*'))).toEqual([trendRows.at(-1)]);
		expect(trendRows.at(-1)!.split(/\s+/)).toEqual(['2025-12', '*', String(last.new), String(last.returning), String(last.resurrecting), String(last.dormant), String(last.active)]);
		expect(text.out.trimEnd().endsWith('* the last period, the one the data ends in: it may not have run its full length')).toBe(true);
	}, 30_000);

	it('filters every analysis by --where, --attribution, --did, --did-not, value and first-seen flags, as the session does', async () => {
		// The five customers of tests/unit/engine/filters-breakdowns.test.ts.
		const csv = [
			'customer_id,timestamp,event,value,channel,country',
			'ann,2025-01-01T00:00:00Z,visit,,email,DE',
			'ann,2025-01-03T00:00:00Z,lead,,ads,DE',
			'ann,2025-02-01T00:00:00Z,purchase,100,ads,FR',
			'bob,2025-01-20T00:00:00Z,visit,,ads,US',
			'bob,2025-01-25T00:00:00Z,lead,,email,US',
			'cid,2025-02-02T00:00:00Z,lead,,social,DE',
			'cid,2025-02-10T00:00:00Z,purchase,30,social,DE',
			'cid,2025-02-11T00:00:00Z,refund,-30,social,DE',
			'dee,2025-02-05T00:00:00Z,visit,,email,',
			'eve,2025-03-01T00:00:00Z,purchase,250,ads,FR'
		].join('\n');
		const path = tempFile('five.csv', csv + '\n');
		// Ten rows are too few for channel and country to be detected as attributes.
		const columns = ['--attribute', 'channel', '--attribute', 'country'];
		const customers = async (...flags: string[]) => {
			const { code, out, err } = await run('analyze', path, '--model', 'lead', '--json', '--analysis', 'funnel,trend', ...columns, ...flags);
			expect([code, err]).toEqual([0, '']);
			return JSON.parse(out).funnel.customers as number;
		};
		expect(await customers()).toBe(5);
		// cid and eve: first seen from February, bought, did not come by email.
		expect(await customers('--from', '2025-02-01', '--did', 'purchase', '--where', 'channel!=email')).toBe(2);
		// bob and dee were last seen by email.
		expect(await customers('--where', 'channel=email', '--attribution', 'last')).toBe(2);
		// bob, cid: became leads by email or social.
		expect(await customers('--where', 'channel=email,social', '--attribution', 'stage:lead')).toBe(2);
		// ann and eve are worth 50 or more; bob and dee never bought; ann alone is worth exactly 100 and came from DE.
		expect(await customers('--min-value', '50')).toBe(2);
		expect(await customers('--did-not', 'purchase')).toBe(2);
		expect(await customers('--min-value', '100', '--max-value', '100', '--where', 'country=DE', '--to', '2025-01-31')).toBe(1);

		const { out } = await run('analyze', path, '--model', 'lead', '--json', '--analysis', 'funnel,trend', ...columns, '--where', 'channel!=email', '--did', 'purchase');
		const { table } = await loadFile(path, { attributes: ['channel', 'country'] });
		const filter = { attributes: [{ name: 'channel', op: 'not' as const, values: ['email'] }], events: [{ event: 'purchase', did: true }] };
		const session = new EngineSession(table);
		const printed = JSON.parse(out);
		expect(printed.funnel).toEqual(asJson(session.lifecycle({ model: leadLifecycle, filter, mode: 'cumulative', windowDays: null }).funnel));
		expect(printed.trend).toEqual(asJson(session.trend({ model: leadLifecycle, filter, period: 'month' })));

		for (const [flags, message] of [
			[['--where', 'channel'], /--where channel: expected ATTRIBUTE=VALUE/],
			[['--where', 'plan=pro'], /the file has no attribute "plan"; its attributes: channel, country/],
			[['--attribution', 'middle'], /--attribution middle: expected first, last or stage:STAGE_ID/],
			[['--min-value', 'lots'], /--min-value lots: expected a number/],
			[['--from', '2025-13-01'], /--from 2025-13-01: expected a day/]
		] as const) {
			const result = await run('analyze', path, '--model', 'lead', ...columns, ...flags);
			expect(result.code).toBe(2);
			expect(result.err).toMatch(message);
		}
	});

	it('rejects a missing file (1), a wrong model (2) and an invalid model file (1)', async () => {
		expect(await run('analyze', 'no/such.csv', '--model', 'lead')).toMatchObject({ code: 1, err: 'no/such.csv: no such file.\n' });
		const wrong = await run('analyze', SAMPLE, '--model', 'nope');
		expect(wrong.code).toBe(2);
		expect(wrong.err).toContain('expected lead, journey5, phases6, status, discovery or a model .json file');
		const invalid = await run('analyze', SAMPLE, '--model', tempFile('m.json', JSON.stringify({ id: 'x', name: 'x', stages: [], progression: 'sideways' })));
		expect(invalid.code).toBe(1);
		expect(invalid.err).toContain('not a valid lifecycle model');
		expect((await run('analyze', SAMPLE, '--model', 'lead', '--period', 'year')).code).toBe(2);
		expect((await run('frobnicate')).code).toBe(2);
	});

	it('accepts a model file, as the site exports it', async () => {
		const file = tempFile('journey.json', JSON.stringify(journey5));
		const { code, out } = await run('analyze', SAMPLE, '--model', file, '--analysis', 'funnel', '--json');
		expect(code).toBe(0);
		expect(JSON.parse(out).model.id).toBe('journey5');
	});
});

describe('the funnel options on the command line (issue 24)', () => {
	const flags = ['--window', '2000', '--window-unit', 'hour', '--step-window', 'sql:7', '--step-window', '2:30', '--exclude', 'lead:sqo:webinar'];
	const query = { model: leadLifecycle, mode: 'cumulative' as const, windowDays: 2000, windowUnit: 'hour' as const, stepWindows: [{ stage: 3, within: 7 }, { stage: 2, within: 30 }], exclusions: [{ event: 'webinar', from: 1, to: 4 }] };

	it('analyze: --window-unit, --step-window and --exclude ask the session the site asks', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel', ...flags);
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const engine = new EngineSession(table).lifecycle(query).funnel;
		expect(JSON.parse(out).funnel).toEqual(engine);
		expect(engine.steps.some((s) => (s.excluded ?? 0) > 0)).toBe(true);
		const text = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'funnel', ...flags);
		expect(text.out).toMatch(/Funnel \(cumulative, within 2000 hours; \d+ customers\)/);
		expect(text.out).toContain('of which excluded');
	});

	it('sql: the same options give a funnel query DuckDB runs to the same funnel', async () => {
		const { code, out } = await run('sql', '--model', 'lead', '--only', 'funnel', ...flags);
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const db = await eventsDb(table);
		try {
			expect(parseFunnelTable(await db.csv(out.trim().replace(/;$/, '')))).toEqual(new EngineSession(table).lifecycle(query).funnel);
		} finally {
			await db.close();
		}
	});

	it.each([
		[['--window-unit', 'month'], '--window-unit month: expected hour, day, week.'],
		[['--step-window', 'sql'], '--step-window sql: expected STAGE:N, N a whole number of at least 1.'],
		[['--step-window', 'nope:3'], '--step-window nope: expected one of prospect, lead, mql, sql, sqo, customer, repeat (or an index from 0).'],
		[['--exclude', 'sql:mql:webinar'], '--exclude sql:mql:webinar: expected FROM:TO:EVENT, stage FROM before stage TO.'],
		[['--exclude', 'lead:sql'], '--exclude lead:sql: expected FROM:TO:EVENT, stage FROM before stage TO.']
	])('refuses %j with exit code 2 and says what it expected', async (bad, message) => {
		const { code, err } = await run('sql', '--model', 'lead', '--only', 'funnel', ...bad);
		expect(code).toBe(2);
		expect(err).toContain(message);
	});
});

describe('breakdowns and filters on the command line (issue 24)', () => {
	const breakdown = { attribute: 'channel', top: 2 };
	const filter = { attributes: [{ name: 'channel', op: 'not' as const, values: ['email'] }], events: [{ event: 'webinar', did: true }] };
	const flags = ['--where', 'channel!=email', '--did', 'webinar', '--breakdown', 'channel', '--top', '2'];

	it('analyze --breakdown ATTR --top N asks the session for every analysis per segment, under the filter', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel,flows,retention,trend,value', ...flags);
		expect(code).toBe(0);
		const json = JSON.parse(out);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const session = new EngineSession(table);
		const base = { model: leadLifecycle, filter };
		const funnelQuery = { ...base, mode: 'cumulative' as const, windowDays: null };
		const retentionQuery = { ...base, period: 'month' as const, cohortStage: -1, returnEvent: null, mode: 'bounded' as const };
		const valueQuery = { ...base, horizonWeeks: 52, yearlyDiscount: 0.1 };
		const plain = <T>(x: T) => JSON.parse(JSON.stringify(x));
		expect(json.segments).toEqual(
			plain({
				funnel: session.breakdown({ ...funnelQuery, ...breakdown }),
				retention: session.retentionBySegment({ ...retentionQuery, breakdown }),
				trend: session.trendBySegment({ ...base, period: 'month', breakdown }),
				value: session.valueBySegment({ ...valueQuery, breakdown })
			})
		);
		expect(json.flows).toEqual(plain(session.paths({ ...base, positions: 4, minShare: 0, breakdown })));
		// Two channels and "Other", whose customers add up to the filtered funnel's; every link's segments to the link.
		const groups = json.segments.funnel.groups as { value: string; funnel: { customers: number } }[];
		expect(groups.map((g) => g.value)).toHaveLength(3);
		expect(groups.at(-1)!.value).toBe('Other');
		expect(groups.reduce((n, g) => n + g.funnel.customers, 0)).toBe(json.funnel.steps[0].count);
		expect(json.funnel.steps[0].count).toBeLessThan(2000);
		for (const link of json.flows.links as { customers: number; bySegment: number[] }[]) expect(link.bySegment.reduce((a, b) => a + b, 0)).toBe(link.customers);

		const text = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'funnel,flows,retention,trend,value', ...flags);
		expect(text.code).toBe(0);
		for (const title of ['Funnel by channel', 'Stage paths by segment', 'Retention by channel', 'Active customers by month and channel', 'Value by channel', 'RFM segments by channel']) expect(text.out).toContain(title);
		expect(text.out).toMatch(new RegExp(`\\nOther +${groups.at(-1)!.funnel.customers} `));
	});

	it.each([
		[['--breakdown', 'country'], '--breakdown country: the file has no attribute "country"; its attributes: channel.'],
		[['--breakdown', 'channel', '--top', '0'], '--top 0: expected a whole number from 1 to 20.'],
		[['--top', '3'], '--top 3: give --breakdown ATTRIBUTE too.']
	])('refuses %j with exit code 2 and says why', async (bad, message) => {
		const { code, err } = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'funnel', ...bad);
		expect(code).toBe(2);
		expect(err).toContain(message);
	});

	it('sql --where/--did/--attribution: DuckDB runs the filtered funnel to the engine’s', async () => {
		const { code, out } = await run('sql', '--model', 'lead', '--only', 'funnel', '--where', 'channel!=email', '--did', 'webinar', '--attribution', 'last');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const db = await eventsDb(table);
		try {
			const engine = new EngineSession(table).lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, filter: { ...filter, attribution: 'last' } }).funnel;
			expect(parseFunnelTable(await db.csv(out.trim().replace(/;$/, '')))).toEqual(engine);
			expect(engine.customers).toBeLessThan(2000);
		} finally {
			await db.close();
		}
	});
});

describe('sql --breakdown on the command line (issue 24)', () => {
	it('sql --breakdown --top: DuckDB runs the funnel of each segment to the engine’s, "Other" included', async () => {
		const { code, out } = await run('sql', '--model', 'lead', '--only', 'funnel', '--breakdown', 'channel', '--top', '2', '--did', 'webinar');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const db = await eventsDb(table);
		try {
			const engine = new EngineSession(table).breakdown({ model: leadLifecycle, mode: 'cumulative', windowDays: null, filter: { events: [{ event: 'webinar', did: true }] }, attribute: 'channel', top: 2 });
			expect(await segmentFunnelsOf(db, out.trim().replace(/;$/, ''))).toEqual(engine.groups);
			expect(engine.groups.map((g) => g.value).at(-1)).toBe('Other');
		} finally {
			await db.close();
		}
	});

	it('refuses --top without --breakdown, with exit code 2', async () => {
		const { code, err } = await run('sql', '--model', 'lead', '--top', '3');
		expect(code).toBe(2);
		expect(err).toContain('--top 3: give --breakdown ATTRIBUTE too.');
	});
});

describe('counting by entries on the command line (issue 24)', () => {
	it('analyze --count entries asks the session the site asks: the client status’s won-back clients enter Active again', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'status', '--json', '--analysis', 'funnel', '--count', 'entries');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const { funnel, stages } = new EngineSession(table).lifecycle({ model: clientStatus, mode: 'cumulative', windowDays: null, counting: 'entries' });
		const json = JSON.parse(out);
		expect(json.funnel).toEqual(asJson(funnel));
		expect(json.stages).toEqual(asJson(stages));
		// Real numbers: clients won back came into Active again, so Active holds more entries than customers.
		const active = funnel.steps[1];
		expect(active.entries!).toBeGreaterThan(active.count);
		const text = await run('analyze', SAMPLE, '--model', 'status', '--analysis', 'funnel', '--count', 'entries');
		expect(text.out).toMatch(/Funnel \(cumulative, by entries; 2000 customers\)/);
		expect(text.out).toContain('median cumulative time');
	});

	it('refuses --count for anything else, in analyze and sql, with exit code 2', async () => {
		for (const command of [['analyze', SAMPLE], ['sql']]) {
			const bad = await run(...command, '--model', 'status', '--count', 'sessions');
			expect(bad.code).toBe(2);
			expect(bad.err).toContain('--count sessions: expected customers, entries.');
		}
	});

	it('sql --count entries: DuckDB runs the funnel by entries to the engine’s, won-back clients entering Active again', async () => {
		const { code, out } = await run('sql', '--model', 'status', '--only', 'funnel', '--count', 'entries');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const db = await eventsDb(table);
		try {
			const engine = new EngineSession(table).lifecycle({ model: clientStatus, mode: 'cumulative', windowDays: null, counting: 'entries' }).funnel;
			expect(parseFunnelTable(await db.csv(out.trim().replace(/;$/, '')))).toEqual(engine);
			expect(engine.steps[1].entries!).toBeGreaterThan(engine.steps[1].count);
		} finally {
			await db.close();
		}
	});
});

describe('retention brackets on the command line (issue 24)', () => {
	it('analyze --brackets asks the session for the brackets, "on or after" with --retention-mode unbounded, and labels the columns', async () => {
		const args = ['analyze', SAMPLE, '--model', 'lead', '--analysis', 'retention', '--period', 'day', '--retention-mode', 'unbounded', '--brackets', '0,1,8,31,91'];
		const json = await run(...args, '--json');
		expect(json.code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const engine = new EngineSession(table).retention({ model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'unbounded', brackets: [0, 1, 8, 31, 91] });
		expect(JSON.parse(json.out).retention).toEqual(engine);
		expect((await run(...args)).out).toMatch(/cohort +size +\+0 +\+1-7 +\+8-30 +\+31-90 +\+91 on\n/);
	});

	it('refuses brackets that are not whole, ascending numbers', async () => {
		const { code, err } = await run('sql', '--model', 'lead', '--only', 'retention', '--brackets', '0,8,1');
		expect(code).toBe(2);
		expect(err).toContain('--brackets 0,8,1: expected whole numbers from 0 up, ascending, separated by commas (0,1,8,31).');
	});
});

describe('lifecycle-lens sql', () => {
	it('prints a funnel query that DuckDB runs to the engine funnel', async () => {
		const { code, out } = await run('sql', '--model', 'phases6', '--only', 'funnel', '--mode', 'strict', '--window', '90');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const db = await eventsDb(table);
		try {
			const csv = await db.csv(out.trim().replace(/;$/, ''));
			const engine = funnel(classify(table, phases6), phases6, { mode: 'strict', windowDays: 90 });
			expect(parseFunnelTable(csv)).toEqual(engine);
		} finally {
			await db.close();
		}
	});

	it('writes every dialect, and the whole script by default', async () => {
		for (const dialect of ['duckdb', 'bigquery', 'spark']) {
			const { code, out } = await run('sql', '--model', 'lead', '--dialect', dialect, '--table', 'my-proj.lens.events');
			expect(code).toBe(0);
			expect(out.match(/^-- (Classification|Funnel|Cohort retention)/gm)).toHaveLength(3);
			const quote = dialect === 'duckdb' ? '"' : '`';
			expect(out).toContain(`FROM ${['my-proj', 'lens', 'events'].map((part) => quote + part + quote).join('.')}\n`);
		}
		expect((await run('sql', '--model', 'lead', '--dialect', 'oracle')).code).toBe(2);
	});

	it('asks BigQuery for the dataset of the table, which has no default there', async () => {
		const bare = await run('sql', '--model', 'lead', '--dialect', 'bigquery');
		expect(bare.code).toBe(2);
		expect(bare.err).toContain('--table: BigQuery needs the table\'s dataset: dataset.events or project.dataset.events');
		expect((await run('sql', '--model', 'lead', '--dialect', 'bigquery', '--table', 'lens.events')).code).toBe(0);
		expect((await run('sql', '--model', 'lead', '--table', 'lens..events')).code).toBe(2);
	});
});

describe('the built command', () => {
	it('builds with build:cli and runs from bin/lifecycle-lens.mjs', async () => {
		await build({ configFile: 'vite.config.cli.ts', logLevel: 'silent' });
		const cli = spawnSync(process.execPath, ['bin/lifecycle-lens.mjs', 'analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel,retention'], { encoding: 'utf8' });
		expect([cli.status, cli.stderr]).toEqual([0, '']);
		const direct = await run('analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel,retention');
		expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(direct.out));
		const help = spawnSync(process.execPath, ['bin/lifecycle-lens.mjs', '--help'], { encoding: 'utf8' });
		expect(help.status).toBe(0);
		expect(help.stdout).toContain('lifecycle-lens analyze FILE --model MODEL');
	}, 60_000);
});

describe('drivers on the command line (issue 25, part 3)', () => {
	it('analyze --step STAGE prints the drivers table under its notes, the numbers the session gives', async () => {
		const { code, out } = await run('analyze', SAMPLE, '--model', 'lead', '--analysis', 'drivers', '--step', 'mql');
		expect(code).toBe(0);
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		const result = new EngineSession(table).drivers({ model: leadLifecycle, mode: 'cumulative', windowDays: null, stage: 'mql' });
		expect(out).toContain(`Why did they convert? mql (from lead): ${result.converters} converters, ${result.nonConverters} stopped at lead`);
		expect(out).toContain('This shows correlation, not cause.');
		expect(out).toContain(`${result.hidden} candidate${result.hidden === 1 ? '' : 's'} hidden (fewer than 30 converters or 30 who stopped have them, or fewer than 30 lack them).`);
		// One line per shown candidate, in the session's order, with its four cells.
		const first = result.candidates[0];
		const cells = [first.convertedWith, first.stoppedWith, first.convertedWithout, first.stoppedWithout].join(' +');
		expect(out).toMatch(new RegExp(`\\n${first.kind === 'event' ? `did ${first.name} \\(by lead\\)` : `${first.name} = ${first.value}`} +[0-9.]+ +[0-9.]+ to [0-9.]+ +${cells}\\n`));
		expect(out.split('\n').filter((line) => /^(did |channel = )/.test(line))).toHaveLength(result.candidates.length);
		// --analysis drivers alone prints no other analysis.
		expect(out).not.toContain('Funnel (');
	});

	it.each([
		[['--analysis', 'drivers'], '--analysis drivers: give the funnel step with --step STAGE (id or index).'],
		[['--step', 'prospect'], '--step prospect: expected a step after the first, one of lead, mql, sql, sqo, customer, repeat.'],
		[['--step', 'nope'], '--step nope: expected one of prospect, lead, mql, sql, sqo, customer, repeat (or an index from 0).']
	])('refuses %j with exit code 2 and says why', async (bad, message) => {
		const { code, err } = await run('analyze', SAMPLE, '--model', 'lead', ...bad);
		expect(code).toBe(2);
		expect(err).toContain(message);
	});
});
