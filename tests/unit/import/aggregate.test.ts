/**
 * The aggregate parser: funnel and retention tables read back into the engine's result objects (the site's own
 * CSV exports round-trip here; the SQL's outputs round-trip in tests/integration/sql-agreement-*.test.ts), and
 * every kind of bad table named by line, column and what was expected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { retention } from '../../../src/lib/engine/retention';
import { funnelCsv, retentionCsv } from '../../../src/lib/engine/results-csv';
import { aggregateKind, parseAggregate, parseFunnelTable, parseRetentionTable } from '../../../src/lib/import/aggregate';
import { readFile } from '../../helpers/import';

const FUNNEL = `mode,window_days,total_customers,step_index,stage_id,label,optional,customers,conversion,step_conversion,drop_off,drop_off_rate,median_ms_from_previous
strict,30.0,10,0,a,A,false,8,1.0,,0,,
strict,30.0,10,1,b,B,true,6,0.75,0.75,2,0.25,86400000.0
strict,30.0,10,2,c,C,false,3,0.375,0.5,3,0.5,43200000.5
`;

const RETENTION = `period_unit,mode,cohort_start,cohort_size,period,customers,rate,revenue,revenue_retention,period_state
month,bounded,2025-01-01,4,0,4,1.0,100.0,1.0,complete
month,bounded,2025-01-01,4,1,2,0.5,50.0,0.5,complete
month,bounded,2025-01-01,4,2,1,0.25,0.0,0.0,partial
month,bounded,2025-02-01,2,0,2,1.0,0.0,,complete
month,bounded,2025-02-01,2,1,1,0.5,10.0,,partial
month,bounded,2025-03-01,1,0,1,1.0,5.0,1.0,partial
`;

describe('funnel tables', () => {
	it('reads the SQL output into a FunnelResult, recomputing the rates as the engine does', () => {
		expect(aggregateKind(FUNNEL.split('\n')[0].split(','))).toBe('funnel');
		expect(parseFunnelTable(FUNNEL)).toEqual({
			mode: 'strict',
			windowDays: 30,
			customers: 10,
			steps: [
				{ stageId: 'a', label: 'A', optional: false, count: 8, conversion: 1, stepConversion: null, dropOff: 0, dropOffRate: null, medianTimeFromPrevious: null },
				{ stageId: 'b', label: 'B', optional: true, count: 6, conversion: 0.75, stepConversion: 0.75, dropOff: 2, dropOffRate: 0.25, medianTimeFromPrevious: 86_400_000 },
				{ stageId: 'c', label: 'C', optional: false, count: 3, conversion: 0.375, stepConversion: 0.5, dropOff: 3, dropOffRate: 0.5, medianTimeFromPrevious: 43_200_000.5 }
			]
		});
	});

	it('reads counting by entries: each step\'s entries beside its customers, and the funnel says it counts entries', () => {
		const withEntries = FUNNEL.split('\n')
			.map((line, i) => (line === '' ? line : `${line},${i === 0 ? 'entries' : [9, 8, 3][i - 1]}`))
			.join('\n');
		const result = parseFunnelTable(withEntries);
		expect(result.counting).toBe('entries');
		expect(result.steps.map((s) => [s.count, s.entries])).toEqual([[8, 9], [6, 8], [3, 3]]);
		expect(() => parseFunnelTable(withEntries.replace(',0.5,43200000.5,3', ',0.5,43200000.5,2'), 'f.csv')).toThrow(
			'f.csv: line 4, column "entries": expected at least 3 (the step\'s customers), found "2"'
		);
		expect(parseFunnelTable(FUNNEL)).not.toHaveProperty('counting');
	});

	it("round-trips the site's own funnel CSV export (medians in days, to 4 decimals)", async () => {
		const { table } = await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv');
		const engine = funnel(classify(table, leadLifecycle), leadLifecycle);
		const parsed = parseAggregate(funnelCsv(engine), 'funnel.csv');
		expect(parsed.kind).toBe('funnel');
		const result = parsed.result as typeof engine;
		// The export has no total: the first step's count stands in (every customer here).
		expect({ ...result, steps: result.steps.map((s) => ({ ...s, medianTimeFromPrevious: null })) }).toEqual({
			...engine,
			steps: engine.steps.map((s) => ({ ...s, medianTimeFromPrevious: null }))
		});
		result.steps.forEach((s, k) => {
			if (k > 0) expect(Math.abs(s.medianTimeFromPrevious! - engine.steps[k].medianTimeFromPrevious!)).toBeLessThan(0.0001 * 86_400_000);
		});
	});

	it.each([
		[FUNNEL.replace('strict,30.0,10,1,b,B,true,6,', 'strict,30.0,10,1,b,B,true,9,'), 'line 3, column "customers": expected at most 8 (the previous step\'s customers), found "9"'],
		[FUNNEL.replace('0,a,A,false,8,', '0,a,A,false,eight,'), 'line 2, column "customers": expected a whole number of 0 or more, found "eight"'],
		[FUNNEL.replace('2,c,C,false,3,', '3,c,C,false,3,'), 'line 4, column "step_index": expected 2 (steps numbered 0, 1, 2, … without gaps or repeats), found "3"'],
		[FUNNEL.replace('1,b,B,true,', '1,b,B,maybe,'), 'line 3, column "optional": expected true or false (yes or no), found "maybe"'],
		[FUNNEL.replace('strict,30.0,10,2', 'cumulative,30.0,10,2'), 'line 4, column "mode": expected "strict" as on line 2, found "cumulative"'],
		[FUNNEL.replace('0.375,0.5,3', '0.4,0.5,3'), 'line 4, column "conversion": expected 0.375 (customers / first step\'s customers), found "0.4"'],
		[FUNNEL.replace('86400000.0\n', '86400000.0,x\n'), 'line 3: expected 13 fields, found 14'],
		['stage_id,customers\n', 'has a header but no rows']
	])('names the problem: %#', (text, message) => {
		expect(() => parseFunnelTable(text, 'f.csv')).toThrow(message);
	});
});

describe('retention tables', () => {
	it('reads the SQL output into a RetentionResult: nulls past the end, the partial last period, the average', () => {
		const result = parseRetentionTable(RETENTION);
		expect(result.period).toBe('month');
		expect(result.mode).toBe('bounded');
		expect(result.customers).toBe(7);
		expect(result.cohorts.map((c) => [c.label, c.start, c.size, c.counts, c.revenue, c.revenueRetention, c.partial])).toEqual([
			['2025-01', Date.UTC(2025, 0, 1), 4, [4, 2, 1], [100, 50, 0], [1, 0.5, 0], [false, false, true]],
			['2025-02', Date.UTC(2025, 1, 1), 2, [2, 1, null], [0, 10, null], [null, null, null], [false, true, false]],
			['2025-03', Date.UTC(2025, 2, 1), 1, [1, null, null], [5, null, null], [1, null, null], [true, false, false]]
		]);
		// Period 0: cohorts 2025-01 and 2025-02 (2025-03 is partial); period 1: only 2025-01.
		expect(result.average).toEqual([6 / 6, 2 / 4, null]);
	});

	it("round-trips the site's own retention CSV export (cohort labels: day, ISO week, month)", async () => {
		const { table } = await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv');
		const classification = classify(table, leadLifecycle);
		for (const period of ['day', 'week', 'month'] as const) {
			for (const mode of ['bounded', 'unbounded'] as const) {
				const engine = retention(table, { period, mode, cohortTimes: classification.firstSeen, end: classification.asOf });
				// The export has no mode column: add one, as a user would.
				const withMode = retentionCsv(engine).split('\n').map((line, i) => (line === '' ? line : `${i === 0 ? 'mode' : mode},${line}`)).join('\n');
				expect(parseRetentionTable(withMode), `${period} ${mode}`).toEqual(engine);
			}
		}
	}, 30_000);

	it.each([
		[RETENTION.replace('2025-02-01,2,1,1,', '2025-02-01,2,1,3,'), 'line 6, column "customers": expected at most the cohort size, 2, found "3"'],
		[RETENTION.replace('2025-02-01,2,1,', '2025-02-01,3,1,'), 'line 6, column "cohort_size": expected 2 as on line 5 for the same cohort, found "3"'],
		[RETENTION.replace('2025-03-01,', '2025-03-02,'), 'line 7, column "cohort_start": expected the first day of a month, found "2025-03-02"'],
		[RETENTION.replace('month,bounded,2025-01-01,4,1,2,0.5,50.0,0.5,complete\n', ''), 'cohort 2025-01 (line 2) has no row for period 1; expected every period from 0 to 2'],
		[RETENTION.replace('4,2,1,0.25,0.0,0.0,partial', '4,2,1,0.25,0.0,0.0,complete'), 'line 4, column "period_state": expected partial, found "complete"'],
		[RETENTION.replace('4,1,2,0.5,', '4,1,2,0.6,'), 'line 3, column "rate": expected 0.5 (customers / cohort size), found "0.6"'],
		[RETENTION.replace('month,bounded,2025-01-01,4,0', 'year,bounded,2025-01-01,4,0'), 'line 2, column "period_unit": expected day or week or month, found "year"'],
		[RETENTION.replace('2025-01-01,4,1,', '2025-01-01,4,0,'), 'line 3, column "period": expected each period once per cohort (line 2 has period 0 already), found "0"'],
		// The SQL's table in custom brackets (issue 24) numbers brackets, not periods.
		[RETENTION.replace(/\n/g, ',0,\n').replace('period_state,0,', 'period_state,bracket_from,bracket_to'), 'line 2, column "bracket_from": expected one row per period (a table in custom brackets cannot be drawn here yet), found "0"']
	])('names the problem: %#', (text, message) => {
		expect(() => parseRetentionTable(text, 'r.csv')).toThrow(message);
	});

	it('says what it expected of a table it does not recognise', () => {
		expect(() => parseAggregate('a,b\n1,2\n', 'x.csv')).toThrow('x.csv: line 1 has the columns "a", "b"; expected a funnel table');
	});
});
