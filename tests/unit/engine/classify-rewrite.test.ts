/**
 * The classification as rewritten for speed (issue 25's compare budget: flat typed arrays for the rules, each
 * customer's stages settled in the same pass) gives exactly what the previous classification gave
 * (tests/helpers/classify-before.ts, kept frozen for this), on random tables under every template and under random
 * models with every kind of rule, both progressions and as-of dates inside, before and after the data.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { templates } from '../../../src/lib/engine/model';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { classifyBefore } from '../../helpers/classify-before';
import { randomModel, randomTable } from '../../helpers/random-models';
import { DAY } from '../../helpers/tables';

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
