/**
 * Stage entries (issue 24, item 4): every stay of every customer in a stage, for counting by entries rather than by
 * unique customers. A customer moves into a stage each time one of its rules holds while they are in another one
 * (the latest rule wins, the later stage on a tie, as under 'latest' progression), whatever the model's
 * progression: a recycled lead (SQL, then an MQL event again, then SQL) enters MQL twice and SQL twice. A stay lasts
 * until the next move, or up to the as-of date for the stage a customer is in now.
 */
import { ruleReplay, type Classification } from './classify';
import type { LifecycleModel } from './model';
import type { EventTable } from './table';

export interface StageEntries {
	stageCount: number;
	asOf: number;
	/** Customer c's stays are stays[customerStart[c]] up to stays[customerStart[c + 1]], in time order. */
	customerStart: Int32Array;
	stage: Int32Array;
	/** When each stay began and ended (the next stay's start; the as-of date for the last). */
	start: Float64Array;
	end: Float64Array;
}

export function stageEntries(table: EventTable, model: LifecycleModel, classification: Pick<Classification, 'asOf'>): StageEntries {
	const { asOf } = classification;
	const customerCount = table.customerIds.length;
	const replay = ruleReplay(table, model, asOf);
	const customerStart = new Int32Array(customerCount + 1);
	const stage: number[] = [];
	const start: number[] = [];
	// A customer's holds, sorted by time then stage before they become stays.
	let heldStage: number[] = [];
	let heldTime: number[] = [];
	const hold = (s: number, t: number) => {
		heldStage.push(s);
		heldTime.push(t);
	};
	for (let c = 0; c < customerCount; c++) {
		heldStage = [];
		heldTime = [];
		replay(c, hold);
		const order = heldStage.map((_, i) => i).sort((a, b) => heldTime[a] - heldTime[b] || heldStage[a] - heldStage[b]);
		let current = -1;
		for (let i = 0; i < order.length; i++) {
			const t = heldTime[order[i]];
			// Of the rules holding at one time, the later stage wins: it is the last in the sorted run.
			if (i + 1 < order.length && heldTime[order[i + 1]] === t) continue;
			const s = heldStage[order[i]];
			if (s === current) continue;
			stage.push(s);
			start.push(t);
			current = s;
		}
		customerStart[c + 1] = stage.length;
	}
	const end = new Float64Array(stage.length);
	for (let c = 0; c < customerCount; c++)
		for (let i = customerStart[c]; i < customerStart[c + 1]; i++) end[i] = i + 1 < customerStart[c + 1] ? start[i + 1] : asOf;
	return { stageCount: model.stages.length, asOf, customerStart, stage: Int32Array.from(stage), start: Float64Array.from(start), end };
}

/**
 * How many times customer c came into stage s after `after` and no later than `until` (epoch ms): their
 * re-entries once they count at a step or a stage at time `after`.
 */
export function entriesAfter(entries: StageEntries, c: number, s: number, after: number, until = Infinity): number {
	let n = 0;
	for (let i = entries.customerStart[c]; i < entries.customerStart[c + 1]; i++) {
		const t = entries.start[i];
		if (t > until) break;
		if (entries.stage[i] === s && t > after) n++;
	}
	return n;
}

/** Customer c's time in stage s over all their stays in it (ms); NaN when never in it. */
export function cumulativeTime(entries: StageEntries, c: number, s: number): number {
	let total = NaN;
	for (let i = entries.customerStart[c]; i < entries.customerStart[c + 1]; i++) if (entries.stage[i] === s) total = (Number.isNaN(total) ? 0 : total) + entries.end[i] - entries.start[i];
	return total;
}
