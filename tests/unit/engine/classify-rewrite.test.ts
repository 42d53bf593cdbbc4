/**
 * The classification as rewritten for speed (issue 25's compare budget: flat typed arrays for the rules, each
 * customer's stages settled in the same pass) gives exactly what the previous classification gave
 * (tests/helpers/classify-before.ts, kept frozen for this), on random tables under every template and under random
 * models with every kind of rule, both progressions and as-of dates inside, before and after the data.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { templates, type LifecycleModel, type Rule } from '../../../src/lib/engine/model';
import { EventTableBuilder, type EventTable } from '../../../src/lib/engine/table';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { classifyBefore } from '../../helpers/classify-before';
import { DAY } from '../../helpers/tables';

type Random = ReturnType<typeof seededRandom>;
const NAMES = ['page_view', 'lead', 'MQL', 'sql', 'opportunity', 'customer', 'purchase', 'order', 'signup', 'email open', 'Deal Stage: Won'];
const CHANNELS = ['email', 'ads', 'direct', ''];

function randomTable(random: Random): EventTable {
	const builder = new EventTableBuilder(['channel']);
	for (let c = random.int(0, 200); c > 0; c--) {
		const start = random.int(0, 300);
		for (let k = random.int(1, 12); k > 0; k--) {
			// Repeated times and names on purpose: ties decide 'latest' progression.
			const value = random.chance(0.2) ? NaN : random.int(0, 400);
			builder.add(`c${c}`, (start + random.int(0, 120)) * DAY, random.pick(NAMES), value, [random.pick(CHANNELS)]);
		}
	}
	return builder.build();
}

function randomRule(random: Random): Rule {
	switch (random.int(0, 5)) {
		case 0:
			return { kind: 'first-seen' };
		case 1:
			return { kind: 'activity', minCount: random.int(1, 4) };
		case 2:
			return { kind: 'inactivity', days: random.int(5, 60) };
		case 3:
			return { kind: 'stage-date', column: random.pick(NAMES) };
		default:
			return {
				kind: 'event',
				names: [random.pick(NAMES), random.pick(NAMES)],
				...(random.chance(0.4) ? { minCount: random.int(1, 3) } : {}),
				...(random.chance(0.3) ? { minValue: random.int(0, 300) } : {}),
				...(random.chance(0.3) ? { where: { attribute: random.chance(0.9) ? 'channel' : 'country', in: [random.pick(CHANNELS), random.pick(CHANNELS)] } } : {})
			};
	}
}

function randomModel(random: Random): LifecycleModel {
	const stages = Array.from({ length: random.int(1, 7) }, (_, s) => ({ id: `s${s}`, label: `Stage ${s}`, enter: Array.from({ length: random.int(1, 3) }, () => randomRule(random)) }));
	return { id: 'random', name: 'Random', progression: random.chance(0.5) ? 'latest' : 'forward-only', stages };
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('random table %i', (seed) => {
	const random = seededRandom(seed);
	const table = randomTable(random);
	const models = [...templates, ...Array.from({ length: 6 }, () => randomModel(random))];
	// No date (the last event's), inside the data, before it and after it.
	const dates = [undefined, random.int(0, 420) * DAY, -DAY, 500 * DAY];

	it('classifies every customer as the previous classification did, under every model and as-of date', () => {
		for (const model of models) {
			for (const asOf of dates) {
				const before = classifyBefore(table, model, { asOf });
				const now = classify(table, model, { asOf });
				// toEqual tells NaN from a number and compares typed arrays element by element.
				expect(now, `${model.id} ${JSON.stringify(model.stages)} as of ${asOf}`).toEqual(before);
			}
		}
	});
});
