/**
 * Journeys (issue 25, part 1): the events each customer did just after, or just before, a moment of their lifecycle,
 * as a Sankey keyed by (step, event), with each link's share of customers who went on to reach a goal.
 *
 * - The anchor is an event name or a stage of the model. A customer's anchor is their FIRST occurrence of it (as
 *   PostHog's paths take it): the first row of the event, or the first time they reached the stage (in it or a later
 *   one: the moment the funnel counts them there). One anchor per customer keeps every customer on one path, so the
 *   Sankey counts customers, not visits, and the anchor node's count is the number of customers who did it.
 * - Steps are the events after the anchor (next) or before it (previous), nearest first. After an event anchor they
 *   are the rows after its row; around a stage anchor, the rows strictly later (earlier) than the moment of entry:
 *   the events at that moment are the entry itself. Events after the as-of date are not seen.
 * - Shaping, in this order: hidden events are left out; consecutive repeats merge into one step; a step's event held
 *   by fewer than `minShare` of the journey's customers folds into "other" at that step.
 * - A customer with fewer steps goes to "end of journey" (or, looking back, "start of journey") and stays there, so
 *   every step holds every customer: the Sankey conserves customers at every step.
 * - The goal is reached when it happens after the anchor: a goal event on a later row (at or after the moment of a
 *   stage anchor), a goal stage reached at or after the anchor's time.
 */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import { END, OTHER, type FlowLink, type FlowNode, type FlowResult } from './flows';
import type { LifecycleModel } from './model';
import type { EventTable } from './table';

/** An event by its name, or the entry into a stage by its id. */
export type JourneyPoint = { event: string } | { stage: string };
export type JourneyDirection = 'next' | 'previous';

export const JOURNEY_MAX_STEPS = 10;

export interface JourneySpec {
	anchor: JourneyPoint;
	direction: JourneyDirection;
	/** How many events to follow, 1 to JOURNEY_MAX_STEPS. */
	steps: number;
	/** Event names left out of the steps. */
	hidden?: string[];
	/** Consecutive repeats of an event count as one step. */
	mergeRepeats?: boolean;
	/** A step's event held by less than this share (0-1) of the journey's customers folds into "other". */
	minShare?: number;
	goal?: JourneyPoint;
}

/** The anchor node's code beside the event codes, END and OTHER (flows.ts). */
export const ANCHOR = -3;

export type JourneyNodeKind = 'anchor' | 'event' | 'other' | 'end';

export interface JourneyNode extends FlowNode {
	/** 0: the anchor; k: the k-th event after it (next) or before it (previous). */
	step: number;
	kind: JourneyNodeKind;
	/** Of the node's customers, those who reached the goal (0 without a goal). */
	converted: number;
}

export interface JourneyLink extends FlowLink {
	/** Of the link's customers, those who reached the goal (0 without a goal). */
	converted: number;
}

export interface JourneyResult extends FlowResult {
	direction: JourneyDirection;
	steps: number;
	/** The anchor's and the goal's names (a stage's label). */
	anchor: string;
	goal: string | null;
	/** Of the journey's customers, those who reached the goal. */
	converted: number;
	nodes: JourneyNode[];
	links: JourneyLink[];
}

/** "stage:ID" is a stage, "event:NAME" or any other text an event (so an event named "stage:x" can still be asked). */
export function parseJourneyPoint(text: string): JourneyPoint {
	if (text.startsWith('stage:')) return { stage: text.slice('stage:'.length) };
	return { event: text.startsWith('event:') ? text.slice('event:'.length) : text };
}

export function formatJourneyPoint(point: JourneyPoint): string {
	return 'stage' in point ? `stage:${point.stage}` : point.event.startsWith('stage:') || point.event.startsWith('event:') ? `event:${point.event}` : point.event;
}

/** Each customer's anchor: the anchor event's row (-1 for a stage anchor) and its time (NaN: no anchor). */
export interface JourneyAnchors {
	row: Int32Array;
	time: Float64Array;
}

/** What a journey is computed from; the anchors depend only on the table, the classification and the anchor. */
export interface JourneyInput {
	table: EventTable;
	classification: Classification;
	model: LifecycleModel;
	anchors: JourneyAnchors;
	mask: Mask;
}

export function journeyAnchors(table: EventTable, classification: Classification, model: LifecycleModel, anchor: JourneyPoint): JourneyAnchors {
	const n = table.customerIds.length;
	const row = new Int32Array(n).fill(-1);
	const time = new Float64Array(n).fill(NaN);
	if ('stage' in anchor) {
		const s = model.stages.findIndex((stage) => stage.id === anchor.stage);
		const S = model.stages.length;
		if (s >= 0) for (let c = 0; c < n; c++) time[c] = classification.reached[c * S + s];
		return { row, time };
	}
	const code = table.eventNames.indexOf(anchor.event);
	if (code < 0) return { row, time };
	for (let c = 0; c < n; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && table.time[i] <= classification.asOf; i++) {
			if (table.event[i] !== code) continue;
			row[c] = i;
			time[c] = table.time[i];
			break;
		}
	}
	return { row, time };
}

const stepsOf = (spec: JourneySpec) => Math.min(JOURNEY_MAX_STEPS, Math.max(1, Math.floor(spec.steps) || 1));

/**
 * Calls `visit` for each chosen customer with an anchor, in customer order, with their node codes per step (index 0
 * the anchor; then event codes, OTHER once folded, END past their last step) and whether they reached the goal.
 */
function walk(input: JourneyInput, spec: JourneySpec, visit: (c: number, codes: Int32Array, converted: boolean) => void): void {
	const { table, classification, model, anchors, mask } = input;
	const { customerStart, time, event } = table;
	const N = stepsOf(spec);
	const next = spec.direction !== 'previous';
	const merge = spec.mergeRepeats === true;
	const hidden = new Uint8Array(table.eventNames.length);
	for (const name of spec.hidden ?? []) {
		const code = table.eventNames.indexOf(name);
		if (code >= 0) hidden[code] = 1;
	}
	const goal = spec.goal;
	const goalEvent = goal && 'event' in goal ? table.eventNames.indexOf(goal.event) : -1;
	const goalStage = goal && 'stage' in goal ? model.stages.findIndex((s) => s.id === goal.stage) : -1;
	const S = model.stages.length;
	const { asOf } = classification;

	const chosen: number[] = [];
	for (let c = 0; c < anchors.time.length; c++) if (isIncluded(mask, c) && !Number.isNaN(anchors.time[c])) chosen.push(c);
	// Every customer's steps first (END past the last), to count each (step, event) before folding the small ones.
	const paths = new Int32Array(chosen.length * N).fill(END);
	const converted = new Uint8Array(chosen.length);
	const width = table.eventNames.length + 3; // event codes, END, OTHER and ANCHOR
	const counts = new Uint32Array((N + 1) * width);
	chosen.forEach((c, k) => {
		const start = customerStart[c];
		let end = customerStart[c + 1];
		while (end > start && time[end - 1] > asOf) end--;
		const row = anchors.row[c];
		const t = anchors.time[c];
		// The first row after the anchor: after its row, or strictly after a stage's moment of entry.
		let after = row + 1;
		if (row < 0) for (after = start; after < end && time[after] <= t; after++);
		const offset = k * N;
		let length = 0;
		let last = -1;
		const take = (i: number) => {
			const e = event[i];
			if (hidden[e] || (merge && e === last)) return;
			paths[offset + length++] = e;
			last = e;
		};
		if (next) for (let i = after; i < end && length < N; i++) take(i);
		else {
			// The last row before the anchor: before its row, or strictly before a stage's moment of entry.
			let before = row - 1;
			if (row < 0) for (before = after - 1; before >= start && time[before] >= t; before--);
			for (let i = before; i >= start && length < N; i--) take(i);
		}
		for (let s = 0; s < N; s++) counts[(s + 1) * width + paths[offset + s] + 3]++;
		if (goalStage >= 0) converted[k] = classification.reached[c * S + goalStage] >= t ? 1 : 0;
		else if (goalEvent >= 0) {
			let i = row >= 0 ? row + 1 : start;
			while (i < end && time[i] < t) i++;
			for (; i < end; i++) if (event[i] === goalEvent) break;
			converted[k] = i < end ? 1 : 0;
		}
	});

	const minimum = (spec.minShare ?? 0) * chosen.length;
	const codes = new Int32Array(N + 1);
	codes[0] = ANCHOR;
	chosen.forEach((c, k) => {
		for (let s = 1; s <= N; s++) {
			const e = paths[k * N + s - 1];
			codes[s] = e >= 0 && counts[s * width + e + 3] < minimum ? OTHER : e;
		}
		visit(c, codes, converted[k] === 1);
	});
}

/** A node's id: its step and code ("2:5" is event code 5 two steps away; "0:-3" the anchor). */
const nodeId = (step: number, code: number) => `${step}:${code}`;
const stepOfId = (id: string) => Number(id.split(':')[0]);

const pointLabel = (point: JourneyPoint, model: LifecycleModel) =>
	'stage' in point ? (model.stages.find((s) => s.id === point.stage)?.label ?? point.stage) : point.event;

export function journey(input: JourneyInput, spec: JourneySpec): JourneyResult {
	const { table, model } = input;
	const N = stepsOf(spec);
	const next = spec.direction !== 'previous';
	const width = table.eventNames.length + 3;
	const anchorLabel = pointLabel(spec.anchor, model);
	const nodes = new Map<number, JourneyNode>();
	const links = new Map<number, JourneyLink>();
	const nodeOf = (step: number, code: number): JourneyNode => {
		const key = step * width + code + 3;
		let node = nodes.get(key);
		if (!node) {
			const kind: JourneyNodeKind = code === ANCHOR ? 'anchor' : code === END ? 'end' : code === OTHER ? 'other' : 'event';
			const label = kind === 'anchor' ? anchorLabel : kind === 'end' ? (next ? 'End of journey' : 'Start of journey') : kind === 'other' ? 'Other' : table.eventNames[code];
			node = { id: nodeId(step, code), step, position: next ? step : N - step, stage: code, kind, label, customers: 0, converted: 0 };
			nodes.set(key, node);
		}
		return node;
	};
	let customers = 0;
	let converted = 0;
	walk(input, spec, (_c, codes, reached) => {
		customers++;
		converted += +reached;
		let previous: JourneyNode | null = null;
		for (let s = 0; s <= N; s++) {
			const node = nodeOf(s, codes[s]);
			node.customers++;
			node.converted += +reached;
			if (previous) {
				// Links run in time order: looking back, from the earlier event to the one nearer the anchor.
				const [source, target] = next ? [previous, node] : [node, previous];
				const key = (source.step * width + source.stage + 3) * (N + 1) * width + target.step * width + target.stage + 3;
				let link = links.get(key);
				if (!link) links.set(key, (link = { source: source.id, target: target.id, customers: 0, converted: 0 }));
				link.customers++;
				link.converted += +reached;
			}
			previous = node;
		}
	});
	const rank = (node: JourneyNode) => (node.kind === 'other' ? 1 : node.kind === 'end' ? 2 : 0);
	const sorted = [...nodes.values()].sort((a, b) => a.position - b.position || rank(a) - rank(b) || b.customers - a.customers || a.label.localeCompare(b.label));
	return {
		customers,
		nodes: sorted,
		links: [...links.values()],
		direction: next ? 'next' : 'previous',
		steps: N,
		anchor: anchorLabel,
		goal: spec.goal ? pointLabel(spec.goal, model) : null,
		converted
	};
}

/** A node or a link of a journey, by the ids the result gives them. */
export type JourneyMark = { node: string } | { source: string; target: string };

/** The customers through a node or a link of a journey ("other" included: it is the same walk), in customer order. */
export function journeyCustomers(input: JourneyInput, spec: JourneySpec, mark: JourneyMark): number[] {
	const N = stepsOf(spec);
	const chosen: number[] = [];
	const through = (codes: Int32Array, id: string) => {
		const step = stepOfId(id);
		return step >= 0 && step <= N && nodeId(step, codes[step]) === id;
	};
	walk(input, spec, (c, codes) => {
		if ('node' in mark ? through(codes, mark.node) : through(codes, mark.source) && through(codes, mark.target)) chosen.push(c);
	});
	return chosen;
}
