/**
 * Customer filters in SQL (issue 24, item 6) agree with the engine: attribute conditions ("is", "is not", "any of")
 * under each attribution (first event, last event, entering a stage), did / did not do an event, net value ranges
 * and first-seen dates, alone and together. On a generated log whose device and plan change from event to event (so
 * the attributions differ), through the funnel (both modes, with a window and an exclusion) and cohort retention;
 * the kept customers are the engine's mask, one by one. The table's insertion order (DuckDB's rowid) stands for the
 * file's order among events of one instant, as the engine takes it.
 */
import { describe, expect, it } from 'vitest';
import { customerMask, type CustomerFilter } from '../../src/lib/engine/filter';
import { leadLifecycle } from '../../src/lib/engine/model';
import { compileModel } from '../../src/lib/sql';
import { useAgreementLog, expectSameFunnel, expectSameRetention, type Narrowing } from '../helpers/agreement';
import { eventsDb } from '../helpers/duckdb';
import { readFile } from '../helpers/import';

const FILTERS: { name: string; filter: CustomerFilter }[] = [
	{ name: 'device is mobile on the first event', filter: { attributes: [{ name: 'device', op: 'is', values: ['mobile'] }] } },
	{ name: 'device is mobile on the last event', filter: { attributes: [{ name: 'device', op: 'is', values: ['mobile'] }], attribution: 'last' } },
	{ name: 'plan is not free on entering SQL (never entered: kept)', filter: { attributes: [{ name: 'plan', op: 'not', values: ['free'] }], attribution: { stage: 'sql' } } },
	{ name: 'plan any of pro, enterprise on entering Customer', filter: { attributes: [{ name: 'plan', op: 'any', values: ['pro', 'enterprise'] }], attribution: { stage: 'customer' } } },
	{
		name: 'two attributes and two event conditions',
		filter: {
			attributes: [
				{ name: 'channel', op: 'any', values: ['email', 'social'] },
				{ name: 'country', op: 'not', values: ['US'] }
			],
			events: [
				{ event: 'webinar', did: true },
				{ event: 'support_ticket', did: false }
			]
		}
	},
	{ name: 'net value from 100 to 2,000, first seen in 2024', filter: { value: { min: 100, max: 2000 }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 11, 31, 23, 59, 59, 999) } },
	{ name: 'did purchase, device is not desktop on the last event, value at most 500', filter: { events: [{ event: 'purchase', did: true }], attributes: [{ name: 'device', op: 'not', values: ['desktop'] }], attribution: 'last', value: { max: 500 } } }
];

const ORDERED: Narrowing['source'] = { order: 'rowid' };

describe('SQL and engine: customer filters', () => {
	const log = useAgreementLog(40_000, 24);

	const keptIds = async (filter: CustomerFilter) => {
		const rows = await log.db.rows(`SELECT DISTINCT customer_id FROM (${compileModel(leadLifecycle, { filter, source: ORDERED }).classification}) AS c ORDER BY customer_id`);
		return rows.map((r) => String(r.customer_id));
	};
	const maskIds = (filter: CustomerFilter) => {
		const mask = log.session.mask({ model: leadLifecycle, filter });
		return log.table.customerIds.filter((_, c) => mask![c] === 1).sort();
	};

	it.each(FILTERS)('$name: the kept customers, the funnels and the retention agree', async ({ filter }) => {
		const narrowing = { filter, source: ORDERED };
		// Every customer is first seen, so the classification lists each kept customer: the engine's mask, by id.
		const kept = maskIds(filter);
		expect(await keptIds(filter)).toEqual(kept);
		// About real numbers: the filter keeps some customers and leaves some out.
		expect(kept.length).toBeGreaterThan(0);
		expect(kept.length).toBeLessThan(log.table.customerIds.length);
		await expectSameFunnel(log.db, log.session, leadLifecycle, { mode: 'cumulative' }, narrowing);
		await expectSameFunnel(log.db, log.session, leadLifecycle, { mode: 'strict', windowDays: 45, exclusions: [{ event: 'support_ticket', from: 1, to: 4 }] }, narrowing);
		await expectSameRetention(log.db, log.session, leadLifecycle, { period: 'month', mode: 'bounded', cohortStage: -1, returnEvent: null }, narrowing);
		await expectSameRetention(log.db, log.session, leadLifecycle, { period: 'week', mode: 'unbounded', cohortStage: 1, returnEvent: 'purchase' }, narrowing);
	}, 60_000);

	it('the attributions differ on this log, and "is" and "is not" split the customers in SQL as in the engine', async () => {
		const first = await keptIds(FILTERS[0].filter);
		const last = await keptIds(FILTERS[1].filter);
		expect(first).not.toEqual(last);
		for (const attribution of ['first', 'last', { stage: 'sql' }] as const) {
			const is = await keptIds({ attributes: [{ name: 'plan', op: 'is', values: ['free'] }], attribution });
			const not = await keptIds({ attributes: [{ name: 'plan', op: 'not', values: ['free'] }], attribution });
			expect(is.length + not.length).toBe(log.table.customerIds.length);
			expect(is.filter((id) => not.includes(id))).toEqual([]);
		}
	}, 60_000);

	it('without an order column, an instant is attributed its smallest value; with the table in the file’s order, the engine’s', async () => {
		// Two customers, each with two events of one instant carrying different devices (file order: tablet, then desktop).
		const csv = 'customer_id,timestamp,event,value,device\nA,2025-01-01T00:00:00Z,page_view,,tablet\nA,2025-01-01T00:00:00Z,lead,,desktop\nB,2025-01-02T00:00:00Z,page_view,,desktop\n';
		const tiny = (await readFile(csv, 'ties.csv')).table;
		const tinyDb = await eventsDb(tiny);
		try {
			const filter: CustomerFilter = { attributes: [{ name: 'device', op: 'is', values: ['tablet'] }] };
			const mask = customerMask(tiny, new Float64Array([Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2)]), filter);
			expect(tiny.customerIds.filter((_, c) => mask![c] === 1)).toEqual(['A']);
			const ids = async (source: Narrowing['source']) =>
				(await tinyDb.rows(`SELECT DISTINCT customer_id FROM (${compileModel(leadLifecycle, { filter, source }).classification}) AS c`)).map((r) => String(r.customer_id));
			expect(await ids(ORDERED)).toEqual(['A']);
			// 'desktop' < 'tablet': without the file's order, A's first instant says desktop.
			expect(await ids(undefined)).toEqual([]);
		} finally {
			await tinyDb.close();
		}
	}, 60_000);
});
