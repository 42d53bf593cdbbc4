/**
 * Stage flows for a Sankey. Paths: nodes are (position, stage) along each customer's sequence of stages in
 * the order entered, plus an end node for customers who went no further; links count customers moving between
 * consecutive positions. Keying nodes by position keeps the graph acyclic (d3-sankey rejects cycles), and
 * every customer who enters a middle node leaves it, so inflow equals outflow there.
 */
import { classify, type Classification } from './classify';
import { chosenCustomers, isIncluded, type Mask } from './filter';
import { DEFAULT_STATUS, type LifecycleModel } from './model';
import { customerStatus, INACTIVE, LOST, UNSEEN } from './status';
import type { EventTable } from './table';

/** The node a customer goes to after their last stage. */
export const END = -1;
/** Stages folded together because their flows are small. */
export const OTHER = -2;

export interface FlowNode {
	id: string;
	position: number;
	/** Stage index, END or OTHER. */
	stage: number;
	label: string;
	customers: number;
}

export interface FlowLink {
	source: string;
	target: string;
	customers: number;
	/** With a breakdown: the link's customers per segment, in the order of FlowResult.segments; they sum to `customers`. */
	bySegment?: number[];
}

export interface FlowResult {
	customers: number;
	nodes: FlowNode[];
	links: FlowLink[];
	/** With a breakdown: the segments' values, largest first ("other" last). */
	segments?: string[];
}

/** Each customer's segment (an index into `values`; -1: none) for links counted per segment. */
export interface FlowSegments {
	values: string[];
	of: Int32Array;
}

/** Counts a customer on a link, per segment too when there are segments. */
function countOnLink(link: FlowLink, segments: FlowSegments | undefined, c: number) {
	link.customers++;
	if (!segments) return;
	link.bySegment ??= new Array<number>(segments.values.length).fill(0);
	if (segments.of[c] >= 0) link.bySegment[segments.of[c]]++;
}

export interface PathOptions {
	/** How many positions to follow (at least 2). */
	positions: number;
	/** Nodes holding less than this share of all customers are folded into "other" at their position. */
	minShare?: number;
	/** Only these customers. */
	mask?: Mask;
	segments?: FlowSegments;
}

/** Each customer's stages in the order entered (ties in model order). */
export function stageSequences(classification: Classification): number[][] {
	const S = classification.stageIds.length;
	const sequences: number[][] = [];
	for (let c = 0; c < classification.customerCount; c++) {
		const stages: number[] = [];
		for (let s = 0; s < S; s++) if (!Number.isNaN(classification.entered[c * S + s])) stages.push(s);
		stages.sort((a, b) => classification.entered[c * S + a] - classification.entered[c * S + b] || a - b);
		sequences.push(stages);
	}
	return sequences;
}

export function stagePaths(classification: Classification, model: LifecycleModel, options: PathOptions): FlowResult {
	const positions = Math.max(2, Math.floor(options.positions));
	const S = classification.stageIds.length;
	// Nodes and links are keyed by numbers, not strings: this runs per customer and position on every filter change.
	const width = S + 2; // stages, END and OTHER
	const key = (position: number, stage: number) => position * width + stage + 2;
	const sequence = new Int32Array(S);
	/** Fills `sequence` with customer c's stages in the order entered (ties in model order); returns its length. */
	const sequenceOf = (c: number) => {
		let length = 0;
		for (let s = 0; s < S; s++) {
			const t = classification.entered[c * S + s];
			if (Number.isNaN(t)) continue;
			let i = length++;
			while (i > 0 && classification.entered[c * S + sequence[i - 1]] > t) sequence[i] = sequence[--i];
			sequence[i] = s;
		}
		return length;
	};
	const visit = (length: number, each: (position: number, stage: number) => void) => {
		const shown = Math.min(length, positions);
		for (let p = 0; p < shown; p++) each(p, sequence[p]);
		if (length < positions) each(shown, END);
	};
	// The chosen customers with a stage, from the filter's list: the rest are not visited.
	const list = chosenCustomers(options.mask);
	const visited = list ? list.length : classification.customerCount;
	const chosen = new Uint32Array(visited);
	let customers = 0;
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		if (sequenceOf(c) > 0) chosen[customers++] = c;
	}

	// Counts per (position, stage) first, to know which nodes are too small and fold into "other".
	const nodeCounts = new Uint32Array((positions + 1) * width);
	for (let j = 0; j < customers; j++) visit(sequenceOf(chosen[j]), (p, s) => nodeCounts[key(p, s)]++);
	const minimum = (options.minShare ?? 0) * customers;
	const fold = (position: number, stage: number) => (stage >= 0 && nodeCounts[key(position, stage)] < minimum ? OTHER : stage);

	const nodes = new Map<number, FlowNode>();
	const links = new Map<number, FlowLink>();
	const nodeKeys = (positions + 1) * width;
	for (let j = 0; j < customers; j++) {
		const c = chosen[j];
		let previous: FlowNode | null = null;
		visit(sequenceOf(c), (position, rawStage) => {
			const stage = fold(position, rawStage);
			const k = key(position, stage);
			let node = nodes.get(k);
			if (!node) {
				const label = stage === END ? 'No further stage' : stage === OTHER ? 'Other' : model.stages[stage].label;
				node = { id: `${position}:${stage}`, position, stage, label, customers: 0 };
				nodes.set(k, node);
			}
			node.customers++;
			if (previous !== null) {
				const linkKey = key(previous.position, previous.stage) * nodeKeys + k;
				let link = links.get(linkKey);
				if (!link) links.set(linkKey, (link = { source: previous.id, target: node.id, customers: 0 }));
				countOnLink(link, options.segments, c);
			}
			previous = node;
		});
	}
	const sortedNodes = [...nodes.values()].sort((a, b) => a.position - b.position || order(a.stage) - order(b.stage));
	return { customers, nodes: sortedNodes, links: [...links.values()], ...(options.segments ? { segments: options.segments.values } : {}) };
}

/** Stages in model order, then "other", then the end node. */
const order = (stage: number) => (stage >= 0 ? stage : stage === OTHER ? 1e6 : 1e6 + 1);

/** Where a customer stands on a date: in a stage, not there yet, or inactive or lost by the status rule. */
type Standing = number | 'absent' | 'inactive' | 'lost';

function standingsOn(table: EventTable, model: LifecycleModel, date: number): Standing[] {
	const classification = classify(table, model, { asOf: date });
	const { status } = customerStatus(table, classification, model.status ?? DEFAULT_STATUS);
	return Array.from(classification.current, (stage, c): Standing =>
		status[c] === UNSEEN ? 'absent' : status[c] === LOST ? 'lost' : status[c] === INACTIVE ? 'inactive' : stage
	);
}

/** Period transitions: each customer's standing on date A linked to their standing on date B. */
export function periodTransitions(table: EventTable, model: LifecycleModel, dateA: number, dateB: number, mask: Mask = null, segments?: FlowSegments): FlowResult {
	const before = standingsOn(table, model, dateA);
	const after = standingsOn(table, model, dateB);
	const label = (s: Standing) =>
		typeof s === 'number' ? model.stages[s].label : s === 'absent' ? 'Not yet present' : s === 'inactive' ? 'Inactive' : 'Lost';
	const nodes = new Map<string, FlowNode>();
	const links = new Map<string, FlowLink>();
	const node = (position: number, s: Standing) => {
		const id = `${position}:${s}`;
		const existing = nodes.get(id) ?? { id, position, stage: typeof s === 'number' ? s : END, label: label(s), customers: 0 };
		existing.customers++;
		nodes.set(id, existing);
		return id;
	};
	let customers = 0;
	for (let c = 0; c < before.length; c++) {
		if (!isIncluded(mask, c)) continue;
		customers++;
		const source = node(0, before[c]);
		const target = node(1, after[c]);
		const link = links.get(`${source}>${target}`) ?? { source, target, customers: 0 };
		countOnLink(link, segments, c);
		links.set(`${source}>${target}`, link);
	}
	return {
		customers,
		nodes: [...nodes.values()].sort((a, b) => a.position - b.position),
		links: [...links.values()],
		...(segments ? { segments: segments.values } : {})
	};
}
