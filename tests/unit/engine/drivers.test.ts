/**
 * "Why did they convert?" (engine/drivers.ts): odds ratios and Woolf intervals against a hand computation on a
 * table whose customers are named by the side they are on; the hiding of candidates under 30 customers on a side;
 * the Haldane-Anscombe correction; prior events counted up to the step before only; and, on random tables, every
 * candidate's four cells adding up to the funnel's converters and non-converters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributedCodes } from '../../../src/lib/engine/attribution';
import { classify } from '../../../src/lib/engine/classify';
import { drivers, oddsRatio, MIN_CUSTOMERS_PER_SIDE, type DriverCandidate } from '../../../src/lib/engine/drivers';
import { funnel, stepTimes, type FunnelOptions } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { EngineSession } from '../../../src/lib/engine/session';
import { EventTableBuilder, type EventTable } from '../../../src/lib/engine/table';
import { leadEventRows } from '../../helpers/lead-events';
import { driverRows } from '../../helpers/drivers-fixture';

const model = leadLifecycle;
const stageIds = model.stages.map((s) => s.id);

/** The customers of tests/helpers/drivers-fixture.ts, named by side: c converters, s stopped at lead, p prospects. */
function leadTable(): EventTable {
	const builder = new EventTableBuilder(['channel', 'region']);
	for (const [customer, time, event, channel, region] of driverRows()) builder.add(customer, time, event, NaN, [channel, region]);
	return builder.build();
}

function driversOf(table: EventTable, stage: string, options: FunnelOptions = {}, minCustomers?: number) {
	const classification = classify(table, model);
	return drivers(
		table,
		stage,
		{ stepTimes: stepTimes(classification, model, options), stageIds, attributed: (name) => attributedCodes(table, table.attributes.find((a) => a.name === name)!, 'first', null) },
		minCustomers
	);
}

const find = (candidates: DriverCandidate[], name: string, value: string | null = null) => candidates.find((c) => c.name === name && c.value === value);

describe('drivers of a funnel step, by hand', () => {
	const table = leadTable();
	const result = driversOf(table, 'mql');

	it('compares who reached the step with who reached the step before and stopped', () => {
		expect(result).toMatchObject({ step: 2, stageId: 'mql', previousStageId: 'lead', converters: 50, nonConverters: 70, minCustomers: 30 });
	});

	it('gives each attribute value its 2x2 table, odds ratio and Woolf interval', () => {
		// channel = email: a = 30 converters with it (c01-c30), b = 10 non-converters with it (s01-s10),
		// c = 20 converters without (c31-c50), d = 60 non-converters without (s11-s70).
		// OR = (30 · 60) / (10 · 20) = 9; SE(log OR) = √(1/30 + 1/10 + 1/20 + 1/60) = √0.2 = 0.44721;
		// 95%: exp(ln 9 ± 1.95996 · 0.44721) = exp(2.19722 ± 0.87652) = 3.7461 to 21.623.
		expect(find(result.candidates, 'channel', 'email')).toEqual({
			kind: 'attribute',
			name: 'channel',
			value: 'email',
			convertedWith: 30,
			stoppedWith: 10,
			convertedWithout: 20,
			stoppedWithout: 60,
			oddsRatio: expect.closeTo(9, 9),
			low: expect.closeTo(3.7461, 4),
			high: expect.closeTo(21.6228, 4),
			corrected: false
		});
		// ads is the same table the other way round: OR = (20 · 10) / (60 · 30) = 1/9, interval 1/21.623 to 1/3.7461.
		const ads = find(result.candidates, 'channel', 'ads')!;
		expect([ads.convertedWith, ads.stoppedWith, ads.convertedWithout, ads.stoppedWithout]).toEqual([20, 60, 30, 10]);
		expect(ads.oddsRatio).toBeCloseTo(1 / 9, 9);
		expect([ads.low, ads.high]).toEqual([expect.closeTo(1 / 21.6228, 5), expect.closeTo(1 / 3.7461, 4)]);
	});

	it('counts an event done at or before the step before: the webinar', () => {
		// webinar: a = 25 (c01-c25), b = 10 (s01-s10), c = 25 (c26-c50), d = 60 (s11-s70).
		// OR = (25 · 60) / (10 · 25) = 6; SE = √(1/25 + 1/10 + 1/25 + 1/60) = √0.19667 = 0.44347;
		// 95%: exp(1.79176 ± 0.86918) = 2.5158 to 14.310.
		expect(find(result.candidates, 'webinar')).toMatchObject({
			kind: 'event',
			convertedWith: 25,
			stoppedWith: 10,
			convertedWithout: 25,
			stoppedWithout: 60,
			oddsRatio: expect.closeTo(6, 9),
			low: expect.closeTo(2.5158, 4),
			high: expect.closeTo(14.3098, 4),
			corrected: false
		});
	});

	it('leaves out what happened between the steps: the converters’ demo, the MQL itself, the others’ unsubscribe', () => {
		// Counted, each would be an almost perfect "driver": done by every customer of one side only.
		for (const name of ['demo', 'mql', 'unsubscribe']) expect(find(result.candidates, name)).toBeUndefined();
		// Nor are they among the hidden: hidden are visit and lead (done by all 120: nobody without them) and the
		// pricing page (3 customers with it), none of the attribute values.
		expect(result.hidden).toBe(3);
	});

	it('hides a candidate with fewer than 30 customers with it or without it, and counts it', () => {
		expect(find(result.candidates, 'pricing page')).toBeUndefined();
		expect(find(result.candidates, 'visit')).toBeUndefined();
		// north: 30 with it (s01-s30) and 90 without; south the other way round: both at the minimum, both shown.
		expect(find(result.candidates, 'region', 'north')).toBeDefined();
		expect(find(result.candidates, 'region', 'south')).toBeDefined();
		// Filter out two northerners (s01, s02): 28 with north and 28 without south, so both are hidden now.
		const mask = new Uint8Array(table.customerIds.length).fill(1);
		mask[table.customerIds.indexOf('s01')] = 0;
		mask[table.customerIds.indexOf('s02')] = 0;
		const fewer = driversOf(table, 'mql', { mask });
		expect(find(fewer.candidates, 'region', 'north')).toBeUndefined();
		expect(find(fewer.candidates, 'region', 'south')).toBeUndefined();
		expect(fewer.hidden).toBe(result.hidden + 2);
		expect(fewer.nonConverters).toBe(68);
	});

	it('adds 0.5 to every cell when one is 0 (Haldane-Anscombe)', () => {
		// region = north: a = 0 converters, b = 30 (s01-s30), c = 50, d = 40 (s31-s70).
		// Corrected: OR = (0.5 · 40.5) / (30.5 · 50.5) = 20.25 / 1540.25 = 0.013147;
		// SE = √(1/0.5 + 1/30.5 + 1/50.5 + 1/40.5) = √2.07695 = 1.44116; 95%: exp(−4.33168 ± 2.82462) = 0.00078 to 0.2216.
		expect(find(result.candidates, 'region', 'north')).toMatchObject({
			convertedWith: 0,
			stoppedWith: 30,
			convertedWithout: 50,
			stoppedWithout: 40,
			oddsRatio: expect.closeTo(0.013147, 6),
			low: expect.closeTo(0.00077986, 7),
			high: expect.closeTo(0.22164, 4),
			corrected: true
		});
		// (10.5 · 5.5) / (0.5 · 5.5) = 21
		expect(oddsRatio(10, 0, 5, 5)).toMatchObject({ oddsRatio: expect.closeTo(21, 9), corrected: true });
		expect(oddsRatio(2, 3, 4, 5).corrected).toBe(false);
	});

	it('ranks by how far the interval stays from 1 on the log scale', () => {
		// north: ln(1 / 0.2216) = 1.507, and south, its mirror (OR = 1 / 0.013147), the same; ads: ln(1 / (1 / 3.746))
		// = 1.321, and email, its mirror, the same; webinar: ln 2.516 = 0.923. Ties go by name and value.
		expect(result.candidates.map((c) => `${c.name}=${c.value ?? ''}`)).toEqual(['region=north', 'region=south', 'channel=ads', 'channel=email', 'webinar=']);
	});

	it('is empty when nobody is on one side, and refuses a step that has no step before it', () => {
		expect(driversOf(table, 'sql')).toMatchObject({ converters: 0, nonConverters: 50, candidates: [], hidden: 0 });
		expect(() => driversOf(table, 'prospect')).toThrow(/"prospect" is not a funnel step after the first: expected one of lead, mql, sql/);
		expect(() => driversOf(table, 'nope')).toThrow(RangeError);
	});
});

describe('drivers through the session', () => {
	it('follow the funnel’s options and the attribution', () => {
		const table = leadTable();
		const session = new EngineSession(table);
		const query = { model, mode: 'cumulative' as const, windowDays: null, stage: 'mql' };
		expect(session.drivers(query)).toEqual(driversOf(table, 'mql'));
		// A filter (email only) narrows both sides: 30 converters, 10 non-converters.
		const email = session.drivers({ ...query, filter: { attributes: [{ name: 'channel', values: ['email'] }] } });
		expect([email.converters, email.nonConverters]).toEqual([30, 10]);
		// With the lead step hidden, the step before MQL is the prospect: the prospects p01-p10 join the non-converters.
		const withoutLead = session.drivers({ ...query, steps: [0, 2, 3, 4, 5, 6] });
		expect(withoutLead).toMatchObject({ previousStageId: 'prospect', converters: 50, nonConverters: 80 });
		// Attributed at the last event: the same here (every event carries the customer's channel).
		expect(session.drivers({ ...query, attribution: 'last' }).candidates).toEqual(session.drivers(query).candidates);
	});
});

describe('drivers, properties', () => {
	it('every candidate’s four cells add up to the funnel’s converters and non-converters', () => {
		fc.assert(
			fc.property(leadEventRows, fc.integer({ min: 1, max: 6 }), fc.constantFrom('cumulative' as const, 'strict' as const), (rows, step, mode) => {
				const builder = new EventTableBuilder(['channel']);
				rows.forEach(([c, t, e], i) => builder.add(c, t, e, NaN, [['email', 'ads', ''][i % 3]]));
				const table = builder.build();
				const classification = classify(table, model);
				const times = stepTimes(classification, model, { mode });
				const steps = funnel(classification, model, { mode }).steps;
				const result = drivers(table, stageIds[step], { stepTimes: times, stageIds, attributed: (name) => attributedCodes(table, table.attributes.find((a) => a.name === name)!, 'first', null) }, 0);
				expect(result.converters).toBe(steps[step].count);
				expect(result.nonConverters).toBe(steps[step - 1].count - steps[step].count);
				if (result.converters === 0 || result.nonConverters === 0) return;
				for (const c of result.candidates) {
					expect(c.convertedWith + c.stoppedWith + c.convertedWithout + c.stoppedWithout).toBe(result.converters + result.nonConverters);
					expect(Math.min(c.convertedWith, c.stoppedWith, c.convertedWithout, c.stoppedWithout)).toBeGreaterThanOrEqual(0);
					expect(c.low).toBeLessThanOrEqual(c.oddsRatio);
					expect(c.oddsRatio).toBeLessThanOrEqual(c.high);
				}
				// An attribute's values partition the two sides.
				const channel = result.candidates.filter((c) => c.name === 'channel');
				expect(channel.reduce((n, c) => n + c.convertedWith, 0)).toBe(result.converters);
				expect(channel.reduce((n, c) => n + c.stoppedWith, 0)).toBe(result.nonConverters);
			}),
			{ numRuns: 200 }
		);
		expect(MIN_CUSTOMERS_PER_SIDE).toBe(30);
	});
});
