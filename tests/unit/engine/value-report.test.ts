/** The value report: the holdout check on CDNOW, and what is reported when the data cannot support a fit. */
import { describe, expect, it } from 'vitest';
import { holdoutCheck, valueReport } from '../../../src/lib/engine/value-report';
import { cdnowSampleTable } from '../../helpers/cdnow';
import { tableOf } from '../../helpers/tables';

describe('value report', () => {
	const table = cdnowSampleTable();
	const asOf = Date.UTC(1998, 5, 30);

	it('checks the fit on a holdout: CDNOW repeat purchases in the last third are predicted within 15%', () => {
		const holdout = holdoutCheck(table, { asOf, horizonWeeks: 52, yearlyDiscount: 0 }, new Set([0]))!;
		expect(holdout).not.toBeNull();
		expect(holdout.weeks.length).toBe(25);
		const actual = holdout.weeks.reduce((n, w) => n + w.actual, 0);
		const predicted = holdout.weeks.reduce((n, w) => n + w.predicted, 0);
		expect(actual).toBeGreaterThan(500);
		expect(Math.abs(predicted - actual) / actual).toBeLessThan(0.15);
		for (const w of holdout.weeks) expect(w.predicted).toBeGreaterThan(0);
	});

	it('fits BG/NBD and Gamma-Gamma for the whole CDNOW sample and ranks customers by CLV', () => {
		const report = valueReport(table, { asOf, horizonWeeks: 52, yearlyDiscount: 0.1 });
		expect(report.concentration.customers).toBe(2357);
		expect(report.prediction.ok).toBe(true);
		if (!report.prediction.ok) return;
		expect(report.prediction.customers).toBe(2357);
		expect(report.prediction.gammaGamma).not.toBeNull();
		const clvs = report.prediction.top.map((c) => c.clv);
		expect(clvs).toEqual([...clvs].sort((a, b) => b - a));
		expect(report.cohorts.map((c) => c.label)).toEqual(['1997-01', '1997-02', '1997-03']);
		expect(report.cohorts.reduce((n, c) => n + c.customers, 0)).toBe(2357);
	}, 30_000); // two fits and a CLV sum per customer: ~5 s alone, more on a busy machine

	it('says why it cannot predict from a handful of buyers, and skips the holdout', () => {
		const small = tableOf([
			['a', Date.UTC(2025, 0, 1), 'purchase', 10],
			['a', Date.UTC(2025, 2, 1), 'purchase', 10],
			['b', Date.UTC(2025, 0, 5), 'purchase', 5]
		]);
		const report = valueReport(small, { asOf: Date.UTC(2025, 5, 1), horizonWeeks: 52, yearlyDiscount: 0 });
		expect(report.prediction).toEqual({
			ok: false,
			problem: { kind: 'too-few-buyers', customers: 2, repeaters: 1 },
			message: 'Too few buyers to fit the model: 2 customers with a purchase, 1 of them with repeat purchases (at least 20 and 5 are needed).'
		});
		expect(report.holdout).toBeNull();
	});
});
