/**
 * Counting by entries (issue 24, item 4): recycled leads who re-enter a stage count again, and the stage table gives
 * the cumulative time in each stage. A hand-checked fixture of the lead lifecycle, asked through the engine session
 * as the site and the CLI ask it, names which leads re-enter where and their times; then properties on random data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientStatus, leadLifecycle } from '../../../src/lib/engine/model';
import type { LifecycleQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import { leadEventRows } from '../../helpers/lead-events';
import { recycledLeads } from '../../helpers/recycled-leads';
import { DAY, day, tableOf } from '../../helpers/tables';

const session = new EngineSession(tableOf(recycledLeads));
const query = (extra: Partial<LifecycleQuery> = {}): LifecycleQuery => ({ model: leadLifecycle, mode: 'cumulative', windowDays: null, ...extra });

describe('counting by entries, by hand', () => {
	it('every stay in order, per customer: A and B recycled, D stayed in MQL through its second MQL', () => {
		const entries = session.stageEntries(leadLifecycle);
		const stays = (id: string) => {
			const c = session.table.customerIds.indexOf(id);
			const out: string[] = [];
			for (let i = entries.customerStart[c]; i < entries.customerStart[c + 1]; i++) out.push(`${entries.stage[i]}:${(entries.start[i] - day(0)) / DAY}-${(entries.end[i] - day(0)) / DAY}`);
			return out.join(' ');
		};
		expect(stays('A')).toBe('1:1-2 2:2-4 3:4-10 2:10-15 3:15-20 5:20-20');
		expect(stays('B')).toBe('1:1-3 2:3-6 3:6-8 1:8-9 2:9-12 3:12-20');
		expect(stays('C')).toBe('1:1-2 2:2-3 3:3-20');
		expect(stays('D')).toBe('0:0-5 1:5-6 2:6-20');
	});

	it('the funnel: B once more at lead, A and B once more at MQL and at SQL; the customers stay as they were', () => {
		const plain = session.lifecycle(query()).funnel;
		const byEntries = session.lifecycle(query({ counting: 'entries' })).funnel;
		expect(plain.steps.map((s) => s.count)).toEqual([4, 4, 4, 3, 1, 1, 0]);
		expect(plain.steps[0]).not.toHaveProperty('entries');
		expect(plain).not.toHaveProperty('counting');
		expect(byEntries.counting).toBe('entries');
		expect(byEntries.steps.map((s) => s.count)).toEqual([4, 4, 4, 3, 1, 1, 0]);
		expect(byEntries.steps.map((s) => s.entries)).toEqual([4, 5, 6, 5, 1, 1, 0]);
		expect(byEntries.steps.map((s) => s.stepConversion)).toEqual(plain.steps.map((s) => s.stepConversion));
	});

	it('re-entries count within the conversion window only: 10 days from the first step keeps A’s MQL (d10) and B’s lead and MQL (d8, d9), not the SQLs (d15, d12)', () => {
		const steps = session.lifecycle(query({ counting: 'entries', windowDays: 10 })).funnel.steps;
		expect(steps.map((s) => s.count)).toEqual([4, 4, 4, 3, 0, 0, 0]);
		expect(steps.map((s) => s.entries)).toEqual([4, 5, 6, 3, 0, 0, 0]);
	});

	it('strict mode counts the same re-entries after each customer’s step', () => {
		const steps = session.lifecycle(query({ counting: 'entries', mode: 'strict', steps: [1, 2, 3] })).funnel.steps;
		expect(steps.map((s) => [s.count, s.entries])).toEqual([[4, 5], [4, 6], [3, 5]]);
	});

	it('an exclusion takes a customer out with their re-entries: an MQL event between SQL and SQO excludes A (MQL again on d10) at SQO; A’s SQL re-entry still counts at SQL', () => {
		const steps = session.lifecycle(query({ counting: 'entries', exclusions: [{ event: 'mql', from: 3, to: 4 }] })).funnel.steps;
		expect(steps.map((s) => [s.count, s.entries])).toEqual([[4, 4], [4, 5], [4, 6], [3, 5], [0, 0], [0, 0], [0, 0]]);
		expect(steps.map((s) => s.excluded)).toEqual([0, 0, 0, 0, 1, 0, 0]);
	});

	it('the stage table: entries beside entered, and the median cumulative time in each stage', () => {
		const table = session.lifecycle(query({ counting: 'entries' })).stages;
		expect(table.counting).toBe('entries');
		expect(table.rows.map((r) => r.entered)).toEqual([4, 4, 4, 3, 1, 1, 0]);
		expect(table.rows.map((r) => r.entries)).toEqual([4, 5, 6, 5, 1, 1, 0]);
		// prospect: D 5 days. lead: A 1, B 3, C 1, D 1 → 1. MQL: A 7, B 6, C 1, D 14 → 6.5. SQL: A 11, B 10, C 17 → 11.
		// SQO: nobody stayed. customer: A 0 (bought on the last day). repeat: nobody.
		expect(table.rows.map((r) => (r.medianCumulativeTime == null ? null : r.medianCumulativeTime / DAY))).toEqual([5, 1, 6.5, 11, null, 0, null]);
		expect(session.lifecycle(query()).stages.rows[2]).not.toHaveProperty('entries');
	});

	it('a filter counts only its customers’ entries: those who purchased, A alone', () => {
		const steps = session.lifecycle(query({ counting: 'entries', filter: { events: [{ event: 'purchase', did: true }] } })).funnel.steps;
		expect(steps.map((s) => s.entries)).toEqual([1, 1, 2, 2, 1, 1, 0]);
	});
});

describe('counting by entries under latest progression', () => {
	/**
	 * Client status: onboarding (first seen), active (2nd event on), inactive after 30 quiet days, lost after 90.
	 * W: events d1, d2, d50, d51 → onboarding 1-2, active 2-32, inactive 32-50, active 50-51 and on (the data ends
	 * on d51): W re-enters active once, 30 + 1 = 31 days active.
	 */
	it('a customer won back re-enters active', () => {
		const s = new EngineSession(tableOf([['W', day(1), 'visit'], ['W', day(2), 'visit'], ['W', day(50), 'visit'], ['W', day(51), 'visit']]));
		const result = s.lifecycle({ model: clientStatus, mode: 'strict', windowDays: null, counting: 'entries' });
		expect(result.funnel.steps.map((x) => [x.count, x.entries])).toEqual([[1, 1], [1, 2], [1, 1], [0, 0]]);
		expect(result.stages.rows.map((r) => (r.medianCumulativeTime == null ? null : r.medianCumulativeTime / DAY))).toEqual([1, 31, 18, null]);
	});
});

describe('properties of counting by entries', () => {
	const optionsArb = fc.record({
		mode: fc.constantFrom('cumulative' as const, 'strict' as const),
		window: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
		from: fc.integer({ min: 0, max: 5 }),
		span: fc.integer({ min: 1, max: 6 })
	});
	it('entries are at least the unique customers at every step and stage; an exclusion never raises an entry count; the customers are those of counting customers', () => {
		fc.assert(
			fc.property(leadEventRows, optionsArb, (rows, o) => {
				const s = new EngineSession(tableOf(rows));
				const base: LifecycleQuery = { model: leadLifecycle, mode: o.mode, windowDays: o.window };
				const unique = s.lifecycle(base);
				const entries = s.lifecycle({ ...base, counting: 'entries' });
				entries.funnel.steps.forEach((step, k) => {
					expect(step.count).toBe(unique.funnel.steps[k].count);
					expect(step.entries).toBeGreaterThanOrEqual(step.count);
				});
				entries.stages.rows.forEach((row) => expect(row.entries).toBeGreaterThanOrEqual(row.entered));
				const excluded = s.lifecycle({ ...base, counting: 'entries', exclusions: [{ event: 'unsubscribe', from: o.from, to: Math.min(6, o.from + o.span) }] });
				excluded.funnel.steps.forEach((step, k) => expect(step.entries).toBeLessThanOrEqual(entries.funnel.steps[k].entries!));
			}),
			{ numRuns: 150 }
		);
	});
	it('each customer’s stays follow one another: in time order, each ending where the next begins, never twice the same stage in a row', () => {
		fc.assert(
			fc.property(leadEventRows, (rows) => {
				const s = new EngineSession(tableOf(rows));
				const e = s.stageEntries(leadLifecycle);
				for (let c = 0; c < s.table.customerIds.length; c++)
					for (let i = e.customerStart[c]; i < e.customerStart[c + 1]; i++) {
						expect(e.end[i]).toBeGreaterThanOrEqual(e.start[i]);
						if (i + 1 < e.customerStart[c + 1]) {
							expect(e.end[i]).toBe(e.start[i + 1]);
							expect(e.stage[i + 1]).not.toBe(e.stage[i]);
						} else expect(e.end[i]).toBe(e.asOf);
					}
			}),
			{ numRuns: 100 }
		);
	});
});
