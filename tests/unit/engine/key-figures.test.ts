/** The dashboard's key figures: hand-checked on five customers, and equal to the lifecycle view's own numbers on the sample. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { sumMoney } from '../../../src/lib/engine/money';
import { EngineSession } from '../../../src/lib/engine/session';
import { readFile } from '../../helpers/import';
import { day, tableOf } from '../../helpers/tables';

/*
 * Lead lifecycle as of day 100 (end of day), inactive from 30 quiet days, lost from 90.
 *  P  lead d5, purchase d60 (100.10), refund d70 (−20.05)  → customer; quiet 30 days → at risk; value 80.05
 *  Q  page view d2                                       → prospect; quiet 98 days → lost;    value 0
 *  R  lead d50, mql d95                                  → mql;      quiet 5 days  → active;  value 0
 *  S  lead d1, purchase d10 (19.99), order d99 (0.01)     → repeat;   quiet 1 day   → active;  value 20.00
 *  T  purchase d120 (500): after the as-of date, not yet seen: a customer, of no status, worth 0 by then
 * Funnel (cumulative): prospect P Q R S = 4 … repeat S = 1, so 25% made it through.
 */
const table = tableOf([
	['P', day(5), 'lead'],
	['P', day(60), 'purchase', 100.1],
	['P', day(70), 'refund', -20.05],
	['Q', day(2), 'page view'],
	['R', day(50), 'lead'],
	['R', day(95), 'mql'],
	['S', day(1), 'lead'],
	['S', day(10), 'purchase', 19.99],
	['S', day(99), 'order', 0.01],
	['T', day(120), 'purchase', 500]
]);
const asOf = day(101) - 1;
const query = { model: leadLifecycle, asOf, mode: 'cumulative' as const, windowDays: null };

describe('key figures', () => {
	it('counts, converts, grades and sums five hand-checked customers', () => {
		expect(new EngineSession(table).keyFigures(query)).toEqual({
			asOf,
			customers: 5,
			firstStep: 'prospect',
			lastStep: 'repeat',
			conversion: 0.25,
			active: 2,
			atRisk: 1,
			lost: 1,
			value: 100.05
		});
	});

	it('follows the filter and the funnel’s chosen steps', () => {
		// First seen from day 3 in the data: P (d5), R (d50) and T (d120). Steps prospect → customer: P and R → P.
		const figures = new EngineSession(table).keyFigures({ ...query, filter: { from: day(3) }, steps: [0, 5] });
		expect(figures).toMatchObject({ customers: 3, firstStep: 'prospect', lastStep: 'customer', conversion: 0.5, active: 1, atRisk: 1, lost: 0, value: 80.05 });
	});

	it('have no value when the data has no money', () => {
		const noMoney = tableOf([
			['A', day(1), 'lead'],
			['B', day(2), 'page view']
		]);
		expect(new EngineSession(noMoney).keyFigures({ ...query, asOf: undefined })).toMatchObject({ customers: 2, active: 2, value: null });
	});

	it('share their funnel and status with the lifecycle view only when the query asks for the same ones', () => {
		const session = new EngineSession(table);
		session.keyFigures(query);
		const strictShorter = { ...query, mode: 'strict' as const, steps: [0, 5] };
		const otherThresholds = { ...query, model: { ...leadLifecycle, status: { inactiveAfterDays: 3, lostAfterDays: 40 } } };
		const filtered = { ...query, filter: { from: day(3) } };
		for (const asked of [query, strictShorter, otherThresholds, filtered, query]) {
			expect(session.lifecycle(asked)).toEqual(new EngineSession(table).lifecycle(asked));
			expect(session.keyFigures(asked)).toEqual(new EngineSession(table).keyFigures(asked));
		}
		// Quiet from 3 days and lost from 40, as of the end of day 100: S (d99) active, R (d95) and P (d70) at risk, Q (d2) lost.
		expect(session.keyFigures(otherThresholds)).toMatchObject({ active: 1, atRisk: 2, lost: 1 });
	});

	it('agree with the lifecycle view on the sample, filtered or not', async () => {
		const sample = (await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv')).table;
		const session = new EngineSession(sample);
		for (const filter of [undefined, { attributes: [{ name: 'channel', values: ['email', 'social'] }] }]) {
			const figures = session.keyFigures({ ...query, asOf: undefined, filter });
			const view = session.lifecycle({ ...query, asOf: undefined, filter });
			expect(figures.customers).toBe(view.stages.customers);
			expect(figures.conversion).toBe(view.funnel.steps.at(-1)!.conversion);
			expect([figures.active, figures.atRisk, figures.lost]).toEqual([view.status.active, view.status.inactive, view.status.lost]);
			// As of the last event every customer is in a stage, so the stages' values add up to the total.
			expect(figures.value).toBe(sumMoney(view.stages.rows.map((r) => r.valueSum)));
			expect(figures.active + figures.atRisk + figures.lost).toBe(figures.customers);
			expect(figures.value).toBeGreaterThan(0);
		}
	}, 30_000);
});
