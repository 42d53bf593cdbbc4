/**
 * Classification: when each customer entered each stage of a model, and where they are now.
 * One pass over each customer's run of events; rules are compiled to lookups by event code first.
 */
import type { LifecycleModel, Rule } from './model';
import { normalizeName } from './model';
import { DAY_MS } from './periods';
import { timeRange, type Codes, type EventTable } from './table';
import { valueAt } from './values';

export interface ClassifyOptions {
	/** Events after this time are not seen; inactivity runs up to it. Default: the last event's time. */
	asOf?: number;
}

export interface Classification {
	stageIds: string[];
	customerCount: number;
	asOf: number;
	/** entered[c * stages + s]: the first time a rule of stage s held for customer c; NaN if never. */
	entered: Float64Array;
	/**
	 * reached[c * stages + s]: the first time customer c was in stage s or any later stage, NaN if never.
	 * Reaching a later stage means having passed every earlier one, so these never decrease along the stages.
	 */
	reached: Float64Array;
	/**
	 * lastHeld[c * stages + s]: the last time a rule of stage s held; what 'latest' progression goes by.
	 * Kept for 'latest' models only (null otherwise): it is a third array per stage and customer.
	 */
	lastHeld: Float64Array | null;
	/** Index of each customer's current stage, -1 if none. */
	current: Int32Array;
	/** 'latest' progression: 1 when the current stage is before the furthest stage the customer entered. */
	regressed: Uint8Array;
	/** Each customer's first and last event up to asOf; NaN when none. */
	firstSeen: Float64Array;
	lastSeen: Float64Array;
}

const enum Kind {
	Event,
	FirstSeen,
	Activity,
	Inactivity
}

/** A rule turned into per-event-code lookups over one table. */
interface CompiledRule {
	stage: number;
	kind: Kind;
	/** Event rules: matches[eventCode] = 1 when the event name fits. */
	matches: Uint8Array | null;
	minCount: number;
	minValue: number;
	/** Inactivity rules: the gap in ms. */
	gap: number;
	/** Attribute filter: the row's code in this column must be allowed. */
	whereCodes: Codes | null;
	whereAllowed: Uint8Array | null;
}

/**
 * The date an as-of date resolves to: the one given, else the last event's (-Infinity for a table without events).
 * One rule for the classification and every analysis that does not classify, so their answers agree.
 */
export function resolvedAsOf(table: EventTable, asOf: number | undefined): number {
	return asOf ?? timeRange(table)?.max ?? -Infinity;
}

export function classify(table: EventTable, model: LifecycleModel, options: ClassifyOptions = {}): Classification {
	const stageCount = model.stages.length;
	const customerCount = table.customerIds.length;
	const asOf = resolvedAsOf(table, options.asOf);
	const cells = customerCount * stageCount;
	// Each customer's cells are set to NaN as the loop comes to them, not in a pass of their own: these arrays are
	// customers × stages, tens of megabytes, and each pass over them costs as much as the rules.
	const entered = new Float64Array(cells);
	const reached = new Float64Array(cells);
	const latest = model.progression === 'latest';
	const lastHeld = latest ? new Float64Array(cells) : null;
	const firstSeen = new Float64Array(customerCount).fill(NaN);
	const lastSeen = new Float64Array(customerCount).fill(NaN);
	const current = new Int32Array(customerCount).fill(-1);
	const regressed = new Uint8Array(customerCount);
	const replay = ruleReplay(table, model, asOf);
	const { time, customerStart } = table;
	let base = 0;
	const hold = (stage: number, t: number) => {
		const k = base + stage;
		if (!(entered[k] <= t)) entered[k] = t;
		if (lastHeld !== null && !(lastHeld[k] >= t)) lastHeld[k] = t;
	};

	for (let c = 0; c < customerCount; c++) {
		base = c * stageCount;
		for (let s = 0; s < stageCount; s++) entered[base + s] = NaN;
		if (lastHeld !== null) for (let s = 0; s < stageCount; s++) lastHeld[base + s] = NaN;
		const start = customerStart[c];
		const end = replay(c, hold);
		if (end > start) {
			firstSeen[c] = time[start];
			lastSeen[c] = time[end - 1];
		}
		settleCustomer(c, stageCount, entered, lastHeld, reached, current, regressed);
	}
	return { stageIds: model.stages.map((s) => s.id), customerCount, asOf, entered, reached, lastHeld, current, regressed, firstSeen, lastSeen };
}

/**
 * Customer c's reached times, current stage and regression from their entered (and, under 'latest', last-held)
 * times: what classify derives once a customer's rules are replayed, and what a stored classification
 * (./stored-classification) is completed with, so both give the same answer.
 */
export function settleCustomer(
	c: number,
	stageCount: number,
	entered: Float64Array,
	lastHeld: Float64Array | null,
	reached: Float64Array,
	current: Int32Array,
	regressed: Uint8Array
): void {
	const base = c * stageCount;
	// While the customer's stages are in cache: reached is the suffix minimum of entered; the furthest stage entered.
	let earliest = NaN;
	let furthest = -1;
	for (let s = stageCount - 1; s >= 0; s--) {
		const t = entered[base + s];
		if (t === t) {
			if (furthest < 0) furthest = s;
			if (!(earliest <= t)) earliest = t;
		}
		reached[base + s] = earliest;
	}
	if (lastHeld === null) {
		// forward-only: the furthest stage reached.
		current[c] = furthest;
		return;
	}
	// latest: the stage whose rule held last, the later stage on a tie; regressed when before the furthest entered.
	let when = -Infinity;
	for (let s = 0; s < stageCount; s++) {
		const t = lastHeld[base + s];
		if (t >= when) {
			current[c] = s;
			when = t;
		}
	}
	if (current[c] >= 0 && current[c] < furthest) regressed[c] = 1;
}

/**
 * The model's rules over one table, replayed a customer at a time: `replay(c, hold)` calls hold(stage, t) for every
 * time a rule of a stage holds for customer c, up to the as-of time, and returns the index after their last event up
 * to it (their first event's index, table.customerStart[c], when there is none). Calls come in event order, but an
 * inactivity rule holds at a time before the event that ends the quiet spell. What the classification (first entry
 * per stage) and the stage entries (every move between stages, ./stage-entries) both read, so the rules are written
 * once.
 */
export function ruleReplay(table: EventTable, model: LifecycleModel, asOf: number) {
	const rules = compileRules(table, model);
	const ruleCount = rules.length;
	const { time, value, event, customerStart } = table;
	// Flat typed arrays, not objects, in the loop over every event: one shape and no pointer chasing.
	const stageOf = Int32Array.from(rules, (rule) => rule.stage);
	const minCount = Uint32Array.from(rules, (rule) => rule.minCount);
	const gap = Float64Array.from(rules, (rule) => rule.gap);
	const counts = new Uint32Array(ruleCount);
	// An event rule's count is of instants, not rows (./purchases: the lines of one order, or a file of dates' purchases
	// on one day, are one purchase); the instant each rule last counted, per customer.
	const countedAt = new Float64Array(ruleCount);
	// The event rules each event code can satisfy, listed per code (eventRules[ruleStart[code]..ruleStart[code + 1]]),
	// so each event visits only those; first-seen rules hold once per customer, so only activity and inactivity rules
	// look at every event.
	const ruleStart = new Uint32Array(table.eventNames.length + 1);
	const listed: number[] = [];
	for (let code = 0; code < table.eventNames.length; code++) {
		rules.forEach((rule, r) => rule.kind === Kind.Event && rule.matches![code] && listed.push(r));
		ruleStart[code + 1] = listed.length;
	}
	const eventRules = Uint32Array.from(listed);
	const filtered = rules.map((rule) => rule.minValue > -Infinity || rule.whereCodes !== null);
	const firstSeenStages = Int32Array.from(rules.filter((rule) => rule.kind === Kind.FirstSeen), (rule) => rule.stage);
	const activityRules = Int32Array.from(rules.flatMap((rule, r) => (rule.kind === Kind.Activity ? [r] : [])));
	const inactivityRules = Int32Array.from(rules.flatMap((rule, r) => (rule.kind === Kind.Inactivity ? [r] : [])));
	// A filtered rule's value and attribute conditions on row i.
	const passes = (r: number, i: number) => {
		const rule = rules[r];
		if (rule.minValue > -Infinity && !(valueAt(value, i) >= rule.minValue)) return false;
		return !rule.whereCodes || rule.whereAllowed![rule.whereCodes[i]] === 1;
	};

	return (c: number, hold: (stage: number, t: number) => void): number => {
		const start = customerStart[c];
		let end = customerStart[c + 1];
		while (end > start && time[end - 1] > asOf) end--;
		if (end === start) return start;
		for (let r = 0; r < ruleCount; r++) (counts[r] = 0), (countedAt[r] = NaN);
		for (let j = 0; j < firstSeenStages.length; j++) hold(firstSeenStages[j], time[start]);

		for (let i = start; i < end; i++) {
			const t = time[i];
			for (let j = 0; j < activityRules.length; j++) {
				const r = activityRules[j];
				if (++counts[r] >= minCount[r]) hold(stageOf[r], t);
			}
			if (i > start) {
				for (let j = 0; j < inactivityRules.length; j++) {
					const r = inactivityRules[j];
					if (t - time[i - 1] >= gap[r]) hold(stageOf[r], time[i - 1] + gap[r]);
				}
			}
			// Only the event rules this event's name can satisfy.
			const code = event[i];
			for (let j = ruleStart[code]; j < ruleStart[code + 1]; j++) {
				const r = eventRules[j];
				if (filtered[r] && !passes(r, i)) continue;
				if (t !== countedAt[r]) (countedAt[r] = t), counts[r]++;
				if (counts[r] >= minCount[r]) hold(stageOf[r], t);
			}
		}
		// A trailing quiet spell up to the as-of date.
		for (let j = 0; j < inactivityRules.length; j++) {
			const r = inactivityRules[j];
			if (asOf - time[end - 1] >= gap[r]) hold(stageOf[r], time[end - 1] + gap[r]);
		}
		return end;
	};
}

function compileRules(table: EventTable, model: LifecycleModel): CompiledRule[] {
	const normalizedEvents = table.eventNames.map(normalizeName);
	return model.stages.flatMap((stage, s) => stage.enter.map((rule) => compileRule(rule, s, normalizedEvents, table)));
}

function compileRule(rule: Rule, stage: number, normalizedEvents: string[], table: EventTable): CompiledRule {
	const compiled: CompiledRule = { stage, kind: Kind.Event, matches: null, minCount: 1, minValue: -Infinity, gap: 0, whereCodes: null, whereAllowed: null };
	switch (rule.kind) {
		case 'first-seen':
			return { ...compiled, kind: Kind.FirstSeen };
		case 'activity':
			return { ...compiled, kind: Kind.Activity, minCount: Math.max(1, Math.floor(rule.minCount ?? 1)) };
		case 'inactivity':
			return { ...compiled, kind: Kind.Inactivity, gap: rule.days * DAY_MS };
		case 'stage-date':
		case 'event': {
			// A stage-date column is imported as events named after its stage (or the column).
			const names = new Set((rule.kind === 'event' ? rule.names : [rule.column]).map(normalizeName));
			compiled.matches = Uint8Array.from(normalizedEvents, (name) => (names.has(name) ? 1 : 0));
			if (rule.kind === 'stage-date') return compiled;
			compiled.minCount = Math.max(1, Math.floor(rule.minCount ?? 1));
			compiled.minValue = rule.minValue ?? -Infinity;
			if (rule.where) {
				const allowed = new Set(rule.where.in);
				const column = table.attributes.find((a) => a.name === rule.where!.attribute);
				// A filter on an attribute the data does not have can never hold.
				if (!column) compiled.matches.fill(0);
				compiled.whereCodes = column?.codes ?? null;
				compiled.whereAllowed = column ? Uint8Array.from(column.values, (v) => (allowed.has(v) ? 1 : 0)) : null;
			}
			return compiled;
		}
	}
}
