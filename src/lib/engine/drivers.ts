/**
 * "Why did they convert?": for one funnel step, which attribute values and prior events are over- or
 * under-represented among the customers who reached it (converters) against those who reached the step before it
 * and stopped there (non-converters). Each candidate gets its 2x2 table and an odds ratio with a 95% interval.
 * Correlation, not cause: docs/drivers.md says what the numbers mean and what they do not.
 *
 * A prior event counts when the customer did it at or before the moment they reached the step before (both sides
 * reached it), and, for a converter, before the moment they reached the step: what happens between the two steps is
 * cut short by the conversion on one side and runs on to today on the other, so counting it would credit events for
 * the time each side had to do them, and the conversion's own event would explain the conversion.
 */
import { NO_EVENTS, NO_VALUE } from './attribution';
import { EMPTY_VALUE, NONE_VALUE } from './breakdown';
import type { StepTimes } from './funnel';
import type { EventTable } from './table';

/**
 * A candidate is shown when at least this many customers have it on each side, converters with it and
 * non-converters with it, and at least this many lack it (the "fewer than 30 customers on either side" hides
 * it): an odds ratio against a handful without (546 and 407 with a page view, 2 and 0 without) says nothing.
 */
export const MIN_CUSTOMERS_PER_SIDE = 30;
/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

export interface DriverCandidate {
	/** An attribute's value (under the attribution) or an event done before the step before. */
	kind: 'attribute' | 'event';
	/** The attribute's or the event's name. */
	name: string;
	/** The attribute's value ("(empty)", "(none)" as breakdowns name them); null for an event. */
	value: string | null;
	/** The 2x2 table: converters and non-converters, with and without the candidate. */
	convertedWith: number;
	stoppedWith: number;
	convertedWithout: number;
	stoppedWithout: number;
	/** (convertedWith · stoppedWithout) / (stoppedWith · convertedWithout), after the correction when one is made. */
	oddsRatio: number;
	/** The 95% interval (Woolf: log OR ± 1.96 · √(1/a + 1/b + 1/c + 1/d)). */
	low: number;
	high: number;
	/** A cell was 0, so 0.5 was added to every cell (Haldane-Anscombe) for the ratio and its interval. */
	corrected: boolean;
}

export interface DriversResult {
	/** The step (index into the funnel's steps) and its stage, and the step before it. */
	step: number;
	stageId: string;
	previousStageId: string;
	/** Customers who reached the step, and those who reached the step before and not this one. */
	converters: number;
	nonConverters: number;
	/** Shown candidates, by how far their interval stays from 1 (log scale), then by |log OR|. */
	candidates: DriverCandidate[];
	/**
	 * Candidates left out: fewer than minCustomers converters or non-converters with them, or fewer than minCustomers
	 * customers of both sides without them (too few to compare them with).
	 */
	hidden: number;
	minCustomers: number;
}

/** What the drivers read beside the table: the funnel's step times and each attribute's attributed codes. */
export interface DriverInputs {
	stepTimes: StepTimes;
	/** Stage ids of the model, to name the step. */
	stageIds: readonly string[];
	/** Each customer's code of an attribute under the chosen attribution (./attribution). */
	attributed: (attribute: string) => Int32Array | null;
}

/** The odds ratio of a 2x2 table and its 95% interval (Woolf), with the Haldane-Anscombe correction when a cell is 0. */
export function oddsRatio(a: number, b: number, c: number, d: number): Pick<DriverCandidate, 'oddsRatio' | 'low' | 'high' | 'corrected'> {
	const corrected = a === 0 || b === 0 || c === 0 || d === 0;
	const [x, y, z, w] = corrected ? [a + 0.5, b + 0.5, c + 0.5, d + 0.5] : [a, b, c, d];
	const log = Math.log(x) + Math.log(w) - Math.log(y) - Math.log(z);
	const se = Math.sqrt(1 / x + 1 / y + 1 / z + 1 / w);
	return { oddsRatio: Math.exp(log), low: Math.exp(log - Z_95 * se), high: Math.exp(log + Z_95 * se), corrected };
}

/** How far the interval stays from 1 on the log scale (0 when it holds 1): the ranking's first key. */
export const intervalDistance = ({ low, high }: Pick<DriverCandidate, 'low' | 'high'>) => (low > 1 ? Math.log(low) : high < 1 ? -Math.log(high) : 0);

/**
 * The drivers of the funnel step into stage `stageId` (a shown step after the first). Customers the funnel does not
 * count (filtered out, or not at the step before) are on neither side.
 */
export function drivers(table: EventTable, stageId: string, inputs: DriverInputs, minCustomers = MIN_CUSTOMERS_PER_SIDE): DriversResult {
	const { stepTimes, stageIds } = inputs;
	const step = stepTimes.stages.indexOf(stageIds.indexOf(stageId));
	if (step < 1) {
		const steps = stepTimes.stages.slice(1).map((s) => stageIds[s]);
		throw new RangeError(`"${stageId}" is not a funnel step after the first: expected one of ${steps.join(', ')}.`);
	}
	// The funnel's step times are of its chosen customers only: column j is customer customerOf[j].
	const n = stepTimes.customers;
	const customerOf = stepTimes.customerOf;
	// side[j]: 1 converter, 2 non-converter, 0 neither; cutoff[j]: the last moment an event of theirs may count.
	const side = new Uint8Array(n);
	const cutoff = new Float64Array(n);
	let converters = 0;
	let nonConverters = 0;
	for (let j = 0; j < n; j++) {
		const before = stepTimes.times[(step - 1) * n + j];
		if (Number.isNaN(before)) continue;
		const reached = stepTimes.times[step * n + j];
		side[j] = Number.isNaN(reached) ? 2 : 1;
		if (side[j] === 1) converters++;
		else nonConverters++;
		cutoff[j] = before;
	}
	const reachedAt = (j: number) => stepTimes.times[step * n + j];
	const base = {
		step,
		stageId,
		previousStageId: stageIds[stepTimes.stages[step - 1]],
		converters,
		nonConverters,
		minCustomers
	};
	// With nobody on one side there is nothing to compare.
	if (converters === 0 || nonConverters === 0) return { ...base, candidates: [], hidden: 0 };

	const tables: Omit<DriverCandidate, 'oddsRatio' | 'low' | 'high' | 'corrected'>[] = [];
	const addTable = (kind: DriverCandidate['kind'], name: string, value: string | null, convertedWith: number, stoppedWith: number) =>
		tables.push({ kind, name, value, convertedWith, stoppedWith, convertedWithout: converters - convertedWith, stoppedWithout: nonConverters - stoppedWith });

	for (const column of table.attributes) {
		const codes = inputs.attributed(column.name);
		if (!codes) continue;
		const none = column.values.length; // NO_VALUE's slot after the dictionary
		const counts = [new Uint32Array(none + 1), new Uint32Array(none + 1)];
		for (let j = 0; j < n; j++) {
			const code = codes[customerOf ? customerOf[j] : j];
			if (!side[j] || code === NO_EVENTS) continue;
			counts[side[j] - 1][code === NO_VALUE ? none : code]++;
		}
		for (let slot = 0; slot <= none; slot++) {
			if (counts[0][slot] + counts[1][slot] === 0) continue;
			addTable('attribute', column.name, slot === none ? NONE_VALUE : column.values[slot] || EMPTY_VALUE, counts[0][slot], counts[1][slot]);
		}
	}

	// Each event once per customer: seenBy[e] is the last customer (plus one) counted for event e.
	const events = table.eventNames.length;
	const eventCounts = [new Uint32Array(events), new Uint32Array(events)];
	const seenBy = new Uint32Array(events);
	for (let j = 0; j < n; j++) {
		if (!side[j]) continue;
		const c = customerOf ? customerOf[j] : j;
		const last = cutoff[j];
		const until = side[j] === 1 ? reachedAt(j) : Infinity;
		const counts = eventCounts[side[j] - 1];
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			if (t > last || t >= until) break;
			const e = table.event[i];
			if (seenBy[e] !== c + 1) {
				seenBy[e] = c + 1;
				counts[e]++;
			}
		}
	}
	for (let e = 0; e < events; e++) if (eventCounts[0][e] + eventCounts[1][e] > 0) addTable('event', table.eventNames[e], null, eventCounts[0][e], eventCounts[1][e]);

	const shown = tables.filter(
		(t) => t.convertedWith >= minCustomers && t.stoppedWith >= minCustomers && t.convertedWithout + t.stoppedWithout >= minCustomers
	);
	const candidates = shown
		.map((t) => ({ ...t, ...oddsRatio(t.convertedWith, t.stoppedWith, t.convertedWithout, t.stoppedWithout) }))
		.sort(
			(x, y) =>
				intervalDistance(y) - intervalDistance(x) ||
				Math.abs(Math.log(y.oddsRatio)) - Math.abs(Math.log(x.oddsRatio)) ||
				x.kind.localeCompare(y.kind) ||
				x.name.localeCompare(y.name) ||
				(x.value ?? '').localeCompare(y.value ?? '')
		);
	return { ...base, candidates, hidden: tables.length - shown.length };
}
