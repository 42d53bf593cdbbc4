/**
 * Each rule kind on its own, in a two-stage model: stage 0 is first-seen, stage 1 holds the rule under test.
 * Then forward-only against latest progression on the same log.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import type { LifecycleModel, Rule } from '../../../src/lib/engine/model';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { customerStatus } from '../../../src/lib/engine/status';
import { EventTableBuilder, type EventTable } from '../../../src/lib/engine/table';
import { day, tableOf } from '../../helpers/tables';

const S = 2;

/** A model whose stage 1 is entered by `rule`. */
function modelWith(rule: Rule, progression: LifecycleModel['progression'] = 'forward-only'): LifecycleModel {
	return {
		id: 'test',
		name: 'Test',
		progression,
		stages: [
			{ id: 'seen', label: 'Seen', enter: [{ kind: 'first-seen' }] },
			{ id: 'hit', label: 'Hit', enter: [rule] }
		]
	};
}

/** When each customer (in table order) entered stage 1, and when the rule held last (which 'latest' models keep). */
function stageOne(table: EventTable, rule: Rule, asOf?: number) {
	const options = asOf === undefined ? {} : { asOf };
	const c = classify(table, modelWith(rule), options);
	const latest = classify(table, modelWith(rule, 'latest'), options);
	const pick = (a: Float64Array) => table.customerIds.map((_, i) => a[i * S + 1]);
	expect(latest.entered).toEqual(c.entered);
	return { entered: pick(c.entered), lastHeld: pick(latest.lastHeld!), classification: c };
}

describe('event rule', () => {
	it('matches names ignoring case, spaces, "-" and "_", but nothing else', () => {
		const names = ['demo_request', 'DEMO-REQUEST', 'demo request', 'demorequest', 'Demo  Request', ' demo_-request ', 'demo.request', 'demo requests'];
		const table = tableOf(names.map((name, i) => [`c${i}`, day(i + 1), name]));
		const { entered } = stageOne(table, { kind: 'event', names: ['Demo Request'] });
		// The first six normalize to 'demorequest'; '.' is kept and 'requests' is another word.
		expect(entered).toEqual([day(1), day(2), day(3), day(4), day(5), day(6), NaN, NaN]);
	});

	it('enters at the minCount-th matching event, whatever comes in between', () => {
		const table = tableOf([
			['a', day(1), 'buy'],
			['a', day(2), 'view'],
			['a', day(3), 'Buy'],
			['a', day(5), 'BUY'],
			['a', day(8), 'buy'],
			['b', day(1), 'buy'],
			['b', day(2), 'buy'],
			['b', day(3), 'view']
		]);
		const { entered, lastHeld } = stageOne(table, { kind: 'event', names: ['buy'], minCount: 3 });
		// a: buys on days 1, 3, 5, 8 → 3rd on day 5; it keeps holding on every later match (day 8). b has only 2 buys.
		expect(entered).toEqual([day(5), NaN]);
		expect(lastHeld).toEqual([day(8), NaN]);
	});

	it('counts instants, not rows: matching events at one instant are one (the lines of one order, one day in a file of dates)', () => {
		const table = tableOf([
			['a', day(1), 'purchase', 10],
			['a', day(1), 'purchase', 5],
			['a', day(1), 'purchase', 2],
			['b', day(1), 'purchase', 10],
			['b', day(1) + 60_000, 'purchase', 5],
			['c', day(1), 'purchase', 10],
			['c', day(1), 'purchase', 5],
			['c', day(4), 'view'],
			['c', day(9), 'purchase', 1],
			['c', day(9), 'purchase', 1]
		]);
		// a: three rows at one instant, one purchase; b: a minute apart, two; c: days 1 and 9, two (day 9 at both its rows).
		const { entered, lastHeld } = stageOne(table, { kind: 'event', names: ['purchase'], minCount: 2 });
		expect(entered).toEqual([NaN, day(1) + 60_000, day(9)]);
		expect(lastHeld).toEqual([NaN, day(1) + 60_000, day(9)]);
	});

	it('counts only events whose value is at least minValue (the bound included; no value never counts)', () => {
		const table = tableOf([
			['a', day(1), 'order', 50],
			['a', day(2), 'order'],
			['a', day(3), 'order', 100],
			['b', day(1), 'order', 99.99],
			['c', day(1), 'order', 150],
			['c', day(2), 'order', 20],
			['c', day(3), 'order', 100]
		]);
		expect(stageOne(table, { kind: 'event', names: ['order'], minValue: 100 }).entered).toEqual([day(3), NaN, day(1)]);
		// With minCount 2 as well: c's qualifying orders are days 1 and 3 → day 3; a has one qualifying order only.
		expect(stageOne(table, { kind: 'event', names: ['order'], minValue: 100, minCount: 2 }).entered).toEqual([NaN, NaN, day(3)]);
	});

	describe('where on an attribute', () => {
		const builder = new EventTableBuilder(['channel']);
		builder.add('a', day(1), 'signup', NaN, ['store']);
		builder.add('a', day(3), 'signup', NaN, ['app']);
		builder.add('b', day(1), 'signup', NaN, ['store']);
		builder.add('c', day(2), 'signup'); // no attribute: the empty value
		builder.add('d', day(1), 'signup', NaN, ['web']);
		builder.add('d', day(2), 'view', NaN, ['web']);
		builder.add('d', day(4), 'signup', NaN, ['web']);
		const table = builder.build();

		it('counts only events whose attribute value is allowed', () => {
			const { entered } = stageOne(table, { kind: 'event', names: ['signup'], where: { attribute: 'channel', in: ['web', 'app'] } });
			// a: the store signup does not count, the app one on day 3 does; b: store only; c: '' is not allowed; d: web on day 1.
			expect(entered).toEqual([day(3), NaN, NaN, day(1)]);
		});

		it('counts minCount among the allowed events only', () => {
			const { entered } = stageOne(table, { kind: 'event', names: ['signup'], minCount: 2, where: { attribute: 'channel', in: ['web', 'app'] } });
			// a has two signups but only one allowed; d's 2nd web signup is day 4 (the web view is no signup).
			expect(entered).toEqual([NaN, NaN, NaN, day(4)]);
		});

		it('never holds on an attribute the data does not have', () => {
			const { entered } = stageOne(table, { kind: 'event', names: ['signup'], where: { attribute: 'region', in: ['', 'web', 'store'] } });
			expect(entered).toEqual([NaN, NaN, NaN, NaN]);
		});
	});
});

describe('stage-date rule', () => {
	it('matches events named like the column, ignoring case, spaces, "-" and "_"', () => {
		const table = tableOf([
			['a', day(1), 'created'],
			['a', day(4), 'became_a_lead_date'],
			['b', day(2), 'Became a Lead Date'],
			['c', day(3), 'lead']
		]);
		expect(stageOne(table, { kind: 'stage-date', column: 'Became a lead date' }).entered).toEqual([day(4), day(2), NaN]);
	});
});

describe('first-seen rule', () => {
	it("holds at the customer's first event up to asOf, on whatever stage it is", () => {
		const table = tableOf([
			['a', day(3), 'x'],
			['a', day(1), 'y'], // out of order in the input: sorted, day 1 comes first
			['b', day(20), 'x']
		]);
		const { entered, lastHeld } = stageOne(table, { kind: 'first-seen' }, day(10));
		// b's only event is after asOf: never seen. first-seen holds once only.
		expect(entered).toEqual([day(1), NaN]);
		expect(lastHeld).toEqual([day(1), NaN]);
	});
});

describe('activity rule', () => {
	const table = tableOf([
		['a', day(1), 'open'],
		['a', day(2), 'click'],
		['a', day(4), 'anything'],
		['a', day(9), 'open'],
		['b', day(1), 'open'],
		['b', day(6), 'open']
	]);

	it('enters at the minCount-th event of any kind and holds at every event after', () => {
		const { entered, lastHeld } = stageOne(table, { kind: 'activity', minCount: 3 });
		expect(entered).toEqual([day(4), NaN]);
		expect(lastHeld).toEqual([day(9), NaN]);
	});

	it('defaults to the first event', () => {
		expect(stageOne(table, { kind: 'activity' }).entered).toEqual([day(1), day(1)]);
	});
});

describe('inactivity rule (10 days)', () => {
	const rule: Rule = { kind: 'inactivity', days: 10 };

	it('holds at the previous event + days when the gap between events is at least that long', () => {
		const table = tableOf([
			// gaps 4, 15, 2 days: only the 15-day gap counts → held at day 5 + 10 = day 15
			['a', day(1), 'x'],
			['a', day(5), 'x'],
			['a', day(20), 'x'],
			['a', day(22), 'x'],
			// a gap of exactly 10 days holds, at day 11
			['b', day(1), 'x'],
			['b', day(11), 'x'],
			// a gap of 9 days does not
			['c', day(1), 'x'],
			['c', day(10), 'x'],
			// two gaps (19 and 20 days): entered at the first (day 11), held last at the second (day 30)
			['d', day(1), 'x'],
			['d', day(20), 'x'],
			['d', day(40), 'x'],
			['d', day(43), 'x']
		]);
		const { entered, lastHeld } = stageOne(table, rule, day(43));
		// As of day 43 the trailing quiet spells hold too: a 21 days after day 22 → at day 32; b 32 days after day 11 → at 21;
		// c 33 days after day 10 → at day 20 (its only hold); d none (its last event is day 43).
		expect(entered).toEqual([day(15), day(11), day(20), day(11)]);
		expect(lastHeld).toEqual([day(32), day(21), day(20), day(30)]);
	});

	it('holds between events only, when asOf is the last event', () => {
		const table = tableOf([
			['a', day(1), 'x'],
			['a', day(5), 'x'],
			['a', day(20), 'x'],
			['a', day(22), 'x'],
			['c', day(13), 'x'],
			['c', day(22), 'x']
		]);
		// asOf defaults to the last event, day 22: no trailing spell. a: the 15-day gap → day 15; c: a 9-day gap → never.
		const { entered, lastHeld, classification } = stageOne(table, rule);
		expect(classification.asOf).toBe(day(22));
		expect(entered).toEqual([day(15), NaN]);
		expect(lastHeld).toEqual([day(15), NaN]);
	});

	it('holds for a trailing quiet spell up to asOf of at least the days, and not for a shorter one', () => {
		const table = tableOf([['a', day(1), 'x']]);
		expect(stageOne(table, rule, day(30)).entered).toEqual([day(11)]);
		expect(stageOne(table, rule, day(11)).entered).toEqual([day(11)]);
		expect(stageOne(table, rule, day(11) - 1).entered).toEqual([NaN]);
		expect(stageOne(table, rule).entered).toEqual([NaN]);
	});
});

describe('asOf', () => {
	const table = tableOf([
		['a', day(1), 'lead'],
		['a', day(5), 'purchase'],
		['a', day(10), 'purchase'],
		['b', day(8), 'lead']
	]);
	const rule: Rule = { kind: 'event', names: ['purchase'] };

	it('hides events after it; an event exactly at asOf is seen', () => {
		const { entered, classification: c } = stageOne(table, rule, day(5));
		expect(c.asOf).toBe(day(5));
		expect(entered).toEqual([day(5), NaN]);
		expect(Array.from(c.lastSeen)).toEqual([day(5), NaN]);
		expect(Array.from(c.firstSeen)).toEqual([day(1), NaN]);
		// b has no event up to day 5: no stage at all.
		expect(Array.from(c.current)).toEqual([1, -1]);
	});

	it('a day before the purchase, the purchase stage is not entered', () => {
		const { entered, classification: c } = stageOne(table, rule, day(4));
		expect(entered).toEqual([NaN, NaN]);
		expect(Array.from(c.current)).toEqual([0, -1]);
	});

	it("defaults to the table's last event", () => {
		const { classification: c } = stageOne(table, rule);
		expect(c.asOf).toBe(day(10));
		expect(Array.from(c.lastSeen)).toEqual([day(10), day(8)]);
	});
});

describe('forward-only against latest progression', () => {
	/*
	 * Stages: 0 a (first seen), 1 b ('b' events), 2 c ('c' events).
	 *  x: other d1, c d2, b d3       entered [1, 3, 2]. forward-only: furthest = c.  latest: b held last → b, regressed (entered c).
	 *  y: other d1, b d2, c d3       [1, 2, 3]: c either way, not regressed.
	 *  z: other d1, b d2, c d2       b and c on the same day: latest takes the later stage, c; not regressed.
	 *  w: other d1, c d2, b d3, c d4 c held again last → c either way.
	 *  v: c d1, other d2, b d5       first-seen and c both on day 1; b last → latest b, regressed.
	 * forward-only current: [2, 2, 2, 2, 2]; latest: [1, 2, 2, 2, 1], regressed [1, 0, 0, 0, 1].
	 */
	const rows: [string, number, string][] = [
		['x', day(1), 'other'],
		['x', day(2), 'c'],
		['x', day(3), 'b'],
		['y', day(1), 'other'],
		['y', day(2), 'b'],
		['y', day(3), 'c'],
		['z', day(1), 'other'],
		['z', day(2), 'b'],
		['z', day(2), 'c'],
		['w', day(1), 'other'],
		['w', day(2), 'c'],
		['w', day(3), 'b'],
		['w', day(4), 'c'],
		['v', day(1), 'c'],
		['v', day(2), 'other'],
		['v', day(5), 'b']
	];
	const table = tableOf(rows);
	const model = (progression: LifecycleModel['progression']): LifecycleModel => ({
		id: 'abc',
		name: 'ABC',
		progression,
		stages: [
			{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }] },
			{ id: 'b', label: 'B', enter: [{ kind: 'event', names: ['b'] }] },
			{ id: 'c', label: 'C', enter: [{ kind: 'event', names: ['c'] }] }
		]
	});
	const forward = model('forward-only');
	const latest = model('latest');
	const cf = classify(table, forward);
	const cl = classify(table, latest);

	it('gives different current stages for the same log', () => {
		expect(Array.from(cf.current)).toEqual([2, 2, 2, 2, 2]);
		expect(Array.from(cl.current)).toEqual([1, 2, 2, 2, 1]);
	});

	it('records entry and last-held times independently of the progression', () => {
		expect(Array.from(cl.entered.subarray(0, 3))).toEqual([day(1), day(3), day(2)]);
		expect(Array.from(cl.entered)).toEqual(Array.from(cf.entered));
		// w held c last on day 4.
		expect(cf.lastHeld).toBeNull();
		expect(Array.from(cl.lastHeld!.subarray(9, 12))).toEqual([day(1), day(3), day(4)]);
	});

	it('flags regressions under latest only', () => {
		expect(Array.from(cf.regressed)).toEqual([0, 0, 0, 0, 0]);
		expect(Array.from(cl.regressed)).toEqual([1, 0, 0, 0, 1]);
	});

	it('gives the stage table as many regressions as regressed customers', () => {
		const tl = stageTable(table, cl, latest, customerStatus(table, cl, { inactiveAfterDays: 30, lostAfterDays: 90 }));
		const tf = stageTable(table, cf, forward, customerStatus(table, cf, { inactiveAfterDays: 30, lostAfterDays: 90 }));
		expect(tl.regressions).toBe(2);
		expect(tl.regressions).toBe(Array.from(cl.regressed).reduce((a, b) => a + b, 0));
		expect(tf.regressions).toBe(0);
		// Latest: current b for x and v, c for y, z and w.
		expect(tl.rows.map((r) => r.current)).toEqual([0, 2, 3]);
		// Latest counts raw entries: everyone entered a and c; b was entered by x, y, z, w and v.
		expect(tl.rows.map((r) => r.entered)).toEqual([5, 5, 5]);
	});
});
