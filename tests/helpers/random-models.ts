/**
 * Random tables and models with every kind of rule, both progressions, repeated times and names (ties decide 'latest'
 * progression), for the classification's property tests (classify-rewrite, stored-classification).
 */
import type { LifecycleModel, Rule } from '../../src/lib/engine/model';
import { EventTableBuilder, type EventTable } from '../../src/lib/engine/table';
import type { seededRandom } from '../../scripts/lib/random.mjs';
import { DAY } from './tables';

export type Random = ReturnType<typeof seededRandom>;
const NAMES = ['page_view', 'lead', 'MQL', 'sql', 'opportunity', 'customer', 'purchase', 'order', 'signup', 'email open', 'Deal Stage: Won'];
const CHANNELS = ['email', 'ads', 'direct', ''];

export function randomTable(random: Random): EventTable {
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

export function randomModel(random: Random): LifecycleModel {
	const stages = Array.from({ length: random.int(1, 7) }, (_, s) => ({ id: `s${s}`, label: `Stage ${s}`, enter: Array.from({ length: random.int(1, 3) }, () => randomRule(random)) }));
	return { id: 'random', name: 'Random', progression: random.chance(0.5) ? 'latest' : 'forward-only', stages };
}

