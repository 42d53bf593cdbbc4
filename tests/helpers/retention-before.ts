/**
 * Retention and its first-seen cohorts as they were before the cold path's rewrite (src/lib/engine/retention.ts and
 * session.ts at 9b5f96a: the cohort times taken from the classification, a period computed per event), kept frozen as
 * the oracle of tests/unit/engine/cold-path-rewrite.test.ts: the rewrite must give exactly what this gives.
 * Do not change it to follow the engine; a deliberate change of what retention computes retires this file.
 */
import { classify } from '../../src/lib/engine/classify';
import { isIncluded, type Mask } from '../../src/lib/engine/filter';
import type { LifecycleModel } from '../../src/lib/engine/model';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from '../../src/lib/engine/money';
import { periodLabel, periodOf, periodStart } from '../../src/lib/engine/periods';
import { moneyEvents } from '../../src/lib/engine/purchases';
import { retentionBrackets, weightedAverage, type RetentionCohort, type RetentionOptions, type RetentionResult } from '../../src/lib/engine/retention';
import { ratio } from '../../src/lib/engine/stats';
import { timeRange, type EventTable } from '../../src/lib/engine/table';
import { valueAt } from '../../src/lib/engine/values';

/** The session's retention options as they were: cohort times and the end from the classification. */
export function retentionOptionsBefore(
	table: EventTable,
	query: { model: LifecycleModel; asOf?: number; cohortStage: number; period: RetentionOptions['period']; mode: RetentionOptions['mode']; returnEvent: string | null; brackets?: number[] },
	mask: Mask
): RetentionOptions {
	const { model, cohortStage } = query;
	const classification = classify(table, model, { asOf: query.asOf });
	const S = model.stages.length;
	const times = cohortStage < 0 || cohortStage >= S ? classification.firstSeen : classification.entered.filter((_, i) => i % S === cohortStage);
	return {
		period: query.period,
		cohortTimes: times.map((t, c) => (isIncluded(mask, c) ? t : NaN)),
		mode: query.mode,
		end: classification.asOf,
		revenueEvents: moneyEvents(table).money,
		...(query.brackets?.length ? { brackets: query.brackets } : {}),
		...(query.returnEvent === null ? {} : { returnEvents: new Set([table.eventNames.indexOf(query.returnEvent)]) })
	};
}

export function retentionBefore(table: EventTable, options: RetentionOptions): RetentionResult {
	const { period, returnEvents, mode } = options;
	const cohortTimes = options.cohortTimes as Float64Array; // what retentionOptionsBefore gives
	const revenueEvents = options.revenueEvents ?? moneyEvents(table).money;
	const scale = tableMinorUnitScale(table);
	const end = options.end ?? timeRange(table)?.max ?? -Infinity;
	const lastPeriod = periodOf(end, period);
	const cohortOf = new Float64Array(cohortTimes.length).fill(NaN);
	let first = Infinity;
	for (let c = 0; c < cohortTimes.length; c++) {
		if (Number.isNaN(cohortTimes[c])) continue;
		cohortOf[c] = periodOf(cohortTimes[c], period);
		first = Math.min(first, cohortOf[c]);
	}
	if (first === Infinity) return { period, mode, cohorts: [], customers: 0, average: [] };

	const width = lastPeriod - first + 1;
	const cohortCount = width;
	// Columns: one per period offset, or one per bracket of offsets.
	const brackets = options.brackets ? retentionBrackets(options.brackets) : null;
	const columns = brackets ?? Array.from({ length: width }, (_, k) => ({ from: k, to: k }));
	const columnCount = columns.length;
	const columnOf = new Int32Array(width);
	for (let col = 0, k = 0; k < width; k++) {
		while (col + 1 < columnCount && columns[col + 1].from <= k) col++;
		columnOf[k] = col;
	}
	const sizes = new Uint32Array(cohortCount);
	const counts = new Uint32Array(cohortCount * columnCount);
	const revenue = new Float64Array(cohortCount * columnCount);
	const seen = new Int32Array(columnCount).fill(-1); // last customer counted per column: one count per customer and cell

	for (let c = 0; c < cohortTimes.length; c++) {
		if (Number.isNaN(cohortOf[c])) continue;
		const cohort = cohortOf[c] - first;
		sizes[cohort]++;
		let furthest = -1;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			if (t < cohortTimes[c] || t > end) continue;
			const col = columnOf[periodOf(t, period) - cohortOf[c]];
			const v = valueAt(table.value, i);
			// Revenue in whole minor units, so that a refund cancels its purchase exactly.
			if (!Number.isNaN(v) && revenueEvents.has(table.event[i])) revenue[cohort * columnCount + col] += toMinorUnits(v, scale);
			if (returnEvents && !returnEvents.has(table.event[i])) continue;
			if (seen[col] !== c) {
				seen[col] = c;
				if (mode === 'bounded') counts[cohort * columnCount + col]++;
			}
			furthest = Math.max(furthest, col);
		}
		// Unbounded: returning in column k or later counts for every k up to the furthest return.
		if (mode === 'unbounded') for (let col = 0; col <= furthest; col++) counts[cohort * columnCount + col]++;
		seen.fill(-1);
	}

	const cohorts: RetentionCohort[] = [];
	for (let cohort = 0; cohort < cohortCount; cohort++) {
		if (sizes[cohort] === 0) continue;
		const index = first + cohort;
		// Offsets 0 to last exist; the last is the data's partial period.
		const last = lastPeriod - index;
		const exists = (col: number) => columns[col].from <= last;
		const cohortCounts = columns.map((_, col) => (exists(col) ? counts[cohort * columnCount + col] : null));
		const money = columns.map((_, col) => (exists(col) ? fromMinorUnits(revenue[cohort * columnCount + col], scale) : null));
		cohorts.push({
			period: index,
			label: periodLabel(index, period),
			start: periodStart(index, period),
			size: sizes[cohort],
			counts: cohortCounts,
			rates: cohortCounts.map((n) => (n === null ? null : n / sizes[cohort])),
			revenue: money,
			revenueRetention: money.map((m) => (m === null ? null : ratio(m, money[0] ?? 0))),
			partial: columns.map(({ from, to }) => from <= last && (to === null || to >= last))
		});
	}

	const customers = cohorts.reduce((n, c) => n + c.size, 0);
	return { period, mode, cohorts, customers, average: weightedAverage(cohorts, columnCount), ...(brackets ? { brackets } : {}) };
}
