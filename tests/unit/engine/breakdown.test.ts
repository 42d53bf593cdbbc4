import { describe, expect, it } from 'vitest';
import { conversionOverTime, funnelBreakdown } from '../../../src/lib/engine/breakdown';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { EngineSession } from '../../../src/lib/engine/session';
import { EventTableBuilder } from '../../../src/lib/engine/table';

const at = (month: number, d: number) => Date.UTC(2025, month - 1, d);

/** Channel of the first event decides: a, b email; c ads; d social (a later ads event does not count). */
function table() {
	const builder = new EventTableBuilder(['channel']);
	const add = (c: string, t: number, e: string, channel: string) => builder.add(c, t, e, NaN, [channel]);
	add('a', at(1, 1), 'visit', 'email');
	add('a', at(1, 3), 'lead', 'email');
	add('a', at(2, 1), 'purchase', 'email');
	add('b', at(1, 20), 'visit', 'email');
	add('c', at(2, 2), 'lead', 'ads');
	add('d', at(2, 5), 'visit', 'social');
	add('d', at(2, 6), 'lead', 'ads');
	return builder.build();
}

describe('funnel breakdown', () => {
	const t = table();
	const c = classify(t, leadLifecycle);

	it('gives a funnel per value of the first event, largest first, and the groups add up', () => {
		const result = funnelBreakdown(t, c, leadLifecycle, 'channel');
		expect(result.groups.map((g) => [g.value, g.funnel.steps[0].count, g.funnel.steps[1].count, g.funnel.steps[5].count])).toEqual([
			['email', 2, 1, 1],
			['ads', 1, 1, 0],
			['social', 1, 1, 0]
		]);
		const all = funnel(c, leadLifecycle).steps.map((s) => s.count);
		const sum = all.map((_, k) => result.groups.reduce((n, g) => n + g.funnel.steps[k].count, 0));
		expect(sum).toEqual(all);
	});

	it('puts values beyond the top ones into "other"', () => {
		const result = funnelBreakdown(t, c, leadLifecycle, 'channel', {}, 1);
		expect(result.groups.map((g) => [g.value, g.funnel.customers])).toEqual([['email', 2], ['Other', 2]]);
	});
});

describe('an event as the breakdown ("why did they convert?" applies an event so)', () => {
	const session = new EngineSession(table());

	it('splits the customers into who did it at least once and who did not, each once, largest first', () => {
		// visit: a, b, d (3); never: c. purchase: a; never: b, c, d.
		const funnels = (event: string) => session.breakdown({ model: leadLifecycle, mode: 'cumulative', windowDays: null, attribute: event, event: true });
		expect(funnels('visit').groups.map((g) => [g.value, g.funnel.customers, g.funnel.steps[1].count])).toEqual([
			['did visit', 3, 2],
			['did not visit', 1, 1]
		]);
		expect(funnels('purchase').groups.map((g) => [g.value, g.funnel.customers, g.funnel.steps[5].count])).toEqual([
			['did not purchase', 3, 0],
			['did purchase', 1, 1]
		]);
		// An event the data does not have: everyone did not.
		expect(funnels('webinar').groups.map((g) => [g.value, g.funnel.customers])).toEqual([['did not webinar', 4]]);
	});

	it('keeps within the filter, and is not an attribute of the same name', () => {
		const filter = { events: [{ event: 'lead', did: true }] }; // a, c, d
		const segments = session.segments({ model: leadLifecycle, filter }, { attribute: 'visit', event: true });
		expect(segments.segments).toEqual([
			{ value: 'did visit', customers: 2 },
			{ value: 'did not visit', customers: 1 }
		]);
		expect(session.segments({ model: leadLifecycle }, { attribute: 'visit' }).segments).toEqual([]);
	});
});

describe('conversion over time', () => {
	it('gives each entry month the share reaching every step', () => {
		const t = table();
		const result = conversionOverTime(classify(t, leadLifecycle), leadLifecycle, 'month');
		// January: a (lead, customer) and b (prospect only); February: c (lead), d (lead).
		expect(result.cohorts.map((x) => [x.label, x.entered, x.rates[1], x.rates[5]])).toEqual([
			['2025-01', 2, 0.5, 0.5],
			['2025-02', 2, 1, 0]
		]);
		expect(result.steps[0]).toBe('Anonymous prospect');
	});
});
