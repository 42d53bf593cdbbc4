/**
 * A shared snapshot's exported files (share/display.ts exportable, then the engine's CSV writers, as SnapshotView
 * downloads them): a hidden count is written as "<k" or "withheld", never as the -1 or -2 the snapshot holds, and
 * nothing derived from it (a share) is written.
 */
import { describe, expect, it } from 'vitest';
import { flowsCsv, funnelCsv, retentionCsv, trendCsv } from '../../../src/lib/engine/results-csv';
import { exportable } from '../../../src/lib/share/display';
import { buildSnapshot, HIDDEN_UNDER_K, HIDDEN_WITHHELD } from '../../../src/lib/share/snapshot';
import { dashboardResults } from '../../helpers/dashboard-results';
import { DAY, tableOf, type Row } from '../../helpers/tables';

/** 60 leads, 30 of them MQLs, 12 customers, 3 of whom buy again: the repeat step (3) is under k = 5. */
function snapshot() {
	const rows: Row[] = [];
	const start = Date.UTC(2025, 0, 1);
	for (let c = 0; c < 60; c++) {
		rows.push([`c${c}`, start + c * DAY, 'lead']);
		if (c < 30) rows.push([`c${c}`, start + (c + 10) * DAY, 'mql']);
		if (c < 12) rows.push([`c${c}`, start + (c + 30) * DAY, 'purchase', 100]);
		if (c < 3) rows.push([`c${c}`, start + (c + 60) * DAY, 'purchase', 50]);
	}
	return buildSnapshot(dashboardResults(tableOf(rows)), { k: 5, dataset: 'pipeline.csv', model: 'Lead lifecycle', made: Date.UTC(2026, 0, 1), filtered: false });
}

const cells = (csv: string) => csv.trimEnd().split('\n').slice(1).map((line) => line.split(','));
/** How many of a snapshot part's numbers are each hidden marker. */
const hidden = (value: unknown, marker: number) => JSON.stringify(value).split(/[[,:]/).filter((s) => s.replace(/[\]}]+$/, '') === String(marker)).length;

describe("a shared snapshot's exported files", () => {
	const s = snapshot();

	it('write the repeat step (3 customers, under k) as "<5", and what the step totals would give away as "withheld"', () => {
		const funnel = cells(funnelCsv(exportable(s.lifecycle!.funnel, s.k)));
		const repeat = funnel.find((row) => row[1] === 'Repeat customer')!;
		expect(repeat[3]).toBe('<5');
		// Customer (12) minus the repeat step would give its 3 away: the drop-off between them is withheld too.
		expect(repeat[6]).toBe('withheld');
		expect(repeat.slice(4, 6)).toEqual(['', '']); // its conversions come from a hidden count: not written
		expect(funnel.find((row) => row[1] === 'Customer')!.slice(0, 4)).toEqual(['customer', 'Customer', 'no', '12']);
	});

	it('never write -1 or -2, and write "<5" and "withheld" exactly where the snapshot hides a count', () => {
		const text = (n: number) => (n === HIDDEN_UNDER_K ? '<5' : n === HIDDEN_WITHHELD ? 'withheld' : String(n));
		const funnel = cells(funnelCsv(exportable(s.lifecycle!.funnel, s.k)));
		expect(funnel.map((row) => [row[3], row[6]])).toEqual(s.lifecycle!.funnel.steps.map((step) => [text(step.count), text(step.dropOff)]));
		const trend = cells(trendCsv(exportable(s.trend!, s.k)));
		expect(trend.map((row) => row.slice(1))).toEqual(s.trend!.periods.map((p) => [p.new, p.returning, p.resurrecting, p.dormant, p.active].map(text)));
		const retention = cells(retentionCsv(exportable(s.retention!, s.k)));
		const width = Math.max(...s.retention!.cohorts.map((c) => c.counts.length));
		expect(retention.map((row) => [row[1], row[3]])).toEqual(
			s.retention!.cohorts.flatMap((c) => Array.from({ length: width }, (_, k) => [text(c.size), c.counts[k] === null || c.counts[k] === undefined ? '' : text(c.counts[k]!)]))
		);
		const all = [funnel, trend, retention, cells(flowsCsv(exportable(s.flows!, s.k)))].flat(2);
		expect(all.filter((c) => c === '-1' || c === '-2')).toEqual([]);
		expect(all.filter((c) => c === '<5').length).toBeGreaterThan(1);
	});

	it('write a hidden link of the flows with no share (a share would give its count away)', () => {
		// 20 customers: 12 go from Lead to MQL, a number under k (-1) to Customer, and the rest's link is withheld (-2).
		const flows = {
			customers: 20,
			nodes: [
				{ id: 'a', position: 0, stage: 0, label: 'Lead', customers: 20 },
				{ id: 'b', position: 1, stage: 1, label: 'MQL', customers: 12 },
				{ id: 'c', position: 1, stage: 2, label: 'Customer', customers: -1 },
				{ id: 'd', position: 1, stage: -1, label: 'End', customers: -2 }
			],
			links: [
				{ source: 'a', target: 'b', customers: 12 },
				{ source: 'a', target: 'c', customers: HIDDEN_UNDER_K },
				{ source: 'a', target: 'd', customers: HIDDEN_WITHHELD }
			]
		};
		expect(cells(flowsCsv(exportable(flows, 5)))).toEqual([
			['Lead (step 1)', 'MQL (step 2)', '12', '0.6'],
			['Lead (step 1)', 'Customer (step 2)', '<5', ''],
			['Lead (step 1)', 'End (step 2)', 'withheld', '']
		]);
	});

	it('hold the same text in the JSON export', () => {
		const json = JSON.stringify(exportable(s.lifecycle!.funnel, s.k));
		expect(json).toContain('"count":"<5"');
		expect(json).not.toMatch(/:-[12][,}]/);
	});
});
