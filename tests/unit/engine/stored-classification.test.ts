/**
 * The stored classification (engine/stored-classification.ts, issue 26): packed and unpacked it is the classification
 * classify gave, on random tables under every template and random models with every kind of rule, both progressions
 * and as-of dates inside, before and after the data; times that are not whole seconds are kept as they are; and it is
 * never read back for another model, another number of customers or another as-of date, nor under another key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { leadLifecycle, templates, type LifecycleModel } from '../../../src/lib/engine/model';
import { CLASSIFIER_VERSION, packClassification, storedClassificationKey, unpackClassification } from '../../../src/lib/engine/stored-classification';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { randomModel, randomTable } from '../../helpers/random-models';
import { DAY, day, tableOf } from '../../helpers/tables';
import '../../helpers/property-seed';

describe('a stored classification', () => {
	it('unpacks to the classification it was packed from, under every template, random models and as-of dates', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const random = seededRandom(seed);
				const table = randomTable(random);
				const model = random.chance(0.5) ? random.pick(templates) : randomModel(random);
				const asOf = random.pick([undefined, random.int(0, 420) * DAY, -DAY, 500 * DAY]);
				const classification = classify(table, model, { asOf });
				const stored = packClassification(classification);
				// Whole days: every time is kept as u32 seconds.
				expect(stored.entered.base).not.toBeNull();
				expect(unpackClassification(stored, model, table.customerIds.length, classification.asOf)).toEqual(classification);
			}),
			{ numRuns: 60 }
		);
	});

	it('keeps 4 bytes a time when they are whole seconds, and the milliseconds as they are when not', () => {
		const whole = classify(tableOf([['a', day(1), 'lead'], ['a', day(2), 'MQL'], ['b', day(3), 'lead']]), leadLifecycle);
		const packed = packClassification(whole);
		expect(packed.entered).toMatchObject({ base: day(1) });
		if (packed.entered.base === null || !('present' in packed.entered)) throw new Error('expected the cells with a time, in seconds');
		// Only the cells with a time: a entered lead on day 1 (second 0, stored as 1) and MQL on day 2, b lead on day 3, and
		// each the stage before lead as first seen. Their seconds in cell order and a bit for each, in one word.
		const S = leadLifecycle.stages.length;
		const lead = leadLifecycle.stages.findIndex((s) => s.id === 'lead');
		const mql = leadLifecycle.stages.findIndex((s) => s.id === 'mql');
		const cells = [lead, mql, S + lead];
		for (let stage = 0; stage < lead; stage++) cells.push(stage, S + stage);
		cells.sort((a, b) => a - b);
		expect([...packed.entered.present]).toEqual([cells.reduce((word, cell) => word | (1 << cell), 0)]);
		const { seconds } = packed.entered;
		const secondsOf = new Map(cells.map((cell, k) => [cell, seconds[k]]));
		expect(secondsOf.get(lead)).toBe(1);
		expect(secondsOf.get(mql)).toBe(DAY / 1000 + 1);
		expect(secondsOf.get(S + lead)).toBe(2 * (DAY / 1000) + 1);
		expect(packed.entered.seconds.length).toBe(cells.length);
		expect(packed.entered.length).toBe(2 * S);
		// First and last seen have a time for every customer: every cell's seconds.
		expect(packed.firstSeen).toMatchObject({ base: day(1), seconds: new Uint32Array([1, 2 * (DAY / 1000) + 1]) });
		expect('present' in packed.firstSeen).toBe(false);
		// A stage table with a time in nearly every cell is kept whole, 0 where never.
		const full = packClassification({ ...whole, entered: whole.entered.map((t, i) => (i === 1 ? NaN : day(1))) });
		if (full.entered.base === null || 'present' in full.entered) throw new Error('expected every cell');
		expect(full.entered.seconds.byteLength).toBe(2 * S * 4);
		expect(full.entered.seconds[1]).toBe(0);

		const table = tableOf([['a', day(1) + 1, 'lead'], ['a', day(2), 'MQL']]);
		const ms = classify(table, leadLifecycle);
		const kept = packClassification(ms);
		expect(kept.entered.base).toBeNull();
		expect(unpackClassification(kept, leadLifecycle, 1, ms.asOf)).toEqual(ms);
	});

	it('is not read back when its cells and their bits disagree (a damaged record)', () => {
		const classification = classify(tableOf([['a', day(1), 'lead'], ['a', day(2), 'MQL'], ['b', day(3), 'lead']]), leadLifecycle);
		const stored = packClassification(classification);
		if (stored.entered.base === null || !('present' in stored.entered)) throw new Error('expected the cells with a time');
		const { present, seconds } = stored.entered;
		const damaged = (entered: object) => unpackClassification({ ...stored, entered: { ...stored.entered, ...entered } }, leadLifecycle, 2, classification.asOf);
		expect(damaged({})).toEqual(classification);
		expect(damaged({ seconds: seconds.slice(1) })).toBeNull();
		expect(damaged({ present: new Uint32Array([present[0] | (1 << 20)]) })).toBeNull();
		expect(damaged({ present: new Uint32Array([present[0], 0]) })).toBeNull();
		expect(damaged({ present: null })).toBeNull();
	});

	it('is not read back for another model, another number of customers or another as-of date', () => {
		const table = tableOf([['a', day(1), 'lead'], ['a', day(2), 'MQL'], ['b', day(3), 'lead']]);
		const classification = classify(table, leadLifecycle);
		const stored = packClassification(classification);
		const other = templates.find((t) => t.stages.length !== leadLifecycle.stages.length || t.stages.some((s, i) => s.id !== leadLifecycle.stages[i]?.id))!;
		const renamed: LifecycleModel = { ...leadLifecycle, stages: leadLifecycle.stages.map((s, i) => (i === 1 ? { ...s, id: 'renamed' } : s)) };
		expect(unpackClassification(stored, other, 2, classification.asOf)).toBeNull();
		expect(unpackClassification(stored, renamed, 2, classification.asOf)).toBeNull();
		expect(unpackClassification(stored, { ...leadLifecycle, progression: 'latest' }, 2, classification.asOf)).toBeNull();
		expect(unpackClassification(stored, leadLifecycle, 3, classification.asOf)).toBeNull();
		expect(unpackClassification(stored, leadLifecycle, 2, classification.asOf + 1)).toBeNull();
		expect(unpackClassification(stored, leadLifecycle, 2, classification.asOf)).toEqual(classification);
	});

	it('is keyed by the classifier version, every rule of the model, its progression and the resolved as-of date', () => {
		const key = storedClassificationKey(leadLifecycle, day(10));
		expect(JSON.parse(key)[0]).toBe(CLASSIFIER_VERSION);
		const editedRule: LifecycleModel = structuredClone(leadLifecycle);
		const rule = editedRule.stages[1].enter[0];
		if (rule.kind !== 'event') throw new Error('the lead stage is entered by an event');
		rule.names = [...rule.names, 'webinar'];
		expect(storedClassificationKey(editedRule, day(10))).not.toBe(key);
		expect(storedClassificationKey({ ...leadLifecycle, progression: 'latest' }, day(10))).not.toBe(key);
		expect(storedClassificationKey(leadLifecycle, day(11))).not.toBe(key);
		expect(storedClassificationKey(structuredClone(leadLifecycle), day(10))).toBe(key);
	});
});
