/**
 * The command line and the site answer alike: `lifecycle-lens analyze --json` on the sample, and the engine worker's
 * API (the forwarding the worker exposes, run here in Node on the same table) asked the queries the dashboard asks
 * for the same options, give equal JSON for the funnel, stage table, status, flows, retention, trend and value. The
 * worker's value answer leaves out the concentration's id lists (`valueAnswer`: the page asks for them by drill-down);
 * the CLI prints them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { leadLifecycle, type LifecycleModel } from '../../src/lib/engine/model';
import { DEFAULT_QUERY_OPTIONS as D } from '../../src/lib/engine/queries';
import { valueAnswer } from '../../src/lib/engine/value-report';
import type { EventTable } from '../../src/lib/engine/table';
import { engineApi, type EngineApi } from '../../src/lib/worker/engine-api';
import { loadFile } from '../../src/cli/load';
import { templateById } from '../../src/lib/engine/model';
import { valueQuery } from '../../src/lib/state/queries';
import { decodeState, filterOf } from '../../src/lib/state/url';
import { withDefaults } from '../../src/lib/state/view-options';
import { readFile } from '../helpers/import';

const SAMPLE = 'static/samples/lead-lifecycle.csv';

/** The CLI's printed result, without the file and model it names. */
async function cliResult(...options: string[]) {
	let out = '';
	let err = '';
	const code = await main(['analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'funnel,flows,retention,trend,value', ...options], {
		out: (t) => (out += t),
		err: (t) => (err += t)
	});
	expect([code, err]).toEqual([0, '']);
	const { file: _file, model: _model, ...result } = JSON.parse(out);
	return result;
}

/** The CLI's result as the worker answers it: the same, without the value's id lists, which the CLI does print. */
function asWorkerAnswers(cli: Awaited<ReturnType<typeof cliResult>>) {
	expect(cli.value.concentration.top.length).toBeGreaterThan(0);
	expect(Array.isArray(cli.value.concentration.zeroOrNegative.ids)).toBe(true);
	return { ...cli, value: valueAnswer(cli.value) };
}

/** The same analyses from the engine worker's API, as the dashboard asks them; JSON as it would be printed. */
async function workerResult(
	api: EngineApi,
	o: { model: LifecycleModel; asOf?: number; mode: 'cumulative' | 'strict'; windowDays: number | null; period: 'day' | 'week' | 'month' } & {
		cohortStage: number;
		returnEvent: string | null;
		retentionMode: 'bounded' | 'unbounded';
		positions: number;
		horizonWeeks: number;
		yearlyDiscount: number;
	}
) {
	const base = { model: o.model, ...(o.asOf === undefined ? {} : { asOf: o.asOf }) };
	const lifecycle = await api.lifecycle('sample', { ...base, mode: o.mode, windowDays: o.windowDays });
	const flows = await api.paths('sample', { ...base, positions: o.positions, minShare: 0 });
	const retention = await api.retention('sample', { ...base, period: o.period, cohortStage: o.cohortStage, returnEvent: o.returnEvent, mode: o.retentionMode });
	const trend = await api.trend('sample', { ...base, period: o.period });
	const value = await api.value('sample', { ...base, horizonWeeks: o.horizonWeeks, yearlyDiscount: o.yearlyDiscount });
	return JSON.parse(JSON.stringify({ ...lifecycle, flows, retention, trend, value }));
}

describe('the CLI’s JSON equals the engine worker’s answers', () => {
	let api: EngineApi;
	let loads = 0;
	beforeAll(async () => {
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		api = engineApi(async (datasetId): Promise<EventTable> => {
			if (datasetId !== 'sample') throw new Error(`no dataset ${datasetId}`);
			loads++;
			return table;
		});
	}, 30_000);

	it('with the defaults', async () => {
		const cli = await cliResult();
		const worker = await workerResult(api, {
			model: leadLifecycle,
			mode: D.funnelMode,
			windowDays: D.windowDays,
			period: D.period,
			cohortStage: D.cohortStage,
			returnEvent: D.returnEvent,
			retentionMode: D.retentionMode,
			positions: D.flowPositions,
			horizonWeeks: D.horizonWeeks,
			yearlyDiscount: D.yearlyDiscount
		});
		expect(Object.keys(cli).sort()).toEqual(['asOf', 'flows', 'funnel', 'retention', 'stages', 'status', 'trend', 'value']);
		expect(asWorkerAnswers(cli)).toEqual(worker);
		expect(cli.funnel.steps[0].count).toBe(2_000);
	}, 60_000);

	it('with every option set', async () => {
		const cli = await cliResult(
			...['--as-of', '2025-10-31', '--mode', 'strict', '--window', '60', '--period', 'week', '--retention-mode', 'unbounded'],
			...['--cohort-stage', 'mql', '--return-event', 'webinar', '--positions', '5', '--horizon', '26', '--discount', '0.05']
		);
		const worker = await workerResult(api, {
			model: leadLifecycle,
			asOf: Date.UTC(2025, 9, 31, 23, 59, 59, 999),
			mode: 'strict',
			windowDays: 60,
			period: 'week',
			cohortStage: 2,
			returnEvent: 'webinar',
			retentionMode: 'unbounded',
			positions: 5,
			horizonWeeks: 26,
			yearlyDiscount: 0.05
		});
		expect(asWorkerAnswers(cli)).toEqual(worker);
		// The options took effect: another date, a narrower funnel, weekly cohorts of MQLs, five path positions.
		expect(cli.asOf).toBe(Date.UTC(2025, 9, 31, 23, 59, 59, 999));
		expect(cli.funnel.mode).toBe('strict');
		expect(cli.retention.period).toBe('week');
		expect(cli.retention.customers).toBeGreaterThan(0);
		expect(cli.retention.customers).toBeLessThan(cli.funnel.customers);
		expect(Math.max(...cli.flows.nodes.map((n: { position: number }) => n.position))).toBe(4);
		// The sample's buyers hardly drop out, so BG/NBD runs to its boundary and both sides say so (engine/fit-check.ts).
		expect(cli.value.prediction).toMatchObject({ ok: false, problem: { kind: 'no-fit', why: 'no-dropout' } });
		// One dataset, loaded once for every query.
		expect(loads).toBe(1);
	}, 60_000);

	it('for the drivers of a step, under a filter, an attribution and the funnel’s options', async () => {
		let out = '';
		const args = ['analyze', SAMPLE, '--model', 'lead', '--json', '--analysis', 'drivers', '--step', 'sql', '--mode', 'strict', '--window', '90'];
		const code = await main([...args, '--where', 'channel!=email', '--attribution', 'last'], { out: (t) => (out += t), err: () => undefined });
		expect(code).toBe(0);
		const cli = JSON.parse(out).drivers;
		const filter = { attributes: [{ name: 'channel', op: 'not' as const, values: ['email'] }], attribution: 'last' as const };
		const worker = await api.drivers('sample', { model: leadLifecycle, filter, mode: 'strict', windowDays: 90, stage: 'sql', attribution: 'last' });
		expect(cli).toEqual(JSON.parse(JSON.stringify(worker)));
		// The options took effect: fewer customers than the unfiltered cumulative funnel's, and candidates to show.
		const all = await api.drivers('sample', { model: leadLifecycle, mode: 'cumulative', windowDays: null, stage: 'sql' });
		expect(cli.converters + cli.nonConverters).toBeLessThan(all.converters + all.nonConverters);
		expect(cli.candidates.length).toBeGreaterThan(0);
		expect(cli.candidates.some((c: { name: string; value: string }) => c.name === 'channel' && c.value === 'email')).toBe(false);
	}, 60_000);

	it('for the lifetime value of a file the model fits (CDNOW sample), the horizon and discount from a link', async () => {
		// The dashboard's link with the value view's horizon (26 weeks) and discount (7% a year), as the view writes it.
		const { state } = decodeState(new URLSearchParams('v=1&ds=cdnow&model=status&view=value&vh=26&vd=0.07'));
		const options = withDefaults(state.options);
		expect([options.valueHorizon, options.valueDiscount]).toEqual([26, 0.07]);
		const columns = { delimiter: ' ', shape: 'orders' as const, customer: 'Column 2', time: 'Column 3', value: 'Column 5' };
		const file = 'tests/fixtures/cdnow/CDNOW_sample.txt.gz';
		let out = '';
		const code = await main(
			['analyze', file, '--model', 'status', '--json', '--analysis', 'value', '--delimiter', 'space', '--shape', 'orders', '--customer', 'Column 2', '--time', 'Column 3', '--value', 'Column 5', '--horizon', '26', '--discount', '0.07'],
			{ out: (t) => (out += t), err: () => undefined }
		);
		expect(code).toBe(0);
		const cli = JSON.parse(out).value;
		const { table } = await loadFile(file, columns);
		const cdnow = engineApi(async () => table);
		// The worker asked the value view's query, built from the link's options by the dashboard's query builder.
		const worker = await cdnow.value('cdnow', valueQuery(options, { model: templateById(state.model)!, filter: filterOf(options) }));
		expect(valueAnswer(cli)).toEqual(JSON.parse(JSON.stringify(worker)));
		// The model fits this file, so the answers compared hold every buyer's fitted CLV at the link's horizon.
		expect(cli.prediction).toMatchObject({ ok: true, customers: 2_357, horizonWeeks: 26 });
		expect(cli.prediction.expectedValue).toBeGreaterThan(0);
		// Both options reach the answer: a year ahead is worth more than half a year, and an undiscounted future more.
		const asked = (vh: number, vd: number) => cdnow.value('cdnow', valueQuery(withDefaults({ valueHorizon: vh, valueDiscount: vd }), { model: templateById('status')!, filter: {} }));
		const expected = async (vh: number, vd: number) => {
			const { prediction } = await asked(vh, vd);
			return prediction.ok ? prediction.expectedValue : null;
		};
		expect(await expected(52, 0.07)).toBeGreaterThan(cli.prediction.expectedValue);
		expect(await expected(26, 0)).toBeGreaterThan(cli.prediction.expectedValue);
		expect(await expected(26, 0.07)).toBe(cli.prediction.expectedValue);
	}, 60_000);
});
