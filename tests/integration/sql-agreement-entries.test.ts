/**
 * Counting by entries in SQL (issue 24): every stay in a stage (every hold of every rule, the later stage on a tie, a
 * move only into another stage) and each funnel step's re-entries agree with the engine. The hand-checked recycled
 * leads first (tests/helpers/recycled-leads.ts names who re-enters where), then every template model on the built-in
 * sample (the client status's won-back clients enter Active again) and a model with every rule kind on a generated
 * log, in both modes, with a window, an exclusion, chosen steps, a filter and a breakdown.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientStatus, leadLifecycle, templates, type LifecycleModel } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import type { EventTable } from '../../src/lib/engine/table';
import { parseFunnelTable } from '../../src/lib/import/aggregate';
import { compileModel, type FunnelSqlOptions } from '../../src/lib/sql';
import { ALL_FUNNELS, useAgreementLog, expectSameFunnel, segmentFunnelsOf } from '../helpers/agreement';
import { eventsDb, type EventsDb } from '../helpers/duckdb';
import { readFile } from '../helpers/import';
import { recycledLeads } from '../helpers/recycled-leads';
import { tableOf } from '../helpers/tables';

const entries = (options: FunnelSqlOptions): FunnelSqlOptions => ({ ...options, counting: 'entries' });

describe('SQL counting by entries: the recycled leads by hand', () => {
	let db: EventsDb;
	beforeAll(async () => {
		db = await eventsDb(tableOf(recycledLeads));
	}, 60_000);
	afterAll(() => db?.close());

	const run = async (options: FunnelSqlOptions) => parseFunnelTable(await db.csv(compileModel(leadLifecycle, { funnel: entries(options) }).funnel), 'funnel.csv');

	it('B once more at lead, A and B once more at MQL and at SQL; D’s second MQL comes while in MQL', async () => {
		const funnel = await run({});
		expect(funnel.counting).toBe('entries');
		expect(funnel.steps.map((s) => s.count)).toEqual([4, 4, 4, 3, 1, 1, 0]);
		expect(funnel.steps.map((s) => s.entries)).toEqual([4, 5, 6, 5, 1, 1, 0]);
	});

	it('within 10 days of the first step: A’s MQL (d10), B’s lead and MQL (d8, d9), not the SQLs (d15, d12)', async () => {
		expect((await run({ windowDays: 10 })).steps.map((s) => [s.count, s.entries])).toEqual([[4, 4], [4, 5], [4, 6], [3, 3], [0, 0], [0, 0], [0, 0]]);
	});

	it('strict, steps lead, MQL, SQL: the same re-entries after each customer’s step', async () => {
		expect((await run({ mode: 'strict', steps: [1, 2, 3] })).steps.map((s) => [s.count, s.entries])).toEqual([[4, 5], [4, 6], [3, 5]]);
	});

	it('an MQL event between SQL and SQO excludes A at SQO; A’s SQL re-entry still counts at SQL', async () => {
		const steps = (await run({ exclusions: [{ event: 'mql', from: 3, to: 4 }] })).steps;
		expect(steps.map((s) => [s.count, s.entries])).toEqual([[4, 4], [4, 5], [4, 6], [3, 5], [0, 0], [0, 0], [0, 0]]);
		expect(steps.map((s) => s.excluded)).toEqual([0, 0, 0, 0, 1, 0, 0]);
	});
});

/** The agreement tests' funnels (both modes, with and without a window), by entries. */
const FUNNELS = ALL_FUNNELS.map(entries);

describe('SQL counting by entries on the built-in sample', () => {
	let table: EventTable;
	let db: EventsDb;
	let session: EngineSession;
	beforeAll(async () => {
		table = (await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv')).table;
		db = await eventsDb(table);
		session = new EngineSession(table);
	}, 60_000);
	afterAll(() => db?.close());

	it.each(templates.map((model) => [model.id, model] as const))('%s: the funnels by entries agree', async (_, model) => {
		for (const options of FUNNELS) await expectSameFunnel(db, session, model, options);
	}, 120_000);

	it('real numbers: the client status’s won-back clients make Active hold more entries than customers', async () => {
		const funnel = await expectSameFunnel(db, session, clientStatus, entries({}));
		expect(funnel.steps[1].entries!).toBeGreaterThan(funnel.steps[1].count);
	}, 60_000);
});

/** Every rule kind: first seen, events with a value and an attribute condition, a count, a stage date, activity and inactivity. */
const everyRule: LifecycleModel = {
	id: 'every-rule',
	name: 'Every rule',
	progression: 'latest',
	stages: [
		{ id: 'seen', label: 'Seen', enter: [{ kind: 'first-seen' }] },
		{ id: 'engaged', label: 'Engaged', enter: [{ kind: 'event', names: ['webinar', 'email open'], where: { attribute: 'device', in: ['mobile', 'tablet'] } }, { kind: 'stage-date', column: 'content download' }] },
		{ id: 'busy', label: 'Busy', optional: true, enter: [{ kind: 'activity', minCount: 6 }] },
		{ id: 'buyer', label: 'Buyer', enter: [{ kind: 'event', names: ['purchase'], minValue: 100 }, { kind: 'event', names: ['page_view'], minCount: 12 }] },
		{ id: 'quiet', label: 'Quiet', enter: [{ kind: 'inactivity', days: 20 }] }
	]
};

describe('SQL counting by entries: every rule kind on a generated log', () => {
	const log = useAgreementLog(30_000, 11);

	it('every rule kind, both modes, windows in hours, an exclusion, chosen steps and a filter', async () => {
		const cases: FunnelSqlOptions[] = [
			...FUNNELS,
			entries({ mode: 'strict', windowDays: 24 * 60, windowUnit: 'hour', exclusions: [{ event: 'support_ticket', from: 1, to: 3 }] }),
			entries({ mode: 'cumulative', steps: [1, 3, 4] })
		];
		for (const options of cases) {
			const funnel = await expectSameFunnel(log.db, log.session, everyRule, options);
			// Real numbers: stays are re-entered (the quiet come back and go quiet again).
			if (!options.windowDays && !options.steps) expect(funnel.steps.some((s) => s.entries! > s.count)).toBe(true);
		}
		await expectSameFunnel(log.db, log.session, everyRule, entries({ mode: 'cumulative' }), { filter: { events: [{ event: 'webinar', did: true }] } });
	}, 180_000);

	it('per segment: each segment’s entries are the engine’s', async () => {
		const breakdown = { attribute: 'channel', top: 3 };
		const engine = log.session.breakdown({ model: everyRule, mode: 'cumulative', windowDays: null, counting: 'entries', ...breakdown });
		expect(await segmentFunnelsOf(log.db, compileModel(everyRule, { funnel: entries({}), breakdown, source: { order: 'rowid' } }).funnel)).toEqual(engine.groups);
	}, 120_000);
});
