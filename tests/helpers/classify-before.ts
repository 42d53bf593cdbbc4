/**
 * The classification as it was before its rewrite for speed (src/lib/engine/classify.ts at 84f5992), kept frozen
 * as the oracle of tests/unit/engine/classify-rewrite.test.ts: the rewrite must give exactly what this gives.
 * Do not change it to follow the engine; a deliberate change of what classify computes retires this file. One such
 * change is written in, marked "deliberate" (issue 19, classifier version 2): an event rule counts instants, not
 * rows, so the rewrite is still checked against everything else.
 */
import type { LifecycleModel, Rule } from '../../src/lib/engine/model';
import { normalizeName } from '../../src/lib/engine/model';
import { DAY_MS } from '../../src/lib/engine/periods';
import type { Classification, ClassifyOptions } from '../../src/lib/engine/classify';
import type { Codes, EventTable } from '../../src/lib/engine/table';
import { valueAt } from '../../src/lib/engine/values';

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

export function classifyBefore(table: EventTable, model: LifecycleModel, options: ClassifyOptions = {}): Classification {
	const stageCount = model.stages.length;
	const customerCount = table.customerIds.length;
	const asOf = options.asOf ?? (table.rowCount > 0 ? Math.max(...table.time) : -Infinity);
	const entered = new Float64Array(customerCount * stageCount).fill(NaN);
	const lastHeld = model.progression === 'latest' ? new Float64Array(customerCount * stageCount).fill(NaN) : null;
	const firstSeen = new Float64Array(customerCount).fill(NaN);
	const lastSeen = new Float64Array(customerCount).fill(NaN);
	const replay = ruleReplay(table, model, asOf);
	let base = 0;
	const hold = (stage: number, t: number) => {
		const k = base + stage;
		if (!(entered[k] <= t)) entered[k] = t;
		if (lastHeld && !(lastHeld[k] >= t)) lastHeld[k] = t;
	};

	for (let c = 0; c < customerCount; c++) {
		base = c * stageCount;
		const seen = replay(c, hold);
		if (!seen) continue;
		firstSeen[c] = seen.first;
		lastSeen[c] = seen.last;
	}

	const reached = reachedFromEntered(entered, stageCount);
	const { current, regressed } = currentStages(lastHeld ?? reached, entered, stageCount, model.progression);
	return { stageIds: model.stages.map((s) => s.id), customerCount, asOf, entered, reached, lastHeld, current, regressed, firstSeen, lastSeen };
}

/**
 * The model's rules over one table, replayed a customer at a time: `replay(c, hold)` calls hold(stage, t) for every
 * time a rule of a stage holds for customer c, up to the as-of time, and returns their first and last event's times
 * (null without events). Calls come in event order, but an inactivity rule holds at a time before the event that
 * ends the quiet spell. What the classification (first entry per stage) and the stage entries (every move between
 * stages, ./stage-entries) both read, so the rules are written once.
 */
function ruleReplay(table: EventTable, model: LifecycleModel, asOf: number) {
	const rules = compileRules(table, model);
	const counts = new Uint32Array(rules.length);
	const countedAt = new Float64Array(rules.length);
	const { time, value, event } = table;
	// Event rules listed per event code, so each event visits only the rules its name can satisfy; first-seen
	// rules hold once per customer, so only activity and inactivity rules look at every event.
	const eventRules: number[][] = table.eventNames.map(() => []);
	const firstSeenStages: number[] = [];
	const everyEventRules: number[] = [];
	rules.forEach((rule, r) => {
		if (rule.kind === Kind.Event) rule.matches!.forEach((match, code) => match && eventRules[code].push(r));
		else if (rule.kind === Kind.FirstSeen) firstSeenStages.push(rule.stage);
		else everyEventRules.push(r);
	});
	const inactivityRules = rules.filter((rule) => rule.kind === Kind.Inactivity);

	return (c: number, hold: (stage: number, t: number) => void): { first: number; last: number } | null => {
		const start = table.customerStart[c];
		let end = table.customerStart[c + 1];
		while (end > start && time[end - 1] > asOf) end--;
		if (end === start) return null;
		counts.fill(0);
		countedAt.fill(NaN);
		for (const stage of firstSeenStages) hold(stage, time[start]);

		for (let i = start; i < end; i++) {
			const t = time[i];
			for (let j = 0; j < everyEventRules.length; j++) {
				const r = everyEventRules[j];
				const rule = rules[r];
				if (rule.kind === Kind.Activity) {
					if (++counts[r] >= rule.minCount) hold(rule.stage, t);
				} else if (i > start && t - time[i - 1] >= rule.gap) hold(rule.stage, time[i - 1] + rule.gap);
			}
			// Only the event rules this event's name can satisfy.
			const matching = eventRules[event[i]];
			for (let j = 0; j < matching.length; j++) {
				const r = matching[j];
				const rule = rules[r];
				if (rule.minValue > -Infinity && !(valueAt(value, i) >= rule.minValue)) continue;
				if (rule.whereCodes && !rule.whereAllowed![rule.whereCodes[i]]) continue;
				// Deliberate (classifier version 2): events of one instant count once.
				if (t !== countedAt[r]) (countedAt[r] = t), counts[r]++;
				if (counts[r] >= rule.minCount) hold(rule.stage, t);
			}
		}
		// A trailing quiet spell up to the as-of date.
		for (const rule of inactivityRules) {
			if (asOf - time[end - 1] >= rule.gap) hold(rule.stage, time[end - 1] + rule.gap);
		}
		return { first: time[start], last: time[end - 1] };
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

/** reached[s] = min over s' >= s of entered[s']: a suffix minimum per customer. */
function reachedFromEntered(entered: Float64Array, stageCount: number): Float64Array {
	const reached = new Float64Array(entered.length);
	for (let base = 0; base < entered.length; base += stageCount) {
		let earliest = NaN;
		for (let s = stageCount - 1; s >= 0; s--) {
			const t = entered[base + s];
			if (!Number.isNaN(t) && !(earliest <= t)) earliest = t;
			reached[base + s] = earliest;
		}
	}
	return reached;
}

/**
 * forward-only: the furthest stage reached. latest: the stage whose rule held last (the later stage on a tie);
 * a customer has regressed when that is before the furthest stage they ever entered.
 */
function currentStages(times: Float64Array, entered: Float64Array, stageCount: number, progression: LifecycleModel['progression']) {
	const customerCount = stageCount === 0 ? 0 : times.length / stageCount;
	const current = new Int32Array(customerCount).fill(-1);
	const regressed = new Uint8Array(customerCount);
	for (let c = 0; c < customerCount; c++) {
		let latest = -Infinity;
		let furthest = -1;
		for (let s = 0; s < stageCount; s++) {
			const t = times[c * stageCount + s];
			if (!Number.isNaN(entered[c * stageCount + s])) furthest = s;
			if (Number.isNaN(t)) continue;
			if (progression === 'forward-only' || t >= latest) {
				current[c] = s;
				latest = t;
			}
		}
		if (progression === 'latest' && current[c] >= 0 && current[c] < furthest) regressed[c] = 1;
	}
	return { current, regressed };
}
