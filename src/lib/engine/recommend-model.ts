/**
 * The model a dataset opens on: chosen from its shape and event names, never one under which every customer sits
 * in the first step or every step holds everyone. Pure: the dashboard asks it only when the link names no model.
 */
import { classify, type Classification } from './classify';
import { funnel } from './funnel';
import { clientStatus, journey5, leadLifecycle, normalizeName, templates, type LifecycleModel, type Stage } from './model';
import { moneyEvents, type MoneyEvents } from './purchases';
import type { EventTable } from './table';

/** How the dataset was imported, from its record's mapping (absent for a table of unknown origin). */
export type DatasetShape = 'event-log' | 'stage-dates' | 'orders' | 'snapshot';

export type ModelRecommendation =
	/** A stage-date export: the lead lifecycle. */
	| { kind: 'stage-dates'; templateId: string }
	/** Orders and refunds and nothing else: the 5-stage customer journey. */
	| { kind: 'orders'; templateId: string }
	/** Event names that a template's rules name; `matched` lists the dataset's names it recognised. */
	| { kind: 'vocabulary'; templateId: string; matched: string[] }
	/** No template gives a useful funnel: the dashboard opens on `suggested`, a model of the dataset's own events. */
	| { kind: 'none'; suggested: LifecycleModel }
	/**
	 * No template fits, and `suggested` would hold everyone at every step too (one event everyone has): the client
	 * status, by activity; the editor can still open on `suggested`.
	 */
	| { kind: 'activity'; templateId: string; suggested: LifecycleModel };

/** Stages of a suggested model: first seen, then the most common events. */
const SUGGESTED_STAGES = 8;

/** What a session already holds: its classifications (which the first chart then reuses) and its money events. */
export interface RecommendWith {
	classify?: (model: LifecycleModel) => Classification;
	moneyEvents?: MoneyEvents;
}

export function recommendModel(table: EventTable, shape?: DatasetShape, using: RecommendWith = {}): ModelRecommendation {
	const classifyAs = using.classify ?? ((model: LifecycleModel) => classify(table, model));
	const degenerate = (model: LifecycleModel) => isDegenerateUnder(model, classifyAs(model));
	if (shape === 'stage-dates' && !degenerate(leadLifecycle)) return { kind: 'stage-dates', templateId: leadLifecycle.id };
	if ((shape === 'orders' || onlyMoneyEvents(table, using.moneyEvents ?? moneyEvents(table))) && !degenerate(journey5)) {
		return { kind: 'orders', templateId: journey5.id };
	}

	// The best template has most of its stages entered by their own rules, then most of the dataset's names, then
	// comes first in the templates' order. Classifying costs a pass over every event, so a template is classified
	// only while it can still beat the best so far: the share of its stages whose names the data has at all bounds
	// the share entered. Most event logs then classify one template, the one the first chart shows.
	const counts = eventCounts(table);
	const present = new Set(counts.filter((c) => c.customers > 0).map((c) => normalizeName(c.name)));
	const candidates = templates
		.map((template, order) => ({ template, order, matched: namesMatched(template, counts), atMost: shareOfStagesPossible(template, present) }))
		.filter((c) => c.matched.length > 0)
		.sort((x, y) => y.atMost - x.atMost || y.matched.length - x.matched.length || x.order - y.order);
	type Scored = (typeof candidates)[number] & { entered: number };
	const beats = (c: Scored, than: Scored) =>
		c.entered > than.entered || (c.entered === than.entered && (c.matched.length > than.matched.length || (c.matched.length === than.matched.length && c.order < than.order)));
	let best: Scored | null = null;
	for (const c of candidates) {
		if (best && !beats({ ...c, entered: c.atMost }, best)) continue;
		const classification = classifyAs(c.template);
		if (isDegenerateUnder(c.template, classification)) continue;
		const scored = { ...c, entered: shareOfStagesEntered(c.template, classification) };
		if (!best || beats(scored, best)) best = scored;
	}
	if (best) return { kind: 'vocabulary', templateId: best.template.id, matched: best.matched };
	const suggested = modelOfEvents(table, counts);
	if (degenerate(suggested) && !degenerate(clientStatus)) return { kind: 'activity', templateId: clientStatus.id, suggested };
	return { kind: 'none', suggested };
}

/**
 * Every customer in the first step, or every step holding every customer: a funnel that says nothing.
 */
export function isDegenerate(table: EventTable, model: LifecycleModel): boolean {
	return isDegenerateUnder(model, classify(table, model));
}

function isDegenerateUnder(model: LifecycleModel, classification: Classification): boolean {
	if (classification.customerCount === 0 || model.stages.length < 2) return true;
	const steps = funnel(classification, model).steps;
	return steps.slice(1).every((s) => s.count === 0) || steps.every((s) => s.count === steps[0].count);
}

/**
 * The share of a template's event stages that some customer entered by the stage's own rule: a name alone is not
 * enough ("the 4th purchase" needs a customer with four).
 */
function shareOfStagesEntered(model: LifecycleModel, classification: Classification): number {
	const S = model.stages.length;
	let eventStages = 0;
	let entered = 0;
	model.stages.forEach((stage, s) => {
		if (stageNames(stage).length === 0) return;
		eventStages++;
		for (let c = 0; c < classification.customerCount; c++) {
			if (!Number.isNaN(classification.entered[c * S + s])) {
				entered++;
				return;
			}
		}
	});
	return eventStages ? entered / eventStages : 0;
}

/**
 * The share of a template's event stages that name an event the data has (or enter by another rule): no more of
 * them can be entered (shareOfStagesEntered).
 */
function shareOfStagesPossible(model: LifecycleModel, present: Set<string>): number {
	const eventStages = model.stages.filter((stage) => stageNames(stage).length > 0);
	const possible = eventStages.filter((stage) => stage.enter.some((rule) => rule.kind !== 'event' || rule.names.some((n) => present.has(normalizeName(n)))));
	return eventStages.length ? possible.length / eventStages.length : 0;
}

/** The table holds purchases and refunds only: an orders export with no lifecycle events. */
function onlyMoneyEvents(table: EventTable, { money, purchases }: MoneyEvents): boolean {
	if (purchases.size === 0) return false;
	for (let i = 0; i < table.rowCount; i++) if (!money.has(table.event[i])) return false;
	return true;
}

/** Per event name, the number of customers who have it, most first. */
function eventCounts(table: EventTable): { name: string; customers: number }[] {
	const customers = new Uint32Array(table.eventNames.length);
	const seen = new Int32Array(table.eventNames.length).fill(-1);
	for (let c = 0; c < table.customerIds.length; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const e = table.event[i];
			if (seen[e] !== c) {
				seen[e] = c;
				customers[e]++;
			}
		}
	}
	return table.eventNames.map((name, e) => ({ name, customers: customers[e] })).sort((a, b) => b.customers - a.customers || (a.name < b.name ? -1 : 1));
}

/** The dataset's event names that a template's rules name, in the template's stage order. */
function namesMatched(template: LifecycleModel, counts: { name: string }[]): string[] {
	const present = new Map(counts.map(({ name }) => [normalizeName(name), name]));
	const matched = new Set<string>();
	for (const stage of template.stages) for (const n of stageNames(stage)) if (present.has(n)) matched.add(present.get(n)!);
	return [...matched];
}

const stageNames = (stage: Stage) =>
	stage.enter.flatMap((rule) => (rule.kind === 'event' ? rule.names : rule.kind === 'stage-date' ? [rule.column] : [])).map(normalizeName);

/** The suggested model's id and its first stage's: the page names them in the user's language. */
export const SUGGESTED_MODEL_ID = 'suggested';
export const FIRST_SEEN_STAGE_ID = 'first-seen';

/** A model of the dataset's own events, for the editor: first seen, then the most common events, each a stage. */
export function modelOfEvents(table: EventTable, counts = eventCounts(table)): LifecycleModel {
	const events = counts.filter((c) => c.customers > 0).slice(0, SUGGESTED_STAGES - 1);
	return {
		id: SUGGESTED_MODEL_ID,
		name: 'Your events',
		progression: 'forward-only',
		stages: [
			{ id: FIRST_SEEN_STAGE_ID, label: 'First seen', enter: [{ kind: 'first-seen' }] },
			...events.map((e, k): Stage => ({ id: `event-${k + 1}`, label: e.name, enter: [{ kind: 'event', names: [e.name] }] }))
		]
	};
}
