/** Filters (a customer mask every analysis honours) and drill-down lists, hand-checked. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { conversionOverTime } from '../../../src/lib/engine/breakdown';
import {
	customersAtStep,
	customersConvertingIn,
	customersOfEntryCohort,
	customersInRetentionCell,
	customersInStage,
	customersInTrend,
	customersOnPath,
	listCustomers
} from '../../../src/lib/engine/customers';
import { chosenCustomers, customerMask, type CustomerFilter } from '../../../src/lib/engine/filter';
import { conversionTime, funnel, stepTimes } from '../../../src/lib/engine/funnel';
import { stagePaths } from '../../../src/lib/engine/flows';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { customerStatus } from '../../../src/lib/engine/status';
import { EventTableBuilder } from '../../../src/lib/engine/table';
import { lifecycleTrend } from '../../../src/lib/engine/trend';
import { retention } from '../../../src/lib/engine/retention';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { day, tableOf } from '../../helpers/tables';

/** a (email): visit d1, lead d2, purchase 100 d5 · b (ads): visit d3, lead d4 · c (email): visit d10 · d (ads, then email): purchase 40 d12, visit d13 */
function table() {
	const builder = new EventTableBuilder(['channel']);
	const add = (c: string, d: number, e: string, channel: string, v = NaN) => builder.add(c, day(d), e, v, [channel]);
	add('a', 1, 'visit', 'email');
	add('a', 2, 'lead', 'email');
	add('a', 5, 'purchase', 'email', 100);
	add('b', 3, 'visit', 'ads');
	add('b', 4, 'lead', 'ads');
	add('c', 10, 'visit', 'email');
	add('d', 12, 'purchase', 'ads', 40);
	add('d', 13, 'visit', 'email');
	return builder.build();
}

describe('customer filters', () => {
	const t = table();
	const c = classify(t, leadLifecycle);
	const ids = (mask: Uint8Array | null) => t.customerIds.filter((_, i) => !mask || mask[i]);

	it('selects by first seen and by the attribute value of the first event (or, attributed so, the last)', () => {
		expect(ids(customerMask(t, c.firstSeen, {}))).toEqual(['a', 'b', 'c', 'd']);
		expect(ids(customerMask(t, c.firstSeen, { from: day(3), to: day(10) }))).toEqual(['b', 'c']);
		expect(ids(customerMask(t, c.firstSeen, { attributes: [{ name: 'channel', values: ['ads'] }] }))).toEqual(['b', 'd']);
		// d came by ads and was last seen by email: out on the first event, in on the last.
		expect(ids(customerMask(t, c.firstSeen, { from: day(5), attributes: [{ name: 'channel', values: ['email'] }] }))).toEqual(['c']);
		expect(ids(customerMask(t, c.firstSeen, { from: day(5), attributes: [{ name: 'channel', values: ['email'] }], attribution: 'last' }))).toEqual(['c', 'd']);
		expect(ids(customerMask(t, c.firstSeen, { attributes: [{ name: 'plan', values: ['pro'] }] }))).toEqual([]);
	});

	it('lists the chosen customers as it tests them, in one pass, for every kind of condition together', () => {
		const listed = (filter: CustomerFilter) => {
			const mask = customerMask(t, c.firstSeen, filter);
			const list = [...chosenCustomers(mask)!];
			expect(list).toEqual([...mask!.keys()].filter((i) => mask![i] === 1));
			return list.map((i) => t.customerIds[i]);
		};
		expect(listed({ attributes: [{ name: 'channel', op: 'not', values: ['ads'] }] })).toEqual(['a', 'c']);
		expect(listed({ events: [{ event: 'purchase', did: true }] })).toEqual(['a', 'd']);
		expect(listed({ events: [{ event: 'purchase', did: false }], attributes: [{ name: 'channel', values: ['email'] }], attribution: 'last' })).toEqual(['c']);
		expect(listed({ value: { min: 50 } })).toEqual(['a']);
		expect(listed({ to: day(12), value: { max: 50 }, events: [{ event: 'lead', did: true }] })).toEqual(['b']);
		expect(listed({ events: [{ event: 'no such event', did: false }], attributes: [{ name: 'plan', op: 'not', values: ['pro'] }] })).toEqual(['a', 'b', 'c', 'd']);
	});

	it('every analysis counts only the chosen customers', () => {
		const mask = customerMask(t, c.firstSeen, { attributes: [{ name: 'channel', values: ['email'] }], attribution: 'last' }); // a, c, d
		expect(funnel(c, leadLifecycle, { mask }).steps.map((s) => s.count)).toEqual([3, 2, 2, 2, 2, 2, 0]);
		expect(funnel(c, leadLifecycle, { mask }).customers).toBe(3);
		const status = customerStatus(t, c, { inactiveAfterDays: 5, lostAfterDays: 10 }, mask);
		// As of day 13: a quiet 8 days (inactive), c 3 (active), d 0 (active).
		expect(status.counts).toEqual({ active: 2, inactive: 1, lost: 0, wonBack: 0 });
		const stages = stageTable(t, c, leadLifecycle, status, mask);
		expect(stages.customers).toBe(3);
		expect(stages.rows.map((r) => r.current)).toEqual([1, 0, 0, 0, 0, 2, 0]);
		expect(stagePaths(c, leadLifecycle, { positions: 3, mask }).customers).toBe(3);
		expect(lifecycleTrend(t, 'month', mask).periods[0].new).toBe(3);
	});
});

describe('drill-down', () => {
	const t = table();
	const c = classify(t, leadLifecycle);
	const status = customerStatus(t, c, { inactiveAfterDays: 5, lostAfterDays: 10 });
	const names = (list: number[]) => list.map((i) => t.customerIds[i]);

	it('lists the customers at a funnel step, in a stage and on a Sankey node or link', () => {
		expect(names(customersAtStep(stepTimes(c, leadLifecycle), 1))).toEqual(['a', 'b', 'd']);
		expect(names(customersInStage(c, 5, () => true))).toEqual(['a', 'd']);
		// Paths: a prospect → lead → customer; b prospect → lead → end; c prospect → end; d prospect and customer at once.
		expect(names(customersOnPath(c, { kind: 'path-node', node: '1:1', positions: 3 }, () => true))).toEqual(['a', 'b']);
		expect(names(customersOnPath(c, { kind: 'path-link', source: '1:1', target: '2:-1', positions: 3 }, () => true))).toEqual(['b']);
		const paths = stagePaths(c, leadLifecycle, { positions: 3 });
		for (const link of paths.links) {
			expect(customersOnPath(c, { kind: 'path-link', source: link.source, target: link.target, positions: 3 }, () => true).length).toBe(link.customers);
		}
	});

	it('gives each customer stage, status, first and last seen, events and value', () => {
		const list = listCustomers(t, c, leadLifecycle, status, [0, 3]);
		expect(list).toEqual({
			total: 2,
			rows: [
				{ id: 'a', stage: 'Customer', status: 'inactive', wonBack: false, firstSeen: day(1), lastSeen: day(5), events: 3, value: 100 },
				{ id: 'd', stage: 'Customer', status: 'active', wonBack: false, firstSeen: day(12), lastSeen: day(13), events: 2, value: 40 }
			]
		});
		expect(listCustomers(t, c, leadLifecycle, status, [0, 1, 2, 3], 2)).toMatchObject({ total: 4, rows: [{ id: 'a' }, { id: 'b' }] });
	});
});

describe('drill-down agrees with the charts', () => {
	it('property: every retention cell and trend segment lists exactly as many customers as it counts', () => {
		const random = seededRandom(21);
		for (let round = 0; round < 5; round++) {
			const rows: [string, number, string][] = [];
			for (let c = random.int(1, 60); c > 0; c--) for (let k = random.int(1, 8); k > 0; k--) rows.push([`c${c}`, day(1) + random.int(0, 150) * 86_400_000, random.pick(['visit', 'purchase'])]);
			const t = tableOf(rows);
			const c = classify(t, leadLifecycle);
			for (const mode of ['bounded', 'unbounded'] as const) {
				const result = retention(t, { period: 'week', cohortTimes: c.firstSeen, mode, end: c.asOf });
				for (const cohort of result.cohorts) {
					cohort.counts.forEach((n, k) => {
						if (n === null) return;
						expect(customersInRetentionCell(t, { cohortTimes: c.firstSeen, period: 'week', mode, end: c.asOf }, cohort.period, k).length).toBe(n);
					});
				}
			}
			for (const p of lifecycleTrend(t, 'week').periods) {
				for (const category of ['new', 'returning', 'resurrecting', 'dormant'] as const) {
					expect(customersInTrend(t, 'week', p.period, category, () => true).length).toBe(p[category]);
				}
			}
		}
	});

	it('property: every time-to-convert bin and entry cohort point lists as many customers as it counts', () => {
		const random = seededRandom(33);
		const names = ['visit', 'lead', 'mql', 'sql', 'opportunity', 'purchase', 'order'];
		for (let round = 0; round < 5; round++) {
			const rows: [string, number, string][] = [];
			for (let c = random.int(5, 80); c > 0; c--) for (let k = random.int(1, 8); k > 0; k--) rows.push([`c${c}`, day(1) + random.int(0, 120) * 86_400_000, random.pick(names)]);
			const t = tableOf(rows);
			const c = classify(t, leadLifecycle);
			const steps = stepTimes(c, leadLifecycle);
			for (const bin of conversionTime(steps, 0, 5).histogram) {
				expect(customersConvertingIn(steps, 0, 5, bin.from, bin.to).length).toBe(bin.customers);
			}
			for (const cohort of conversionOverTime(c, leadLifecycle, 'week').cohorts) {
				for (let k = 0; k < 7; k++) {
					expect(customersOfEntryCohort(steps, 'week', cohort.period, k).length).toBe(Math.round((cohort.rates[k] ?? 0) * cohort.entered));
				}
			}
		}
	});
});
