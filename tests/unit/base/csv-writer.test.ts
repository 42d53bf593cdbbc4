import { describe, expect, it } from 'vitest';
import { exportCsvLine, neutraliseFormula } from '../../../src/lib/base/csv-writer';
import { funnelCsv } from '../../../src/lib/engine/results-csv';

describe('CSV exports are safe to open in a spreadsheet', () => {
	it.each([
		['=1+1', "'=1+1"],
		['+SUM(A1)', "'+SUM(A1)"],
		['-2+3', "'-2+3"],
		['@cmd', "'@cmd"],
		['\tx', "'\tx"],
		['\rx', "'\rx"],
		['plain', 'plain'],
		['a=b', 'a=b']
	])('%j becomes %j', (cell, safe) => {
		expect(neutraliseFormula(cell)).toBe(safe);
	});

	it('leaves numbers alone, neutralises text, then quotes', () => {
		expect(exportCsvLine([-3, '=HYPERLINK("http://x")', 'a,b'])).toBe(`-3,"'=HYPERLINK(""http://x"")","a,b"`);
	});

	it('applies to the charts\' numbers, whose labels come from users', () => {
		const csv = funnelCsv({
			mode: 'cumulative',
			windowDays: null,
			customers: 1,
			steps: [{ stageId: 'x', label: '=cmd|calc', optional: false, count: 1, conversion: 1, stepConversion: null, dropOff: 0, dropOffRate: null, medianTimeFromPrevious: null }]
		});
		expect(csv.split('\n')[1]).toBe("x,'=cmd|calc,no,1,1,,0,,");
	});
});
