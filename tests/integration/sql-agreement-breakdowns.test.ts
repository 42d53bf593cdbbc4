/**
 * Breakdowns in SQL (issue 24) agree with the engine: the funnel's and retention's segments (the top N values of an
 * attribute by customers and "Other") under each attribution (first event, last event, entering a stage), alone and
 * within a customer filter. The SQL's rows of each segment, saved as CSV without the segment columns, are read by the
 * aggregate parser and must equal the engine's result for that segment; the segments come in the engine's order.
 * On the filters' generated log (tests/integration/sql-agreement-filters.test.ts), then on five named customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attribution } from '../../src/lib/engine/attribution';
import type { CustomerFilter } from '../../src/lib/engine/filter';
import { leadLifecycle } from '../../src/lib/engine/model';
import type { BreakdownSpec, LifecycleQuery, RetentionQuery } from '../../src/lib/engine/queries';
import type { RetentionResult } from '../../src/lib/engine/retention';
import type { EngineSession } from '../../src/lib/engine/session';
import { parseRetentionTable } from '../../src/lib/import/aggregate';
import { compileModel, type CompileOptions, type FunnelSqlOptions, type RetentionSqlOptions } from '../../src/lib/sql';
import { useAgreementLog, csvPerSegment, segmentFunnelsOf } from '../helpers/agreement';
import { eventsDb, type EventsDb } from '../helpers/duckdb';
import { segmentFixture } from '../helpers/segment-fixture';

const model = leadLifecycle;
const ORDERED: CompileOptions['source'] = { order: 'rowid' };

async function expectSameFunnels(db: EventsDb, session: EngineSession, breakdown: BreakdownSpec, funnel: FunnelSqlOptions, filter?: CustomerFilter, source = ORDERED) {
	const query: LifecycleQuery = { model, mode: funnel.mode ?? 'cumulative', windowDays: funnel.windowDays ?? null, ...(funnel.exclusions ? { exclusions: [...funnel.exclusions] } : {}), ...(filter ? { filter } : {}) };
	const engine = session.breakdown({ ...query, ...breakdown });
	const parsed = await segmentFunnelsOf(db, compileModel(model, { funnel, breakdown, source, ...(filter ? { filter } : {}) }).funnel);
	expect(parsed, JSON.stringify({ breakdown, funnel, filter })).toEqual(engine.groups);
	return engine;
}

async function expectSameRetentions(db: EventsDb, session: EngineSession, breakdown: BreakdownSpec, retention: Required<Omit<RetentionSqlOptions, 'brackets'>>, filter?: CustomerFilter) {
	const query: RetentionQuery = { model, ...retention, ...(filter ? { filter } : {}) };
	const engine = session.retentionBySegment({ ...query, breakdown });
	const sql = await csvPerSegment(db, compileModel(model, { retention, breakdown, source: ORDERED, ...(filter ? { filter } : {}) }).retention);
	const parsed = new Map<string, RetentionResult>(sql.map(({ value, csv }) => [value, parseRetentionTable(csv, `${value}.csv`)]));
	// A segment none of whose customers entered the cohort stage has no rows (the parser rightly refuses an empty table).
	const expected = engine.segments.filter((s) => s.result.cohorts.length > 0);
	expect([...parsed.keys()]).toEqual(expected.map((s) => s.value));
	for (const { value, result } of expected) {
		const actual = parsed.get(value)!;
		// Revenue is a floating-point sum added in another order: compared to 1e-9; everything else exactly.
		const money = (r: RetentionResult) => r.cohorts.flatMap((c) => [...c.revenue, ...c.revenueRetention]);
		const [a, b] = [money(actual), money(result)];
		expect(a.length).toBe(b.length);
		a.forEach((x, i) => expect(x === null || b[i] === null ? x === b[i] : Math.abs(x - b[i]!) <= 1e-9 * Math.max(1, Math.abs(x))).toBe(true));
		const strip = (r: RetentionResult) => ({ ...r, cohorts: r.cohorts.map((c) => ({ ...c, revenue: [], revenueRetention: [] })) });
		expect(strip(actual), `${value}: retention ${JSON.stringify(retention)}`).toEqual(strip(result));
	}
	return engine;
}

const CASES: { name: string; breakdown: BreakdownSpec; filter?: CustomerFilter }[] = [
	{ name: 'channel on the first event, top 3 and Other', breakdown: { attribute: 'channel', top: 3 } },
	{ name: 'device on the last event, every value (no Other)', breakdown: { attribute: 'device', attribution: 'last' } },
	{ name: 'plan on entering SQL: "(none)" for those who never did', breakdown: { attribute: 'plan', attribution: { stage: 'sql' } as Attribution, top: 2 } },
	{
		name: 'plan on entering SQL within a filter (did a webinar): the stage is read before the filter',
		breakdown: { attribute: 'plan', attribution: { stage: 'sql' } as Attribution },
		filter: { events: [{ event: 'webinar', did: true }] }
	},
	{
		name: 'country on the first event, top 4, within a filter (did a webinar, plan is not free on the last event)',
		breakdown: { attribute: 'country', top: 4 },
		filter: { events: [{ event: 'webinar', did: true }], attributes: [{ name: 'plan', op: 'not', values: ['free'] }], attribution: 'last' }
	}
];

describe('SQL and engine: breakdowns', () => {
	const log = useAgreementLog(40_000, 24);

	it.each(CASES)('$name: every segment’s funnels and retention agree', async ({ breakdown, filter }) => {
		const funnels = await expectSameFunnels(log.db, log.session, breakdown, { mode: 'cumulative' }, filter);
		await expectSameFunnels(log.db, log.session, breakdown, { mode: 'strict', windowDays: 45, exclusions: [{ event: 'support_ticket', from: 1, to: 4 }] }, filter);
		await expectSameRetentions(log.db, log.session, breakdown, { period: 'month', mode: 'bounded', cohortStage: -1, returnEvent: null }, filter);
		await expectSameRetentions(log.db, log.session, breakdown, { period: 'week', mode: 'unbounded', cohortStage: 1, returnEvent: 'purchase' }, filter);
		// About real numbers: several segments, and they add up to the customers counted.
		expect(funnels.groups.length).toBeGreaterThan(1);
		const total = filter ? log.session.mask({ model, filter })!.reduce((n, v) => n + v, 0) : log.table.customerIds.length;
		expect(funnels.groups.reduce((n, g) => n + g.funnel.customers, 0)).toBe(total);
	}, 120_000);

	it('the cases reach "Other" and "(none)"', async () => {
		expect(log.session.breakdown({ model, mode: 'cumulative', windowDays: null, ...CASES[0].breakdown }).groups.at(-1)!.value).toBe('Other');
		expect(log.session.breakdown({ model, mode: 'cumulative', windowDays: null, ...CASES[2].breakdown }).groups.map((g) => g.value)).toContain('(none)');
	});
});

describe('SQL breakdowns: five named customers', () => {
	/** segmentFixture: first channel ann email, bob ads, cid social, dee email, eve ads; entering "lead": ann ads, bob email, cid social, dee and eve none. */
	let db: EventsDb;
	beforeAll(async () => {
		db = await eventsDb(segmentFixture());
	}, 60_000);
	afterAll(() => db?.close());

	const firstSteps = async (breakdown: BreakdownSpec, source?: CompileOptions['source'], filter?: CustomerFilter) =>
		(
			await db.rows(
				`SELECT segment, total_customers, customers FROM (${compileModel(model, { breakdown, ...(source ? { source } : {}), ...(filter ? { filter } : {}) }).funnel}) AS f WHERE step_index IN (0, 1) ORDER BY segment_index, step_index`
			)
		).map((r) => [r.segment, Number(r.total_customers), Number(r.customers)]);

	it('first event, top 2: email (ann, dee) and ads (bob, eve) tie at two and keep the file’s order; cid is Other', async () => {
		// Step 0 (prospect): everyone in the segment; step 1 (lead or later): ann; bob and eve (her purchase); cid.
		expect(await firstSteps({ attribute: 'channel', top: 2 }, ORDERED)).toEqual([
			['email', 2, 2],
			['email', 2, 1],
			['ads', 2, 2],
			['ads', 2, 2],
			['Other', 1, 1],
			['Other', 1, 1]
		]);
	});

	it('without an order column a tie goes by the value’s text: ads before email', async () => {
		expect((await firstSteps({ attribute: 'channel', top: 2 })).map((r) => r[0])).toEqual(['ads', 'ads', 'email', 'email', 'Other', 'Other']);
	});

	it('entering "lead": dee and eve never did, so they are "(none)", here the largest; then bob (email), ann (ads), cid (social) in the file’s order', async () => {
		// Step 1 counts eve, who reached a later stage (customer) without entering "lead".
		expect(await firstSteps({ attribute: 'channel', attribution: { stage: 'lead' } }, ORDERED)).toEqual([
			['(none)', 2, 2],
			['(none)', 2, 1],
			['email', 1, 1],
			['email', 1, 1],
			['ads', 1, 1],
			['ads', 1, 1],
			['social', 1, 1],
			['social', 1, 1]
		]);
	});

	it('within a filter (did purchase: ann, cid, eve), by the last event: ads (ann, eve), social (cid)', async () => {
		expect(await firstSteps({ attribute: 'channel', attribution: 'last' }, ORDERED, { events: [{ event: 'purchase', did: true }] })).toEqual([
			['ads', 2, 2],
			['ads', 2, 2],
			['social', 1, 1],
			['social', 1, 1]
		]);
	});
});
