/**
 * "Why did they convert?" (engine/drivers.ts): odds ratios and Woolf intervals against a hand computation on a
 * table whose customers are named by the side they are on; the hiding of candidates that fewer than 30 converters or
 * 30 non-converters have, or that fewer than 30 lack;
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
		expect(result).toMatchObject({ step: 2, stageId: 'mql', previousStageId: 'lead', converters: 150, nonConverters: 210, minCustomers: 30 });
	});

	it('gives each attribute value its 2x2 table, odds ratio and Woolf interval', () => {
		// channel = email: a = 90 converters with it (c001-c090), b = 30 non-converters with it (s001-s030),
		// c = 60 converters without (c091-c150), d = 180 non-converters without (s031-s210).
		// OR = (90 · 180) / (30 · 60) = 9; SE(log OR) = √(1/90 + 1/30 + 1/60 + 1/180) = √(0.2 / 3) = 0.25820;
		// 95%: exp(ln 9 ± 1.95996 · 0.25820) = exp(2.19722 ± 0.50606) = 5.4258 to 14.929.
		expect(find(result.candidates, 'channel', 'email')).toEqual({
			kind: 'attribute',
			name: 'channel',
			value: 'email',
			convertedWith: 90,
			stoppedWith: 30,
			convertedWithout: 60,
			stoppedWithout: 180,
			oddsRatio: expect.closeTo(9, 9),
			low: expect.closeTo(5.42579, 4),
			high: expect.closeTo(14.9287, 3),
			corrected: false
		});
		// ads is the same table the other way round: OR = (60 · 30) / (180 · 90) = 1/9, interval 1/14.929 to 1/5.4258.
		const ads = find(result.candidates, 'channel', 'ads')!;
		expect([ads.convertedWith, ads.stoppedWith, ads.convertedWithout, ads.stoppedWithout]).toEqual([60, 180, 90, 30]);
		expect(ads.oddsRatio).toBeCloseTo(1 / 9, 9);
		expect([ads.low, ads.high]).toEqual([expect.closeTo(1 / 14.9287, 5), expect.closeTo(1 / 5.42579, 5)]);
	});

	it('counts an event done at or before the step before: the webinar', () => {
		// webinar: a = 75 (c001-c075), b = 30 (s001-s030), c = 75 (c076-c150), d = 180 (s031-s210).
		// OR = (75 · 180) / (30 · 75) = 6; SE = √(1/75 + 1/30 + 1/75 + 1/180) = √0.065556 = 0.25604;
		// 95%: exp(1.79176 ± 0.50183) = 3.6325 to 9.9104.
		expect(find(result.candidates, 'webinar')).toMatchObject({
			kind: 'event',
			convertedWith: 75,
			stoppedWith: 30,
			convertedWithout: 75,
			stoppedWithout: 180,
			oddsRatio: expect.closeTo(6, 9),
			low: expect.closeTo(3.63255, 4),
			high: expect.closeTo(9.9104, 3),
			corrected: false
		});
	});

	it('leaves out what happened between the steps: the converters’ demo, the MQL itself, the others’ unsubscribe', () => {
		// Counted, each would be an almost perfect "driver": done by every customer of one side only.
		for (const name of ['demo', 'mql', 'unsubscribe']) expect(find(result.candidates, name)).toBeUndefined();
		// Nor are they among the hidden: hidden are visit and lead (done by all 360: nobody without them), the
		// pricing page (no converter, 9 non-converters) and region = north (no converter, 90 non-converters).
		expect(result.hidden).toBe(4);
	});

	it('hides a candidate that fewer than 30 customers have on either side, or that fewer than 30 lack, and counts it', () => {
		// Fewer than 30 on one side: the pricing page (0 and 9) and region = north (0 converters, 90 non-converters).
		expect(find(result.candidates, 'pricing page')).toBeUndefined();
		expect(find(result.candidates, 'region', 'north')).toBeUndefined();
		// Everyone on both sides has it: no one to compare it with.
		expect(find(result.candidates, 'visit')).toBeUndefined();
		expect(find(result.candidates, 'lead')).toBeUndefined();
		// email and the webinar have exactly 30 non-converters (s001-s030): at the minimum, shown.
		expect(find(result.candidates, 'channel', 'email')?.stoppedWith).toBe(30);
		expect(find(result.candidates, 'webinar')?.stoppedWith).toBe(30);
		// Filter out s001: 29 non-converters with email and with the webinar, so both are hidden now.
		const mask = new Uint8Array(table.customerIds.length).fill(1);
		mask[table.customerIds.indexOf('s001')] = 0;
		const fewer = driversOf(table, 'mql', { mask });
		expect(fewer.nonConverters).toBe(209);
		expect(find(fewer.candidates, 'channel', 'email')).toBeUndefined();
		expect(find(fewer.candidates, 'webinar')).toBeUndefined();
		expect(find(fewer.candidates, 'channel', 'ads')).toBeDefined();
		expect(fewer.hidden).toBe(result.hidden + 2);
		// With a minimum of 0 nothing is hidden, what everyone has included (visit, lead).
		expect(driversOf(table, 'mql', {}, 0).hidden).toBe(0);
		// region = south: 150 converters and 120 who stopped have it, 90 lack it (s001-s090): shown with a minimum of
		// 90, hidden with 91 for the 90 without it alone (both sides with it are over 91).
		expect(find(driversOf(table, 'mql', {}, 90).candidates, 'region', 'south')).toBeDefined();
		expect(find(driversOf(table, 'mql', {}, 91).candidates, 'region', 'south')).toBeUndefined();
	});

	it('adds 0.5 to every cell when one is 0 (Haldane-Anscombe)', () => {
		// region = south: a = 150 converters (all), b = 120 (s091-s210), c = 0, d = 90 (s001-s090).
		// Corrected: OR = (150.5 · 90.5) / (120.5 · 0.5) = 13,620.25 / 60.25 = 226.062;
		// SE = √(1/150.5 + 1/120.5 + 1/0.5 + 1/90.5) = √2.025993 = 1.42337; 95%: exp(5.42081 ± 2.78976) = 13.888 to 3,679.6.
		expect(find(result.candidates, 'region', 'south')).toMatchObject({
			convertedWith: 150,
			stoppedWith: 120,
			convertedWithout: 0,
			stoppedWithout: 90,
			oddsRatio: expect.closeTo(226.0622, 3),
			low: expect.closeTo(13.8883, 3),
			high: expect.closeTo(3679.65, 1),
			corrected: true
		});
		// (10.5 · 5.5) / (0.5 · 5.5) = 21
		expect(oddsRatio(10, 0, 5, 5)).toMatchObject({ oddsRatio: expect.closeTo(21, 9), corrected: true });
		expect(oddsRatio(2, 3, 4, 5).corrected).toBe(false);
	});

	it('ranks by how far the interval stays from 1 on the log scale', () => {
		// south: ln 13.888 = 2.631; ads: ln(1 / (1 / 5.4258)) = 1.691, and email, its mirror, the same; webinar:
		// ln 3.6325 = 1.290. Ties go by name and value.
		expect(result.candidates.map((c) => `${c.name}=${c.value ?? ''}`)).toEqual(['region=south', 'channel=ads', 'channel=email', 'webinar=']);
	});

	it('is empty when nobody is on one side, and refuses a step that has no step before it', () => {
		expect(driversOf(table, 'sql')).toMatchObject({ converters: 0, nonConverters: 150, candidates: [], hidden: 0 });
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
		// A filter (email only) narrows both sides: 90 converters, 30 non-converters.
		const email = session.drivers({ ...query, filter: { attributes: [{ name: 'channel', values: ['email'] }] } });
		expect([email.converters, email.nonConverters]).toEqual([90, 30]);
		// With the lead step hidden, the step before MQL is the prospect: the prospects p001-p030 join the non-converters.
		const withoutLead = session.drivers({ ...query, steps: [0, 2, 3, 4, 5, 6] });
		expect(withoutLead).toMatchObject({ previousStageId: 'prospect', converters: 150, nonConverters: 240 });
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
				// An attribute's values partition the two sides, unless one value is everyone's (hidden: no comparison).
				const channel = result.candidates.filter((c) => c.name === 'channel');
				if (channel.length === 0) return;
				expect(channel.reduce((n, c) => n + c.convertedWith, 0)).toBe(result.converters);
				expect(channel.reduce((n, c) => n + c.stoppedWith, 0)).toBe(result.nonConverters);
			}),
			{ numRuns: 200 }
		);
		expect(MIN_CUSTOMERS_PER_SIDE).toBe(30);
	});
});
