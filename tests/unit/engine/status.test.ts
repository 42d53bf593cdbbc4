/** The status overlay: active, inactive, lost and won back by days since the last event as of a date. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { ACTIVE, customerStatus, INACTIVE, LOST, UNSEEN } from '../../../src/lib/engine/status';
import { DAY, day, tableOf, type Row } from '../../helpers/tables';

const thresholds = { inactiveAfterDays: 30, lostAfterDays: 90 };

describe('thresholds at their exact boundaries (inactive from 30 days, lost from 90)', () => {
	const asOf = day(100);
	const quietDays = [29, 30, 31, 89, 90, 91];
	const rows: Row[] = quietDays.map((d) => [`q${d}`, asOf - d * DAY, 'login']);
	// 30 days less one millisecond is still active.
	rows.push(['almost', asOf - 30 * DAY + 1, 'login']);
	// An event on the as-of instant itself: 0 days quiet.
	rows.push(['today', asOf, 'login']);
	const table = tableOf(rows);
	const result = customerStatus(table, classify(table, leadLifecycle, { asOf }), thresholds);

	it('gives active, inactive, inactive, inactive, lost, lost for 29, 30, 31, 89, 90, 91 quiet days', () => {
		expect(Array.from(result.status.subarray(0, 6))).toEqual([ACTIVE, INACTIVE, INACTIVE, INACTIVE, LOST, LOST]);
	});

	it('counts a quiet spell just short of the threshold as active', () => {
		expect(result.status[6]).toBe(ACTIVE);
		expect(result.status[7]).toBe(ACTIVE);
	});

	it('counts them: active 29 days, almost and today = 3; inactive 30, 31, 89 = 3; lost 90, 91 = 2', () => {
		expect(result.counts).toEqual({ active: 3, inactive: 3, lost: 2, wonBack: 0 });
	});

	it('takes other thresholds as given', () => {
		// inactive from 7 days, lost from 31: 29 → inactive, 30 → inactive, 31 → lost, ...; almost (29.99 days) → inactive; today → active.
		const other = customerStatus(table, classify(table, leadLifecycle, { asOf }), { inactiveAfterDays: 7, lostAfterDays: 31 });
		expect(Array.from(other.status)).toEqual([INACTIVE, INACTIVE, LOST, LOST, LOST, LOST, INACTIVE, ACTIVE]);
	});
});

describe('won back', () => {
	/*
	 * As of day 200, inactive from 30 days, lost from 90.
	 *  w100   d95, d195 (a 100-day gap)           → active (5 days quiet), won back
	 *  w60    d135, d195 (a 60-day gap)           → active, not won back
	 *  w90    d105, d195 (exactly 90 days)        → active, won back (the gap counts from lostAfterDays on)
	 *  gone   d60, d160 (a 100-day gap)           → inactive (40 days quiet): won back is for active customers only
	 *  later  d190, d300 (110 days, after asOf)   → active (10 days quiet); the gap ends after asOf, so not won back
	 *  hidden d50, d195, d250                     → active, won back (the 145-day gap is before asOf)
	 *  unseen d201                                → no event up to asOf: UNSEEN, in no count
	 * Counts: active 5 (w100, w60, w90, later, hidden), inactive 1 (gone), lost 0, won back 3 (w100, w90, hidden).
	 */
	const table = tableOf([
		['w100', day(95), 'order'],
		['w100', day(195), 'order'],
		['w60', day(135), 'order'],
		['w60', day(195), 'order'],
		['w90', day(105), 'order'],
		['w90', day(195), 'order'],
		['gone', day(60), 'order'],
		['gone', day(160), 'order'],
		['later', day(190), 'order'],
		['later', day(300), 'order'],
		['hidden', day(50), 'order'],
		['hidden', day(195), 'order'],
		['hidden', day(250), 'order'],
		['unseen', day(201), 'order']
	]);
	const classification = classify(table, leadLifecycle, { asOf: day(200) });
	const result = customerStatus(table, classification, thresholds);

	it('marks active customers with an earlier gap of at least lostAfterDays as won back', () => {
		expect(Array.from(result.status)).toEqual([ACTIVE, ACTIVE, ACTIVE, INACTIVE, ACTIVE, ACTIVE, UNSEEN]);
		expect(Array.from(result.wonBack)).toEqual([1, 0, 1, 0, 0, 1, 0]);
	});

	it('counts add up to the customers seen up to asOf', () => {
		expect(result.counts).toEqual({ active: 5, inactive: 1, lost: 0, wonBack: 3 });
		const seen = Array.from(classification.lastSeen).filter((t) => !Number.isNaN(t)).length;
		expect(seen).toBe(6);
		expect(result.counts.active + result.counts.inactive + result.counts.lost).toBe(seen);
		expect(result.counts.wonBack).toBeLessThanOrEqual(result.counts.active);
	});

	it("uses the table's last event as asOf by default", () => {
		// asOf = day 300: w100, w60, w90 quiet 105 days → lost; gone 140 → lost; later 0 → active, and its
		// 110-day gap now ends before asOf → won back; hidden 50 → inactive; unseen 99 days → lost.
		const byDefault = customerStatus(table, classify(table, leadLifecycle), thresholds);
		expect(Array.from(byDefault.status)).toEqual([LOST, LOST, LOST, LOST, ACTIVE, INACTIVE, LOST]);
		expect(Array.from(byDefault.wonBack)).toEqual([0, 0, 0, 0, 1, 0, 0]);
		expect(byDefault.counts).toEqual({ active: 1, inactive: 1, lost: 5, wonBack: 1 });
	});
});
