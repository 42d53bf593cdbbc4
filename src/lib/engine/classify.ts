/**
 * Classification: when each customer entered each stage of a model.
 * One pass over each customer's run of events; rules are compiled to lookups by event code first.
 */
import type { LifecycleModel, Rule } from './model';
import { normalizeName } from './model';
import type { EventTable } from './table';

export interface Classification {
	stageIds: string[];
	customerCount: number;
	/** entered[c * stages + s]: the first time a rule of stage s held for customer c; NaN if never. */
	entered: Float64Array;
	/**
	 * reached[c * stages + s]: the first time customer c was in stage s or any later stage, NaN if never.
	 * Reaching a later stage means having passed every earlier one, so these never decrease along the stages.
	 */
	reached: Float64Array;
	/** Index of each customer's current stage, -1 if none. */
	current: Int32Array;
}

/** A rule turned into per-event-code lookups over one table. */
interface CompiledRule {
	stage: number;
	firstSeen: boolean;
	/** matches[eventCode] = 1 when the event name fits the rule. */
	matches: Uint8Array;
	minCount: number;
	minValue: number;
	/** Attribute filter: the row's code in this column must be allowed. */
	whereCodes: Uint32Array | null;
	whereAllowed: Uint8Array | null;
}

export function classify(table: EventTable, model: LifecycleModel): Classification {
	const stageCount = model.stages.length;
	const customerCount = table.customerIds.length;
	const entered = new Float64Array(customerCount * stageCount).fill(NaN);
	const rules = compileRules(table, model);
	const counts = new Uint32Array(rules.length);

	for (let c = 0; c < customerCount; c++) {
		const start = table.customerStart[c];
		const end = table.customerStart[c + 1];
		const base = c * stageCount;
		counts.fill(0);
		for (const rule of rules) {
			if (rule.firstSeen && end > start) setEarliest(entered, base + rule.stage, table.time[start]);
		}
		for (let i = start; i < end; i++) {
			const code = table.event[i];
			for (let r = 0; r < rules.length; r++) {
				const rule = rules[r];
				if (!rule.matches[code] || counts[r] >= rule.minCount) continue;
				if (rule.minValue > -Infinity && !(table.value[i] >= rule.minValue)) continue;
				if (rule.whereCodes && !rule.whereAllowed![rule.whereCodes[i]]) continue;
				if (++counts[r] === rule.minCount) setEarliest(entered, base + rule.stage, table.time[i]);
			}
		}
	}

	const reached = reachedFromEntered(entered, stageCount);
	const current = currentStages(model.progression === 'latest' ? entered : reached, stageCount, model.progression);
	return { stageIds: model.stages.map((s) => s.id), customerCount, entered, reached, current };
}

function setEarliest(times: Float64Array, index: number, time: number) {
	if (!(times[index] <= time)) times[index] = time;
}

function compileRules(table: EventTable, model: LifecycleModel): CompiledRule[] {
	const normalizedEvents = table.eventNames.map(normalizeName);
	const compiled: CompiledRule[] = [];
	model.stages.forEach((stage, s) => {
		for (const rule of stage.enter) compiled.push(compileRule(rule, s, normalizedEvents, table));
	});
	return compiled;
}

function compileRule(rule: Rule, stage: number, normalizedEvents: string[], table: EventTable): CompiledRule {
	const compiled: CompiledRule = {
		stage,
		firstSeen: rule.kind === 'first-seen',
		matches: new Uint8Array(normalizedEvents.length),
		minCount: 1,
		minValue: -Infinity,
		whereCodes: null,
		whereAllowed: null
	};
	if (rule.kind === 'first-seen') return compiled;
	// A stage-date column is imported as events named after the column.
	const names = new Set((rule.kind === 'event' ? rule.names : [rule.column]).map(normalizeName));
	normalizedEvents.forEach((name, code) => {
		if (names.has(name)) compiled.matches[code] = 1;
	});
	if (rule.kind === 'event') {
		compiled.minCount = Math.max(1, Math.floor(rule.minCount ?? 1));
		compiled.minValue = rule.minValue ?? -Infinity;
		if (rule.where) {
			const column = table.attributes.find((a) => a.name === rule.where!.attribute);
			const allowed = new Set(rule.where.in);
			compiled.whereCodes = column?.codes ?? null;
			compiled.whereAllowed = column ? Uint8Array.from(column.values, (v) => (allowed.has(v) ? 1 : 0)) : null;
			// A filter on an attribute the data does not have can never hold.
			if (!column) compiled.matches.fill(0);
		}
	}
	return compiled;
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
 * forward-only: the furthest stage reached. latest: the stage entered last (the later stage on a tie).
 */
function currentStages(times: Float64Array, stageCount: number, progression: LifecycleModel['progression']) {
	const customerCount = stageCount === 0 ? 0 : times.length / stageCount;
	const current = new Int32Array(customerCount).fill(-1);
	for (let c = 0; c < customerCount; c++) {
		let latest = -Infinity;
		for (let s = 0; s < stageCount; s++) {
			const t = times[c * stageCount + s];
			if (Number.isNaN(t)) continue;
			if (progression === 'forward-only' || t >= latest) {
				current[c] = s;
				latest = t;
			}
		}
	}
	return current;
}
