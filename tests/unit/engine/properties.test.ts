/** Properties of classification and funnel that hold for any event log. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { DAY, tableOf, type Row } from '../../helpers/tables';

const NAMES = ['page_view', 'lead', 'MQL', 'sql', 'Sales Qualified Opportunity', 'opportunity', 'customer', 'purchase', 'order', 'email_open'];

function randomLog(seed: number): Row[] {
	const random = seededRandom(seed);
	const rows: Row[] = [];
	const customers = random.int(1, 300);
	for (let c = 0; c < customers; c++) {
		for (let k = random.int(1, 12); k > 0; k--) rows.push([`c${c}`, random.int(0, 365) * DAY, random.pick(NAMES), random.int(0, 500)]);
	}
	return rows;
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('random event log %i', (seed) => {
	const table = tableOf(randomLog(seed));
	const classification = classify(table, leadLifecycle);
	const result = funnel(classification, leadLifecycle);
	const S = leadLifecycle.stages.length;

	it('counts every customer at the first step', () => {
		expect(result.steps[0].count).toBe(table.customerIds.length);
		expect(result.customers).toBe(table.customerIds.length);
	});

	it('never grows along the funnel, and drop-off is the difference', () => {
		for (let k = 1; k < result.steps.length; k++) {
			expect(result.steps[k].count).toBeLessThanOrEqual(result.steps[k - 1].count);
			expect(result.steps[k].dropOff).toBe(result.steps[k - 1].count - result.steps[k].count);
		}
	});

	it("never has a customer's stage entry times decrease along the stages, nor precede their first event", () => {
		for (let c = 0; c < classification.customerCount; c++) {
			const firstSeen = table.time[table.customerStart[c]];
			for (let s = 0; s < S; s++) {
				const t = classification.reached[c * S + s];
				if (s > 0) {
					const before = classification.reached[c * S + s - 1];
					if (!Number.isNaN(t)) expect(before).toBeLessThanOrEqual(t);
				}
				if (!Number.isNaN(t)) expect(t).toBeGreaterThanOrEqual(firstSeen);
			}
		}
	});

	it('has non-negative times between steps', () => {
		for (const step of result.steps.slice(1)) if (step.medianTimeFromPrevious !== null) expect(step.medianTimeFromPrevious).toBeGreaterThanOrEqual(0);
	});

	it('puts each customer in the furthest stage reached, and the stage counts add up to the customers', () => {
		const inStage = new Array(S).fill(0);
		for (const s of classification.current) inStage[s]++;
		expect(inStage.reduce((a, b) => a + b, 0)).toBe(table.customerIds.length);
		// Customers at step k or beyond = customers whose current stage is k or later.
		for (let k = 0; k < S; k++) expect(inStage.slice(k).reduce((a, b) => a + b, 0)).toBe(result.steps[k].count);
	});
});
