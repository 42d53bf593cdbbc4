/**
 * What changed between two exports of one source (issue 25, part 2): each customer's stage under a model in export A
 * (as of A's as-of date) and in export B (as of B's), matched by customer id, put in exactly one change category,
 * and a Sankey from the stage at A to the stage at B. docs/compare.md defines the categories; this module is their
 * one definition (the page, the CLI and the tests all read it).
 */
import type { Classification } from './classify';
import type { FlowLink, FlowNode, FlowResult } from './flows';
import { END } from './flows';
import { matchIds } from './match-ids';
import type { LifecycleModel } from './model';
import { ACTIVE, INACTIVE, LOST, type StatusResult } from './status';
import type { EventTable } from './table';

/**
 * The categories, in the order they are decided and shown: the first that holds is a customer's category, so they
 * partition the union of both exports' customers.
 */
export const CHANGE_CATEGORIES = ['new', 'disappeared', 'wonBack', 'forward', 'back', 'quiet', 'unchanged'] as const;
export type ChangeCategory = (typeof CHANGE_CATEGORIES)[number];

/** A customer's stage where they have no stage of the model (a model without a first-seen stage). */
export const NO_STAGE = -1;
/** A customer's stage in an export they are not in (no event up to its as-of date). */
export const ABSENT = -2;

/** One export as the comparison reads it: its table, classified under the model, and the statuses of that date. */
export interface ExportStanding {
	table: EventTable;
	classification: Classification;
	status: StatusResult;
}

/** Every customer of either export, matched by id, with their standing in each and their category. */
export interface Comparison {
	model: LifecycleModel;
	asOfA: number;
	asOfB: number;
	/**
	 * The union of both exports' customers, `count` of them: A's in A's order, then those only in B in B's order.
	 * customerA[k] and customerB[k] are customer k's index in each table (into idsA, idsB), -1 when not in that export.
	 */
	count: number;
	idsA: readonly string[];
	idsB: readonly string[];
	customerA: Int32Array;
	customerB: Int32Array;
	/** Current stage index at A and at B; NO_STAGE or ABSENT. */
	stageA: Int32Array;
	stageB: Int32Array;
	/** ACTIVE, INACTIVE or LOST (./status) at A and at B; meaningless where the stage is ABSENT. */
	statusA: Uint8Array;
	statusB: Uint8Array;
	/** Index into CHANGE_CATEGORIES. */
	category: Uint8Array;
}

/** What the page and the CLI show: counts, not customers. */
export interface CompareResult {
	asOfA: number;
	asOfB: number;
	/** Customers in A, in B, in either. */
	customersA: number;
	customersB: number;
	customers: number;
	/** Every category in CHANGE_CATEGORIES order, with its customers (zero included); they sum to `customers`. */
	categories: { category: ChangeCategory; customers: number }[];
	/** Position 0: the stage at A ("Not in A" for the new); position 1: the stage at B ("Not in B" for the disappeared). */
	flow: FlowResult;
}

/**
 * Stages a customer is in because they went quiet, not because they progressed: every rule that enters them is an
 * inactivity rule (the client-status model's Inactive and Lost). Moving into one is going quiet, not moving forward.
 */
export function quietStages(model: LifecycleModel): boolean[] {
	return model.stages.map((stage) => stage.enter.length > 0 && stage.enter.every((rule) => rule.kind === 'inactivity'));
}

/**
 * Matches the customers of two exports by id and puts each in its category. `matched` is matchIds(A's ids, B's ids):
 * it depends on the tables only, so a comparison of the same two exports under another model can pass it again.
 */
export function compareExports(a: ExportStanding, b: ExportStanding, model: LifecycleModel, matched = matchIds(a.table.customerIds, b.table.customerIds)): Comparison {
	// Present in an export: at least one event up to its as-of date.
	const lastSeenA = a.classification.lastSeen;
	const lastSeenB = b.classification.lastSeen;
	const countA = lastSeenA.length;
	const countB = lastSeenB.length;
	// Each customer of A's match in B where both are present (-1 elsewhere); n counts the union.
	const bOfA = new Int32Array(countA).fill(-1);
	let n = 0;
	for (let cb = 0; cb < countB; cb++) {
		if (Number.isNaN(lastSeenB[cb])) continue;
		const ca = matched[cb];
		if (ca >= 0 && !Number.isNaN(lastSeenA[ca])) bOfA[ca] = cb;
		else n++;
	}
	for (let ca = 0; ca < countA; ca++) if (!Number.isNaN(lastSeenA[ca])) n++;
	const customerA = new Int32Array(n);
	const customerB = new Int32Array(n);
	let k = 0;
	for (let ca = 0; ca < countA; ca++) {
		if (Number.isNaN(lastSeenA[ca])) continue;
		customerA[k] = ca;
		customerB[k++] = bOfA[ca];
	}
	for (let cb = 0; cb < countB; cb++) {
		if (Number.isNaN(lastSeenB[cb])) continue;
		const ca = matched[cb];
		if (ca >= 0 && !Number.isNaN(lastSeenA[ca])) continue;
		customerA[k] = -1;
		customerB[k++] = cb;
	}
	const stageA = new Int32Array(n);
	const stageB = new Int32Array(n);
	const statusA = new Uint8Array(n);
	const statusB = new Uint8Array(n);
	const category = new Uint8Array(n);
	const quietStage = quietStages(model);
	for (k = 0; k < n; k++) {
		const ca = customerA[k];
		const cb = customerB[k];
		stageA[k] = ca >= 0 ? a.classification.current[ca] : ABSENT;
		stageB[k] = cb >= 0 ? b.classification.current[cb] : ABSENT;
		statusA[k] = ca >= 0 ? a.status.status[ca] : 0;
		statusB[k] = cb >= 0 ? b.status.status[cb] : 0;
		category[k] = categoryOf(stageA[k], stageB[k], statusA[k], statusB[k], quietStage);
	}
	return {
		model,
		asOfA: a.classification.asOf,
		asOfB: b.classification.asOf,
		count: n,
		idsA: a.table.customerIds,
		idsB: b.table.customerIds,
		customerA,
		customerB,
		stageA,
		stageB,
		statusA,
		statusB,
		category
	};
}

/** The id of the comparison's customer k. */
export function comparedId(comparison: Comparison, k: number): string {
	const ca = comparison.customerA[k];
	return ca >= 0 ? comparison.idsA[ca] : comparison.idsB[comparison.customerB[k]];
}

const NEW = CHANGE_CATEGORIES.indexOf('new');
const DISAPPEARED = CHANGE_CATEGORIES.indexOf('disappeared');
const WON_BACK = CHANGE_CATEGORIES.indexOf('wonBack');
const FORWARD = CHANGE_CATEGORIES.indexOf('forward');
const BACK = CHANGE_CATEGORIES.indexOf('back');
const QUIET = CHANGE_CATEGORIES.indexOf('quiet');
const UNCHANGED = CHANGE_CATEGORIES.indexOf('unchanged');

const isQuiet = (status: number, stage: number, quietStage: boolean[]) => status === INACTIVE || status === LOST || (stage >= 0 && quietStage[stage]);

/** The first category that holds, in CHANGE_CATEGORIES order (docs/compare.md). */
function categoryOf(stageA: number, stageB: number, statusA: number, statusB: number, quietStage: boolean[]): number {
	if (stageA === ABSENT) return NEW;
	if (stageB === ABSENT) return DISAPPEARED;
	const quietA = isQuiet(statusA, stageA, quietStage);
	const quietB = isQuiet(statusB, stageB, quietStage);
	if (quietA && !quietB) return WON_BACK;
	// A move between stages a customer progresses through; a quiet stage is not one (see quietStages).
	const progressStages = !(stageA >= 0 && quietStage[stageA]) && !(stageB >= 0 && quietStage[stageB]);
	if (progressStages && stageB > stageA) return FORWARD;
	if (progressStages && stageB < stageA) return BACK;
	if (!quietA && quietB) return QUIET;
	return UNCHANGED;
}

/** The counts and the A-to-B Sankey of a comparison. */
export function compareResult(comparison: Comparison): CompareResult {
	const { count, stageA, stageB, category, model } = comparison;
	// Counted by number, not by id strings: this runs once per customer of both exports.
	const width = model.stages.length + 2; // the stages, NO_STAGE and ABSENT
	const slot = (stage: number) => stage - ABSENT;
	const counts = new Array<number>(CHANGE_CATEGORIES.length).fill(0);
	const nodesA = new Uint32Array(width);
	const nodesB = new Uint32Array(width);
	const links = new Uint32Array(width * width);
	for (let k = 0; k < count; k++) {
		counts[category[k]]++;
		nodesA[slot(stageA[k])]++;
		nodesB[slot(stageB[k])]++;
		links[slot(stageA[k]) * width + slot(stageB[k])]++;
	}
	const stageOf = (s: number) => s + ABSENT;
	// Each side's stages in model order, then "no stage", then "not in A" / "not in B".
	const slots = [...Array.from({ length: width - 2 }, (_, s) => s + 2), 1, 0];
	const nodes: FlowNode[] = [];
	for (const [position, counted] of [[0, nodesA], [1, nodesB]] as const) {
		for (const s of slots) if (counted[s] > 0) nodes.push(flowNode(position, stageOf(s), counted[s], model));
	}
	const flowLinks: FlowLink[] = [];
	for (let i = 0; i < links.length; i++) {
		if (links[i] > 0) flowLinks.push({ source: compareNodeId(0, stageOf(Math.floor(i / width))), target: compareNodeId(1, stageOf(i % width)), customers: links[i] });
	}
	return {
		asOfA: comparison.asOfA,
		asOfB: comparison.asOfB,
		customersA: count - nodesA[slot(ABSENT)],
		customersB: count - nodesB[slot(ABSENT)],
		customers: count,
		categories: CHANGE_CATEGORIES.map((c, i) => ({ category: c, customers: counts[i] })),
		flow: { customers: count, nodes, links: flowLinks }
	};
}

/** A Sankey node's id: `a:2` is stage 2 at A, `b:absent` not in B, `a:none` no stage at A. */
export function compareNodeId(position: 0 | 1, stage: number): string {
	return `${position === 0 ? 'a' : 'b'}:${stage === ABSENT ? 'absent' : stage === NO_STAGE ? 'none' : stage}`;
}

function flowNode(position: 0 | 1, stage: number, customers: number, model: LifecycleModel): FlowNode {
	const label = stage >= 0 ? model.stages[stage].label : stage === NO_STAGE ? 'No stage' : position === 0 ? 'Not in A' : 'Not in B';
	return { id: compareNodeId(position, stage), position, stage: stage >= 0 ? stage : END, label, customers };
}

/** What was clicked on the comparison: a category, a node or a link of its Sankey. */
export type CompareSelection =
	| { kind: 'category'; category: ChangeCategory }
	| { kind: 'node'; node: string }
	| { kind: 'link'; source: string; target: string };

/** The position and stage of a Sankey node's id (compareNodeId); null for an id it never gives. */
export function parseCompareNodeId(id: string): { position: 0 | 1; stage: number } | null {
	const match = /^([ab]):(absent|none|\d+)$/.exec(id);
	if (!match) return null;
	const stage = match[2] === 'absent' ? ABSENT : match[2] === 'none' ? NO_STAGE : Number(match[2]);
	return { position: match[1] === 'a' ? 0 : 1, stage };
}

/** The indexes (k of Comparison) of the customers behind a selection, in the union's order. */
export function selectedInComparison(comparison: Comparison, selection: CompareSelection): number[] {
	const { stageA, stageB, category } = comparison;
	const chosen: number[] = [];
	const n = comparison.count;
	if (selection.kind === 'category') {
		const wanted = CHANGE_CATEGORIES.indexOf(selection.category);
		for (let k = 0; k < n; k++) if (category[k] === wanted) chosen.push(k);
		return chosen;
	}
	const ends = selection.kind === 'node' ? [parseCompareNodeId(selection.node)] : [parseCompareNodeId(selection.source), parseCompareNodeId(selection.target)];
	// An id the comparison never gives selects no one.
	if (ends.some((end) => end === null)) return chosen;
	const stageAt = (position: 0 | 1, k: number) => (position === 0 ? stageA[k] : stageB[k]);
	for (let k = 0; k < n; k++) if (ends.every((end) => stageAt(end!.position, k) === end!.stage)) chosen.push(k);
	return chosen;
}

/** One row of a comparison's customer list. */
export interface ComparedCustomer {
	id: string;
	category: ChangeCategory;
	/** The stage's label; '' without a stage; null when not in that export. */
	stageA: string | null;
	stageB: string | null;
	statusA: Standing | null;
	statusB: Standing | null;
}

export type Standing = 'active' | 'inactive' | 'lost';
const STANDINGS: Record<number, Standing> = { [ACTIVE]: 'active', [INACTIVE]: 'inactive', [LOST]: 'lost' };

export interface ComparedCustomers {
	total: number;
	/** Every one of them, or the first `limit` asked for. */
	rows: ComparedCustomer[];
}

/**
 * The customers behind a selection as rows a person can read and download: all of them (the CSV is made of them),
 * or the first `limit` (what a page shows).
 */
export function comparedCustomers(comparison: Comparison, selection: CompareSelection, limit = Infinity): ComparedCustomers {
	const chosen = selectedInComparison(comparison, selection);
	const label = (stage: number) => (stage === ABSENT ? null : stage === NO_STAGE ? '' : comparison.model.stages[stage].label);
	const rows = chosen.slice(0, limit).map(
		(k): ComparedCustomer => ({
			id: comparedId(comparison, k),
			category: CHANGE_CATEGORIES[comparison.category[k]],
			stageA: label(comparison.stageA[k]),
			stageB: label(comparison.stageB[k]),
			statusA: comparison.stageA[k] === ABSENT ? null : STANDINGS[comparison.statusA[k]],
			statusB: comparison.stageB[k] === ABSENT ? null : STANDINGS[comparison.statusB[k]]
		})
	);
	return { total: chosen.length, rows };
}
