/** The value report: the holdout check on CDNOW, and what is reported when the data cannot support a fit. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventTableBuilder } from '../../../src/lib/engine/table';
import { holdoutCheck, valueReport } from '../../../src/lib/engine/value-report';
import { tableOf } from '../../helpers/tables';

const dataFile = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);

function cdnowSample() {
	const builder = new EventTableBuilder();
	for (const line of readFileSync(dataFile('CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
		const cells = line.trim().split(/\s+/);
		if (cells.length < 5) continue;
		const [, sampleId, date, , dollars] = cells;
		builder.add(String(Number(sampleId)), Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)), 'purchase', Number(dollars));
	}
	return builder.build();
}

describe('value report', () => {
	const table = cdnowSample();
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
	});

	it('says why it cannot predict from a handful of buyers, and skips the holdout', () => {
		const small = tableOf([
			['a', Date.UTC(2025, 0, 1), 'purchase', 10],
			['a', Date.UTC(2025, 2, 1), 'purchase', 10],
			['b', Date.UTC(2025, 0, 5), 'purchase', 5]
		]);
		const report = valueReport(small, { asOf: Date.UTC(2025, 5, 1), horizonWeeks: 52, yearlyDiscount: 0 });
		expect(report.prediction).toEqual({ ok: false, message: 'Too few buyers to fit the model: 2 customers with a purchase, 1 of them with repeat purchases (at least 20 and 5 are needed).' });
		expect(report.holdout).toBeNull();
	});
});
