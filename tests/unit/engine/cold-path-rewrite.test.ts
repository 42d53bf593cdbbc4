/**
 * The cold path rewritten for speed (issue 26: a fresh engine worker's first retention and value answers) gives
 * exactly what it gave before, on random tables (values, refunds, an attribute, as-of dates inside and outside the
 * data) and random queries:
 * - retention by first seen no longer classifies: its cohorts and end equal the classification's first seen and as-of
 *   date (tests/helpers/retention-before.ts, kept frozen), and a customer's periods are found by moving past period
 *   starts instead of computing one per event;
 * - each customer's net value visits only the rows that carry a value, and equals valueOfCustomer (every row);
 * - the data's time range reads each customer's first and last row only, and equals a scan of every row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import type { CustomerFilter } from '../../../src/lib/engine/filter';
import { leadLifecycle, templates, type LifecycleModel } from '../../../src/lib/engine/model';
import type { Period } from '../../../src/lib/engine/periods';
import { moneyEvents } from '../../../src/lib/engine/purchases';
import type { RetentionQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import { EventTableBuilder, timeRange, type EventTable } from '../../../src/lib/engine/table';
import { customerValues, valueOfCustomer } from '../../../src/lib/engine/value';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { retentionBefore, retentionOptionsBefore } from '../../helpers/retention-before';
import { DAY } from '../../helpers/tables';

type Random = ReturnType<typeof seededRandom>;
const NAMES = ['page_view', 'lead', 'MQL', 'sql', 'opportunity', 'purchase', 'refund', 'order', 'webinar'];
const CHANNELS = ['email', 'ads', 'direct'];
const START = Date.UTC(2023, 10, 20);

function randomTable(random: Random): EventTable {
	const builder = new EventTableBuilder(['channel']);
	for (let c = random.int(0, 150); c > 0; c--) {
		const first = random.int(0, 400);
		for (let k = random.int(1, 10); k > 0; k--) {
			const name = random.pick(NAMES);
			const value = name === 'refund' ? -random.int(0, 5000) / 100 : random.chance(0.3) ? random.int(0, 90000) / 100 : NaN;
			// Times within a day too, and repeated ones: period starts and ties are where a walk could slip.
			const time = START + (first + random.int(0, 200)) * DAY + random.pick([0, 0, 1, DAY / 2, DAY - 1]);
			builder.add(`c${c}`, time, name, value, [random.pick(CHANNELS)]);
		}
	}
	return builder.build();
}

function randomFilter(random: Random): CustomerFilter | undefined {
	switch (random.int(0, 3)) {
		case 0:
			return { attributes: [{ name: 'channel', values: [random.pick(CHANNELS)] }] };
		case 1:
			return { events: [{ event: 'purchase', did: random.chance(0.5) }] };
		case 2:
			return { from: START + random.int(0, 300) * DAY };
		default:
			return undefined;
	}
}

/** An as-of date: none (the last event), inside the data, before it or after it. */
const randomAsOf = (random: Random): number | undefined => random.pick([undefined, START + random.int(-30, 700) * DAY + random.int(0, DAY)]);

const MODELS: LifecycleModel[] = [leadLifecycle, ...templates];

describe('the cold path gives what it gave before', () => {
	it('retention, by first seen and by entry into a stage, under every period, mode, bracket and filter', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const random = seededRandom(seed);
				const table = randomTable(random);
				const model = random.pick(MODELS);
				const query: RetentionQuery = {
					model,
					asOf: randomAsOf(random),
					filter: randomFilter(random),
					period: random.pick(['day', 'week', 'month'] as Period[]),
					// First seen (-1, or past the last stage) most often: the path that no longer classifies.
					cohortStage: random.pick([-1, -1, model.stages.length, random.int(0, model.stages.length - 1)]),
					returnEvent: random.pick([null, null, 'purchase', 'webinar', 'no such event']),
					mode: random.pick(['bounded', 'unbounded'] as const),
					...(random.chance(0.3) ? { brackets: [0, 1, random.int(2, 5), random.int(6, 40)] } : {})
				};
				const session = new EngineSession(table);
				const expected = retentionBefore(table, retentionOptionsBefore(table, query, session.mask(query)));
				expect(session.retention(query)).toEqual(expected);
			}),
			{ numRuns: 80 }
		);
	});

	it('the as-of date a query resolves to is the classification’s', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const random = seededRandom(seed);
				const table = randomTable(random);
				const asOf = randomAsOf(random);
				expect(new EngineSession(table).asOfDate(asOf)).toBe(classify(table, leadLifecycle, { asOf }).asOf);
			}),
			{ numRuns: 50 }
		);
	});

	it('net values: each customer’s equals valueOfCustomer, under a mask, an as-of date and the money events', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const random = seededRandom(seed);
				const table = randomTable(random);
				const n = table.customerIds.length;
				const mask = random.chance(0.5) ? Uint8Array.from({ length: n }, () => (random.chance(0.6) ? 1 : 0)) : null;
				const asOf = randomAsOf(random);
				const valueEvents = random.chance(0.7) ? moneyEvents(table).money : undefined;
				const values = customerValues(table, { mask, asOf, valueEvents });
				const expected = Float64Array.from({ length: n }, (_, c) => (mask && !mask[c] ? 0 : valueOfCustomer(table, c, valueEvents, asOf ?? Infinity)));
				// toEqual tells -0 from 0, as the stage table's sums would.
				expect(values).toEqual(expected);
			}),
			{ numRuns: 100 }
		);
	});

	it('the time range equals a scan of every row', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const table = randomTable(seededRandom(seed));
				const times = Array.from(table.time);
				expect(timeRange(table)).toEqual(times.length ? { min: Math.min(...times), max: Math.max(...times) } : null);
			}),
			{ numRuns: 50 }
		);
	});
});
