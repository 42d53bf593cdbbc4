/**
 * The engine worker's forwarding (worker/engine-api.ts), in Node: one load per dataset, a failed load tried again,
 * answers in the order asked with the pickers' description after the charts, and forget letting a dataset go.
 */
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import type { EventTable } from '../../src/lib/engine/table';
import { engineApi } from '../../src/lib/worker/engine-api';
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
			api.lifecycle('one', query).then(() => answered.push('lifecycle')),
			api.paths('one', { model: leadLifecycle, positions: 3, minShare: 0 }).then(() => answered.push('paths')),
			api.retention('one', { model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'bounded' }).then(() => answered.push('retention'))
		]);
		expect(answered).toEqual(['lifecycle', 'paths', 'retention', 'describe']);
	});

	it("answers a link's first funnel before the queries asked after it, though its dataset is found later; null when none is", async () => {
		const { api, loads } = counting();
		let found: (id: string | undefined) => void = () => {};
		const lookup = new Promise<string | undefined>((resolve) => (found = resolve));
		const answered: string[] = [];
		const first = api.firstLifecycle(lookup, query).then((answer) => {
			answered.push('first');
			return answer;
		});
		const figures = api.keyFigures('one', query).then(() => answered.push('keyFigures'));
		await new Promise((resume) => setTimeout(resume, 10));
		expect(answered).toEqual([]);
		found('one');
		await Promise.all([first, figures]);
		expect(answered).toEqual(['first', 'keyFigures']);
		expect(await first).toEqual({ datasetId: 'one', result: new EngineSession(table).lifecycle(query) });
		expect(loads).toEqual(['one']);
		expect(await api.firstLifecycle(Promise.resolve(undefined), query)).toBeNull();
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
		// March was in memory: only April was loaded; going back to either dataset's dashboard loads nothing.
		expect(loads).toEqual(['march', 'april']);
		await api.lifecycle('april', query);
		expect(loads).toEqual(['march', 'april']);
		// The comparison let go of March: comparing again loads it.
		await api.compare('march', 'april', compareQuery);
		expect(loads).toEqual(['march', 'april', 'march']);
	});
});
