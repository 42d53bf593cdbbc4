/**
 * The chosen customers' reach (engine/reach.ts): what the lifecycle query's funnel and stage table are read from on a
 * forward-only classification, in one read of the reached times. A hand-checked fixture, then random tables and
 * models under random masks: the funnel equals the general step timer's (groupFunnels, which reads every step time),
 * and the stage table equals one counted straight from the reached times here, stage by stage.
 */
import { describe, expect, it } from 'vitest';
import { classify, type Classification } from '../../../src/lib/engine/classify';
import { funnel, groupFunnels } from '../../../src/lib/engine/funnel';
import { leadLifecycle, templates } from '../../../src/lib/engine/model';
import { isForwardOnly, stageReach } from '../../../src/lib/engine/reach';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { quantileSorted } from '../../../src/lib/engine/stats';
import { customerStatus } from '../../../src/lib/engine/status';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { randomModel, randomTable } from '../../helpers/random-models';
import { day, DAY, tableOf, type Row } from '../../helpers/tables';

/**
 *  A  lead d1, mql d3, sql d8             reaches SQL: gaps lead→mql 2 days, mql→sql 5
 *  B  lead d2, mql d6                      reaches MQL: gap 4 days
 *  C  visit d1, mql d2                     MQL without a lead: reached lead at d2 too (gap prospect→lead 1 day, lead→mql 0)
 *  D  visit d4                             a prospect only
 */
const rows: Row[] = [
	['A', day(1), 'lead'], ['A', day(3), 'mql'], ['A', day(8), 'sql'],
	['B', day(2), 'lead'], ['B', day(6), 'mql'],
	['C', day(1), 'visit'], ['C', day(2), 'mql'],
	['D', day(4), 'visit']
];
const table = tableOf(rows);
const classification = classify(table, leadLifecycle);

describe('stage reach, hand-checked', () => {
	it('counts who reached each stage and the gaps into it, over everyone', () => {
		const reach = stageReach(classification, null);
		expect(reach.customers).toBe(4);
		expect([...reach.reached]).toEqual([4, 3, 3, 1, 0, 0, 0]);
		// Into lead: A 0, B 0, C 1 day → median 0, p90 0.8 day; into MQL: A 2, B 4, C 0 → median 2; into SQL: A 5.
		expect(reach.medianGap).toEqual([null, 0, 2 * DAY, 5 * DAY, null, null, null]);
		expect(reach.p90Gap[1]).toBeCloseTo(0.8 * DAY);
		expect(reach.p90Gap[2]).toBeCloseTo(3.6 * DAY);
	});

	it('counts only the mask\'s customers', () => {
		const mask = Uint8Array.from([0, 1, 1, 0]); // B and C
		const reach = stageReach(classification, mask);
		expect(reach.customers).toBe(2);
		expect([...reach.reached]).toEqual([2, 2, 2, 0, 0, 0, 0]);
		expect(reach.medianGap.slice(0, 3)).toEqual([null, 0.5 * DAY, 2 * DAY]);
	});
});

/** The stage table's entered, moved on and times in stage of the mask's customers, counted here from the reached times. */
function movesByHand(c: Classification, mask: Uint8Array | null) {
	const S = c.stageIds.length;
	return Array.from({ length: S }, (_, s) => {
		let entered = 0;
		const gaps: number[] = [];
		for (let k = 0; k < c.customerCount; k++) {
			if (mask && !mask[k]) continue;
			const t = c.reached[k * S + s];
			if (Number.isNaN(t)) continue;
			entered++;
			const next = s + 1 < S ? c.reached[k * S + s + 1] : NaN;
			if (next >= t) gaps.push(next - t);
		}
		gaps.sort((a, b) => a - b);
		return { entered, conversionToNext: s + 1 < S ? (entered ? gaps.length / entered : null) : null, median: quantileSorted(gaps, 0.5), p90: quantileSorted(gaps, 0.9) };
	});
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('random table %i', (seed) => {
	const random = seededRandom(seed);
	const table = randomTable(random);
	const models = [...templates, ...Array.from({ length: 8 }, () => randomModel(random))].filter((m) => m.progression !== 'latest');
	const n = table.customerIds.length;
	const masks = [null, Uint8Array.from({ length: n }, () => (random.chance(0.4) ? 1 : 0)), new Uint8Array(n)];

	it('gives the funnel the general step timer gives, under every forward-only model and mask', () => {
		for (const model of models) {
			const c = classify(table, model);
			expect(isForwardOnly(c)).toBe(true);
			for (const mask of masks) {
				const general = groupFunnels(c, model, { mode: 'cumulative', windowDays: null, mask }, { of: null, count: 1 })[0];
				expect(funnel(c, model, { mode: 'cumulative', windowDays: null, mask }), model.id).toEqual(general);
				expect(funnel(c, model, { mask }, stageReach(c, mask))).toEqual(general);
			}
		}
	});

	it("gives the stage table what the reached times say, stage by stage, with or without the caller's reach", () => {
		for (const model of models) {
			const c = classify(table, model);
			const status = customerStatus(table, c, { inactiveAfterDays: 30, lostAfterDays: 90 });
			for (const mask of masks) {
				const rows = stageTable(table, c, model, status, mask).rows;
				expect(rows.map((r) => ({ entered: r.entered, conversionToNext: r.conversionToNext, median: r.medianTimeInStage, p90: r.p90TimeInStage }))).toEqual(movesByHand(c, mask));
				expect(stageTable(table, c, model, status, mask, undefined, undefined, stageReach(c, mask)).rows).toEqual(rows);
			}
		}
	});
});
