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
	// One pass over the chosen customers counts every raw (unfolded) node and link in typed arrays; folding the small
	// nodes into "other" then merges their counts. A link runs from (p, s) to (p + 1, s'): it is keyed by its source's
	// key and its target's stage. With segments, each link's customers per segment too.
	const nodeKeys = (positions + 1) * width;
	const linkKey = (sourceKey: number, targetStage: number) => sourceKey * width + targetStage + 2;
	const nodeCounts = new Uint32Array(nodeKeys);
	const linkCounts = new Uint32Array(nodeKeys * width);
	// The order links first appear in (customer, then position): the order the result lists them in.
	const firstUse = new Float64Array(nodeKeys * width).fill(Infinity);
	const { segments } = options;
	const segmentCount = segments ? segments.values.length : 0;
	const linkSegments = segments ? new Uint32Array(nodeKeys * width * segmentCount) : null;
	const list = chosenCustomers(options.mask);
	const visited = list ? list.length : classification.customerCount;
	let customers = 0;
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const length = sequenceOf(c);
		if (length === 0) continue;
		const rank = customers++ * (positions + 1);
		const shown = Math.min(length, positions);
		const g = segments ? segments.of[c] : -1;
		let previous = -1;
		// Positions 0 to shown - 1 hold stages; the end node follows when the path is shorter than the positions.
		for (let p = 0; p <= shown; p++) {
			if (p === shown && length >= positions) break;
			const stage = p < shown ? sequence[p] : END;
			const k = key(p, stage);
			nodeCounts[k]++;
			if (previous >= 0) {
				const link = linkKey(previous, stage);
				linkCounts[link]++;
				if (firstUse[link] === Infinity) firstUse[link] = rank + p;
				if (g >= 0) linkSegments![link * segmentCount + g]++;
			}
			previous = k;
		}
	}

	const minimum = (options.minShare ?? 0) * customers;
	const fold = (position: number, stage: number) => (stage >= 0 && nodeCounts[key(position, stage)] < minimum ? OTHER : stage);
	const nodes = new Map<number, FlowNode>();
	const nodeAt = (position: number, stage: number) => {
		const k = key(position, stage);
		let node = nodes.get(k);
		if (!node) {
			const label = stage === END ? 'No further stage' : stage === OTHER ? 'Other' : model.stages[stage].label;
			node = { id: `${position}:${stage}`, position, stage, label, customers: 0 };
			nodes.set(k, node);
		}
		return node;
	};
	for (let k = 0; k < nodeKeys; k++) if (nodeCounts[k] > 0) nodeAt(Math.floor(k / width), fold(Math.floor(k / width), (k % width) - 2)).customers += nodeCounts[k];
	const links = new Map<number, FlowLink & { first: number }>();
	for (let link = 0; link < linkCounts.length; link++) {
		if (linkCounts[link] === 0) continue;
		const sourceKey = Math.floor(link / width);
		const position = Math.floor(sourceKey / width);
		const source = nodeAt(position, fold(position, (sourceKey % width) - 2));
		const target = nodeAt(position + 1, fold(position + 1, (link % width) - 2));
		const folded = linkKey(key(position, source.stage), target.stage);
		let merged = links.get(folded);
		if (!merged) links.set(folded, (merged = { source: source.id, target: target.id, customers: 0, ...(segments ? { bySegment: new Array<number>(segmentCount).fill(0) } : {}), first: Infinity }));
		merged.customers += linkCounts[link];
		merged.first = Math.min(merged.first, firstUse[link]);
		if (merged.bySegment) for (let g = 0; g < segmentCount; g++) merged.bySegment[g] += linkSegments![link * segmentCount + g];
	}
	const sortedNodes = [...nodes.values()].sort((a, b) => a.position - b.position || order(a.stage) - order(b.stage));
	const sortedLinks = [...links.values()].sort((a, b) => a.first - b.first).map(({ first: _first, ...link }) => link);
	return { customers, nodes: sortedNodes, links: sortedLinks, ...(segments ? { segments: segments.values } : {}) };
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
