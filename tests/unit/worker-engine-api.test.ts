/**
 * The engine worker's forwarding (worker/engine-api.ts), in Node: one load per dataset, a failed load tried again,
 * answers in the order asked with the pickers' description after the charts, forget letting a dataset go, and a table
 * read in two steps answering the first charts before its attributes and customer ids are read, as it does after.
 */
import { describe, expect, it, vi } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession, type LifecycleResult } from '../../src/lib/engine/session';
import { withoutTimes } from '../../src/lib/engine/funnel';
import { completeTable, EventTableBuilder, tableOfRunsAndTimes, withFirstColumns, type EventTable } from '../../src/lib/engine/table';
import { answerableFirst, answerableFromTimes, engineApi } from '../../src/lib/worker/engine-api';
import { day, tableOf } from '../helpers/tables';

const table = tableOf([
	['a', day(1), 'lead'],
	['a', day(3), 'MQL'],
	['b', day(2), 'lead'],
	['c', day(4), 'page_view']
]);
const query = { model: leadLifecycle, mode: 'cumulative' as const, windowDays: null };

function counting(load: (datasetId: string) => Promise<EventTable> = async () => table) {
	const loads: string[] = [];
	const api = engineApi((datasetId) => {
		loads.push(datasetId);
		return load(datasetId);
	});
	return { api, loads };
}

describe('engine API', () => {
	it('answers as the session does, loading each dataset once while it is the one looked at', async () => {
		const { api, loads } = counting();
		const result = await api.lifecycle('one', query);
		expect(result).toEqual(new EngineSession(table).lifecycle(query));
		expect(result.funnel.steps.slice(0, 3).map((s) => s.count)).toEqual([3, 2, 1]);
		await api.trend('one', { model: leadLifecycle, period: 'day' });
		expect(loads).toEqual(['one']);
		await api.describe('two');
		await api.describe('one');
		expect(loads).toEqual(['one', 'two', 'one']);
		api.forget('one');
		await api.customers('one', query, { kind: 'step', step: 1 }).then((list) => expect(list.rows.map((r) => r.id)).toEqual(['a', 'b']));
		expect(loads).toEqual(['one', 'two', 'one', 'one']);
	});

	it('answers on a table just imported without loading it, until another dataset is looked at', async () => {
		const { api, loads } = counting();
		api.adopt('new', table);
		expect(await api.lifecycle('new', query)).toEqual(new EngineSession(table).lifecycle(query));
		expect((await api.keyFigures('new', query)).customers).toBe(3);
		expect(loads).toEqual([]);
		await api.describe('other');
		await api.describe('new');
		expect(loads).toEqual(['other', 'new']);
	});

	it('works out the model to open on in the task after a hand-off, so that the ask finds it done; a dropped table is let go', async () => {
		const { api, loads } = counting();
		const cold = new EngineSession(table).recommendModel('event-log');
		const early = vi.spyOn(EngineSession.prototype, 'recommendModel');
		const classified = vi.spyOn(EngineSession.prototype, 'classification');
		try {
			api.adopt('new', table, 'event-log');
			expect(early).not.toHaveBeenCalled();
			await new Promise((resume) => setTimeout(resume, 0));
			expect(early.mock.calls).toEqual([['event-log']]);
			const classifiedEarly = classified.mock.calls.length;
			expect(classifiedEarly).toBeGreaterThan(0);
			// Asked, it is answered as a session asked cold answers, and nothing more is classified.
			expect(await api.recommendModel('new', 'event-log')).toEqual(cold);
			expect(classified.mock.calls.length).toBe(classifiedEarly);
			expect(loads).toEqual([]);
			api.forget('new');
			await api.describe('new');
			expect(loads).toEqual(['new']);
		} finally {
			early.mockRestore();
			classified.mockRestore();
		}
	});

	it("answers the value report without the concentration's id lists, which grow with the customers; a drill-down still lists them", async () => {
		// Ten customers: four buyers (e, f, g, h), six who never bought (a-d, i, j).
		const buyers: [string, number][] = [['e', 5], ['f', 40], ['g', 12], ['h', 3]];
		const valued = tableOf([
			...['a', 'b', 'c', 'd', 'i', 'j'].map((id, k): [string, number, string] => [id, day(1 + k), 'page_view']),
			...buyers.map(([id, value], k): [string, number, string, number] => [id, day(2 + k), 'purchase', value])
		]);
		const { api } = counting(async () => valued);
		const valueQuery = { model: leadLifecycle, asOf: day(20), horizonWeeks: 52, yearlyDiscount: 0.1 };
		const answer = await api.value('v', valueQuery);
		const report = new EngineSession(valued).value(valueQuery);
		expect(report.concentration.top).toEqual(['f', 'g']);
		expect(report.concentration.zeroOrNegative.ids).toHaveLength(6);
		expect(answer.concentration).not.toHaveProperty('top');
		expect(answer.concentration.zeroOrNegative).toEqual({ customers: 6 });
		const { top: _top, zeroOrNegative: _none, ...shares } = report.concentration;
		expect(answer).toEqual({ ...report, concentration: { ...shares, zeroOrNegative: { customers: 6 } } });
		// What the page drills into comes from the worker, which has the lists.
		const top = await api.customers('v', valueQuery, { kind: 'value-group', group: 'top' });
		expect(top.rows.map((r) => r.id).sort()).toEqual(['f', 'g']);
		expect((await api.customers('v', valueQuery, { kind: 'value-group', group: 'zero-or-negative' })).total).toBe(6);
	});

	it('tries a failed load again on the next query', async () => {
		let attempts = 0;
		const { api } = counting(async () => {
			if (attempts++ === 0) throw new Error('storage is busy');
			return table;
		});
		await expect(api.lifecycle('one', query)).rejects.toThrow('storage is busy');
		expect((await api.lifecycle('one', query)).funnel.customers).toBe(3);
		expect(attempts).toBe(2);
	});

	it('answers in the order asked, the description after the charts asked with it', async () => {
		const { api } = counting();
		const answered: string[] = [];
		await Promise.all([
			api.describe('one').then(() => answered.push('describe')),
			api.lifecycleFunnel('one', query).then(() => answered.push('lifecycleFunnel')),
			api.lifecycle('one', query).then(() => answered.push('lifecycle')),
			api.paths('one', { model: leadLifecycle, positions: 3, minShare: 0 }).then(() => answered.push('paths')),
			api.retention('one', { model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'bounded' }).then(() => answered.push('retention'))
		]);
		expect(answered).toEqual(['lifecycleFunnel', 'lifecycle', 'paths', 'retention', 'describe']);
	});

	it("answers a link's first funnel before the queries asked after it, though its dataset is found later; null when none is", async () => {
		const { api, loads } = counting();
		let found: (id: string | undefined) => void = () => {};
		const lookup = new Promise<string | undefined>((resolve) => (found = resolve));
		const answered: string[] = [];
		const first = api.firstFunnel(lookup, query).then((answer) => {
			answered.push('first');
			return answer;
		});
		const figures = api.keyFigures('one', query).then(() => answered.push('keyFigures'));
		await new Promise((resume) => setTimeout(resume, 10));
		expect(answered).toEqual([]);
		found('one');
		await Promise.all([first, figures]);
		expect(answered).toEqual(['first', 'keyFigures']);
		expect(await first).toEqual({ datasetId: 'one', result: new EngineSession(table).lifecycleFunnel(query) });
		expect(loads).toEqual(['one']);
		expect(await api.firstFunnel(Promise.resolve(undefined), query)).toBeNull();
		expect(loads).toEqual(['one']);
	});

	it('compares two datasets holding those two only, reusing the one looked at, and drills into the comparison', async () => {
		const later = tableOf([
			['a', day(1), 'lead'],
			['a', day(3), 'MQL'],
			['a', day(9), 'SQL'],
			['b', day(2), 'lead'],
			['d', day(8), 'lead']
		]);
		const { api, loads } = counting(async (datasetId) => (datasetId === 'april' ? later : table));
		await api.lifecycle('march', query);
		const compareQuery = { model: leadLifecycle };
		const result = await api.compare('march', 'april', compareQuery);
		expect(Object.fromEntries(result.categories.map((c) => [c.category, c.customers]))).toMatchObject({ new: 1, disappeared: 1, forward: 1, unchanged: 1 });
		expect((await api.comparedCustomers('march', 'april', compareQuery, { kind: 'category', category: 'forward' })).rows.map((r) => r.id)).toEqual(['a']);
		expect((await api.comparedCustomers('march', 'april', compareQuery, { kind: 'category', category: 'new' })).rows.map((r) => r.id)).toEqual(['d']);
		// The page asks for a screenful: the total, and no more rows than asked.
		expect(await api.comparedCustomers('march', 'april', compareQuery, { kind: 'category', category: 'new' }, 0)).toEqual({ total: 1, rows: [] });
		// March was in memory: only April was loaded; going back to either dataset's dashboard loads nothing.
		expect(loads).toEqual(['march', 'april']);
		await api.lifecycle('april', query);
		expect(loads).toEqual(['march', 'april']);
		// The comparison let go of March: comparing again loads it.
		await api.compare('march', 'april', compareQuery);
		expect(loads).toEqual(['march', 'april', 'march']);
	});
});

describe('a table read in two steps (store/datasets.ts, readColumnsInTwo)', () => {
	// Three channels, purchases with values, customers entering each stage at different times.
	const builder = new EventTableBuilder(['channel']);
	const rows: [string, number, string, number, string][] = [
		['a', day(1), 'lead', NaN, 'email'], ['a', day(3), 'MQL', NaN, 'email'], ['a', day(9), 'purchase', 120, 'ads'], ['a', day(40), 'purchase', 80, 'ads'],
		['b', day(2), 'lead', NaN, 'ads'], ['b', day(5), 'SQL', NaN, 'ads'], ['b', day(33), 'page_view', NaN, 'ads'],
		['c', day(4), 'page_view', NaN, 'direct'], ['c', day(50), 'purchase', 30, 'direct'],
		['d', day(20), 'lead', NaN, 'email'], ['d', day(21), 'MQL', NaN, 'email'], ['d', day(22), 'SQL', NaN, 'email'], ['d', day(61), 'refund', -20, 'email']
	];
	for (const [customer, time, event, value, channel] of rows) builder.add(customer, time, event, value, [channel]);
	const whole = builder.build();
	const base = { model: leadLifecycle };
	const first = {
		lifecycleFunnel: (api: Api) => api.lifecycleFunnel('d', query),
		lifecycle: (api: Api) => api.lifecycle('d', query),
		keyFigures: (api: Api) => api.keyFigures('d', query),
		retention: (api: Api) => api.retention('d', { ...base, period: 'week', cohortStage: -1, returnEvent: null, mode: 'bounded' }),
		paths: (api: Api) => api.paths('d', { ...base, positions: 4, minShare: 0 }),
		trend: (api: Api) => api.trend('d', { ...base, period: 'week' }),
		conversionOverTime: (api: Api) => api.conversionOverTime('d', { ...query, period: 'week' }),
		filteredByValue: (api: Api) => api.lifecycle('d', { ...query, filter: { value: { min: 50 } } })
	};
	const later = {
		byChannel: (api: Api) => api.lifecycle('d', { ...query, filter: { attributes: [{ name: 'channel', values: ['email'] }] } }),
		breakdown: (api: Api) => api.breakdown('d', { ...query, attribute: 'channel' }),
		customers: (api: Api) => api.customers('d', query, { kind: 'step', step: 1 }),
		describe: (api: Api) => api.describe('d'),
		value: (api: Api) => api.value('d', { ...base, horizonWeeks: 52, yearlyDiscount: 0.1 })
	};
	type Api = ReturnType<typeof engineApi>;

	function twoSteps() {
		// The first columns as readColumnsInTwo gives them: no attributes, and as many customer ids as customers, unread.
		const table: EventTable = { ...whole, customerIds: new Array<string>(whole.customerIds.length), attributes: [] };
		let release: () => void = () => {};
		const complete = new Promise<EventTable>((resolve) => (release = () => resolve(completeTable(table, { customerIds: whole.customerIds, attributes: whole.attributes }))));
		return { api: engineApi(() => ({ first: Promise.resolve(table), complete })), release };
	}
	const answers = (api: Api, runs: Record<string, (api: Api) => Promise<unknown>>) => Promise.all(Object.values(runs).map((run) => run(api)));

	it('answers the funnel, key figures, retention, paths, trend and a value filter before the rest is read, as after it', async () => {
		const { api, release } = twoSteps();
		const before = await answers(api, first);
		const reference = engineApi(async () => whole);
		expect(before).toEqual(await answers(reference, first));
		expect((before[0] as { funnel: { customers: number } }).funnel.customers).toBe(4);
		// The funnel asked alone first is the whole answer's funnel, its times (the medians) left to the whole answer.
		const wholeFunnel = { asOf: (before[1] as LifecycleResult).asOf, funnel: (before[1] as LifecycleResult).funnel };
		expect(before[0]).toEqual({ ...wholeFunnel, funnel: withoutTimes(wholeFunnel.funnel) });
		release();
		// After the rest is read, the same session (its kept classification) answers the same again, and what needed it.
		expect(await answers(api, first)).toEqual(before);
		expect(await answers(api, later)).toEqual(await answers(reference, later));
	});

	it('keeps a breakdown, an attribute filter, customer lists, the pickers and the value view until the rest is read', async () => {
		const reference = engineApi(async () => whole);
		// Each in an engine of its own: answers go out in the order asked, so one waiting would hold the next back.
		for (const [name, run] of Object.entries(later)) {
			const { api, release } = twoSteps();
			let answered = false;
			const pending = run(api).then((answer) => ((answered = true), answer));
			await new Promise((resume) => setTimeout(resume, 20));
			expect(answered, name).toBe(false);
			release();
			expect(await pending, name).toEqual(await run(reference));
		}
		// The email channel's customers (a and d by their first event) and the drill-down's ids are the real ones.
		expect((await later.byChannel(reference)).funnel.customers).toBe(2);
		expect((await later.customers(reference)).rows.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd']);
	});

	it('answers the trend unfiltered from the runs and times alone; a filtered trend and the funnel wait for the first columns', async () => {
		const reference = engineApi(async () => whole);
		const table = tableOfRunsAndTimes(whole);
		let release: () => void = () => {};
		const first = new Promise<EventTable>((resolve) => (release = () => resolve(withFirstColumns(table, { ...whole, customerIds: new Array<string>(whole.customerIds.length), attributes: [] }))));
		const complete = first.then((t) => completeTable(t, { customerIds: whole.customerIds, attributes: whole.attributes }));
		const api = engineApi(() => ({ times: Promise.resolve(table), first, complete }));
		const trendQuery = { ...base, period: 'week' as const };
		expect(await api.trend('d', trendQuery)).toEqual(await reference.trend('d', trendQuery));
		expect(await api.trend('d', { ...trendQuery, filter: {} })).toEqual(await reference.trend('d', trendQuery));
		// Each waits for the events: the purchase filter reads them, the funnel classifies by them.
		const waiting = [api.trend('d', { ...trendQuery, filter: { events: [{ event: 'purchase', did: true }] } }), api.lifecycleFunnel('d', query)];
		let answered = false;
		void Promise.all(waiting).then(() => (answered = true));
		await new Promise((resume) => setTimeout(resume, 20));
		expect(answered).toBe(false);
		release();
		expect(await Promise.all(waiting)).toEqual([await reference.trend('d', { ...trendQuery, filter: { events: [{ event: 'purchase', did: true }] } }), await reference.lifecycleFunnel('d', query)]);
		expect(answerableFromTimes('trend', trendQuery)).toBe(true);
		expect(answerableFromTimes('trend', { ...trendQuery, filter: { attributes: [{ name: 'channel', values: ['email'] }] } })).toBe(false);
		expect(answerableFromTimes('trendBySegment', { ...trendQuery, breakdown: { attribute: 'channel' } })).toBe(false);
		expect(answerableFromTimes('retention', trendQuery)).toBe(false);
	});

	it('a model rule on an attribute, or a breakdown of paths, waits for the attributes', () => {
		const where = { ...leadLifecycle, stages: leadLifecycle.stages.map((s, i) => (i === 1 ? { ...s, enter: [{ kind: 'event' as const, names: ['lead'], where: { attribute: 'channel', in: ['email'] } }] } : s)) };
		expect(answerableFirst('lifecycle', query)).toBe(true);
		expect(answerableFirst('lifecycle', { ...query, model: where })).toBe(false);
		expect(answerableFirst('lifecycleFunnel', query)).toBe(true);
		expect(answerableFirst('lifecycleFunnel', { ...query, model: where })).toBe(false);
		expect(answerableFirst('paths', { model: leadLifecycle, breakdown: { attribute: 'channel' } })).toBe(false);
		expect(answerableFirst('customers', query)).toBe(false);
	});
});
