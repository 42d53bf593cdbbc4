/**
 * Journeys (engine/journey.ts) on a hand-written log, every number checked by hand below: who goes where after (or
 * before) their first signup, with hidden events, merged repeats, folding, a stage anchor, a goal and a filter; and,
 * on random logs, the property the Sankey is drawn on: every step holds every customer of the journey.
 */
import { describe, expect, it } from 'vitest';
import { funnel } from '../../../src/lib/engine/funnel';
import { parseJourneyPoint, formatJourneyPoint, type JourneyResult, type JourneySpec } from '../../../src/lib/engine/journey';
import { leadLifecycle, type LifecycleModel } from '../../../src/lib/engine/model';
import { EngineSession } from '../../../src/lib/engine/session';
import { journeyCsv } from '../../../src/lib/engine/results-csv';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { DAY, day, tableOf, type Row } from '../../helpers/tables';

/**
 * ann  d1 page_view, d2 signup, d3 page_view, d4 page_view, d5 webinar, d6 purchase
 * bob  d1 email_open, d2 page_view, d3 signup, d4 email_open, d5 purchase
 * cat  d1 signup, d2 email_open
 * dan  d1 page_view, d2 page_view                      (never signs up: no anchor)
 * eve  d1 signup, d2 signup, d3 webinar, d4 page_view   (her first signup is the anchor)
 */
const LOG: Row[] = [
	['ann', day(1), 'page_view'],
	['ann', day(2), 'signup'],
	['ann', day(3), 'page_view'],
	['ann', day(4), 'page_view'],
	['ann', day(5), 'webinar'],
	['ann', day(6), 'purchase'],
	['bob', day(1), 'email_open'],
	['bob', day(2), 'page_view'],
	['bob', day(3), 'signup'],
	['bob', day(4), 'email_open'],
	['bob', day(5), 'purchase'],
	['cat', day(1), 'signup'],
	['cat', day(2), 'email_open'],
	['dan', day(1), 'page_view'],
	['dan', day(2), 'page_view'],
	['eve', day(1), 'signup'],
	['eve', day(2), 'signup'],
	['eve', day(3), 'webinar'],
	['eve', day(4), 'page_view']
];

/** Two stages: a lead at signup, a buyer at purchase. */
const model: LifecycleModel = {
	id: 'test',
	name: 'Test',
	progression: 'forward-only',
	stages: [
		{ id: 'lead', label: 'Lead', enter: [{ kind: 'event', names: ['signup'] }] },
		{ id: 'buyer', label: 'Buyer', enter: [{ kind: 'event', names: ['purchase'] }] }
	]
};

const session = new EngineSession(tableOf(LOG));
const signup = { event: 'signup' };

function run(spec: Partial<JourneySpec>, extra: { asOf?: number; filter?: { events: { event: string; did: boolean }[] } } = {}) {
	return session.journey({ model, anchor: signup, direction: 'next', steps: 3, ...spec, ...extra });
}

/** "step. label" of a node id, for reading links. */
function named(result: JourneyResult) {
	const label = new Map(result.nodes.map((n) => [n.id, `${n.step}.${n.label}`]));
	return {
		nodes: Object.fromEntries(result.nodes.map((n) => [`${n.step}.${n.label}`, n.customers])),
		links: Object.fromEntries(result.links.map((l) => [`${label.get(l.source)} > ${label.get(l.target)}`, l.customers]))
	};
}

/** The ids of the customers behind a node (by "step.label") or a link. */
function drill(result: JourneyResult, spec: Partial<JourneySpec>, from: string, to?: string) {
	const id = (name: string) => result.nodes.find((n) => `${n.step}.${n.label}` === name)!.id;
	const journey = { anchor: signup, direction: 'next' as const, steps: 3, ...spec };
	const mark = to === undefined ? { node: id(from) } : { source: id(from), target: id(to) };
	return session.customers({ model }, { kind: 'journey', journey, mark }).rows.map((r) => r.id);
}

describe('the next events after the first signup', () => {
	it('follows each customer three events on; those with fewer end their journey and stay there', () => {
		const result = run({});
		expect(result.customers).toBe(4); // dan never signed up
		expect(named(result).nodes).toEqual({
			'0.signup': 4,
			'1.email_open': 2, // bob, cat
			'1.page_view': 1, // ann
			'1.signup': 1, // eve's second signup
			'2.page_view': 1, // ann
			'2.purchase': 1, // bob
			'2.webinar': 1, // eve
			'2.End of journey': 1, // cat
			'3.page_view': 1, // eve
			'3.webinar': 1, // ann
			'3.End of journey': 2 // bob, cat
		});
		expect(named(result).links).toEqual({
			'0.signup > 1.email_open': 2,
			'0.signup > 1.page_view': 1,
			'0.signup > 1.signup': 1,
			'1.page_view > 2.page_view': 1,
			'1.email_open > 2.purchase': 1,
			'1.email_open > 2.End of journey': 1,
			'1.signup > 2.webinar': 1,
			'2.page_view > 3.webinar': 1,
			'2.purchase > 3.End of journey': 1,
			'2.End of journey > 3.End of journey': 1,
			'2.webinar > 3.page_view': 1
		});
		expect(result.nodes.map((n) => n.position)).toEqual(result.nodes.map((n) => n.step));
	});

	it('merges consecutive repeats into one step (ann: page_view twice, then webinar, then purchase)', () => {
		const { nodes } = named(run({ mergeRepeats: true }));
		expect(nodes['1.page_view']).toBe(1);
		expect(nodes['2.webinar']).toBe(2); // ann (merged), eve
		expect(nodes['3.purchase']).toBe(1); // ann
		expect(nodes['3.page_view']).toBe(1); // eve
		expect(nodes['2.page_view']).toBeUndefined();
	});

	it('leaves hidden events out before counting steps (bob goes straight to purchase, cat ends at once)', () => {
		const { nodes, links } = named(run({ hidden: ['email_open'] }));
		expect(nodes['1.purchase']).toBe(1); // bob
		expect(nodes['1.End of journey']).toBe(1); // cat
		expect(nodes['1.email_open']).toBeUndefined();
		expect(links['1.End of journey > 2.End of journey']).toBe(1);
		expect(nodes['3.End of journey']).toBe(2); // bob, cat
	});

	it('folds a step’s events held by fewer than the share into "other", and the drill-down lists them', () => {
		// 30% of 4 customers is 1.2: single customers fold, email_open (2) stays at step 1.
		const spec = { minShare: 0.3 };
		const result = run(spec);
		const { nodes } = named(result);
		expect(nodes['1.Other']).toBe(2); // ann's page_view, eve's signup
		expect(nodes['1.email_open']).toBe(2);
		expect(nodes['2.Other']).toBe(3);
		expect(nodes['2.End of journey']).toBe(1);
		expect(drill(result, spec, '1.Other')).toEqual(['ann', 'eve']);
		expect(drill(result, spec, '1.email_open', '2.End of journey')).toEqual(['cat']);
	});

	it('gives each link its customers who reached the goal after the anchor', () => {
		const result = run({ goal: { event: 'purchase' } });
		expect(result.converted).toBe(2); // ann, bob
		const link = (name: string) => result.links.find((l) => `${label(result, l.source)} > ${label(result, l.target)}` === name)!;
		expect(link('0.signup > 1.email_open')).toMatchObject({ customers: 2, converted: 1 }); // bob of bob and cat
		expect(link('0.signup > 1.page_view')).toMatchObject({ customers: 1, converted: 1 }); // ann
		expect(link('0.signup > 1.signup')).toMatchObject({ customers: 1, converted: 0 }); // eve
		// A stage goal: reaching Buyer at or after the signup, the same customers.
		expect(run({ goal: { stage: 'buyer' } }).converted).toBe(2);
		expect(run({ goal: { stage: 'buyer' } }).goal).toBe('Buyer');
	});

	it('drills into a node and a link, the customers the chart counts', () => {
		const result = run({});
		expect(drill(result, {}, '1.email_open')).toEqual(['bob', 'cat']);
		expect(drill(result, {}, '0.signup')).toEqual(['ann', 'bob', 'cat', 'eve']);
		expect(drill(result, {}, '2.webinar', '3.page_view')).toEqual(['eve']);
		expect(drill(result, {}, '2.End of journey', '3.End of journey')).toEqual(['cat']);
	});

	it('applies the filter and the as-of date', () => {
		// Only those who ever purchased: ann and bob.
		expect(run({}, { filter: { events: [{ event: 'purchase', did: true }] } }).customers).toBe(2);
		// As of day 3 (its first instant): bob's signup is seen, his later events are not; ann has one event after hers.
		const { nodes } = named(run({}, { asOf: day(3) }));
		expect(nodes['0.signup']).toBe(4);
		expect(nodes['1.page_view']).toBe(1); // ann, day 3
		expect(nodes['1.End of journey']).toBe(1); // bob
		expect(nodes['2.End of journey']).toBe(3); // ann, bob, cat (her email_open on day 2 was her last)
		expect(nodes['2.webinar']).toBe(1); // eve, day 3
		expect(nodes['3.page_view']).toBeUndefined(); // eve's day 4 is after the as-of date
	});
});

describe('the previous events before the first signup', () => {
	it('walks back, nearest first, and lays the steps out in time order towards the anchor', () => {
		const result = run({ direction: 'previous', steps: 2 });
		expect(named(result).nodes).toEqual({
			'2.Start of journey': 3, // ann (one event before), cat, eve
			'2.email_open': 1, // bob, day 1
			'1.page_view': 2, // ann day 1, bob day 2
			'1.Start of journey': 2, // cat, eve
			'0.signup': 4
		});
		expect(named(result).links).toEqual({
			'2.Start of journey > 1.page_view': 1,
			'2.email_open > 1.page_view': 1,
			'2.Start of journey > 1.Start of journey': 2,
			'1.page_view > 0.signup': 2,
			'1.Start of journey > 0.signup': 2
		});
		// The anchor on the right: position 2; two events before it on the left, position 0.
		expect(result.nodes.find((n) => n.step === 0)!.position).toBe(2);
		expect(result.nodes.filter((n) => n.step === 2).every((n) => n.position === 0)).toBe(true);
		expect(drill(result, { direction: 'previous', steps: 2 }, '2.email_open', '1.page_view')).toEqual(['bob']);
	});
});

describe('a stage anchor', () => {
	it('starts at the moment a customer reaches the stage; events at that moment are the entry itself', () => {
		// gus purchases and opens an email at the same moment: his steps start after it.
		const gus = new EngineSession(tableOf([...LOG, ['gus', day(1), 'page_view'], ['gus', day(2), 'purchase'], ['gus', day(2), 'email_open'], ['gus', day(3), 'webinar']]));
		const back = gus.journey({ model, anchor: { stage: 'buyer' }, direction: 'previous', steps: 2 });
		const names = (result: JourneyResult) => named(result).nodes;
		expect(back.anchor).toBe('Buyer');
		expect(names(back)).toEqual({
			'2.page_view': 1, // ann day 4
			'2.signup': 1, // bob day 3
			'2.Start of journey': 1, // gus
			'1.webinar': 1, // ann day 5
			'1.email_open': 1, // bob day 4
			'1.page_view': 1, // gus day 1
			'0.Buyer': 3
		});
		const on = gus.journey({ model, anchor: { stage: 'buyer' }, direction: 'next', steps: 1 });
		expect(names(on)).toEqual({ '0.Buyer': 3, '1.webinar': 1, '1.End of journey': 2 });
	});

	it('counts at the anchor the customers the cumulative funnel counts at that stage (the sample model, random logs)', () => {
		for (const seed of [1, 2, 3]) {
			const table = tableOf(randomLog(seed));
			const s = new EngineSession(table);
			const counts = funnel(s.classification(leadLifecycle), leadLifecycle).steps.map((step) => step.count);
			leadLifecycle.stages.forEach((stage, i) => {
				expect(s.journey({ model: leadLifecycle, anchor: { stage: stage.id }, direction: 'next', steps: 2 }).customers).toBe(counts[i]);
			});
		}
	});
});

describe('anchor and goal as text', () => {
	it('reads stage:ID as a stage and anything else as an event, and writes them back', () => {
		expect(parseJourneyPoint('stage:mql')).toEqual({ stage: 'mql' });
		expect(parseJourneyPoint('purchase')).toEqual({ event: 'purchase' });
		expect(parseJourneyPoint('event:stage:x')).toEqual({ event: 'stage:x' });
		for (const text of ['stage:mql', 'purchase', 'event:stage:x', 'event:event:y']) expect(formatJourneyPoint(parseJourneyPoint(text))).toBe(text);
	});
});

const NAMES = ['page_view', 'lead', 'MQL', 'sql', 'opportunity', 'customer', 'purchase', 'email_open', 'webinar'];

function randomLog(seed: number): Row[] {
	const random = seededRandom(seed);
	const rows: Row[] = [];
	for (let c = random.int(1, 200); c > 0; c--) for (let k = random.int(1, 15); k > 0; k--) rows.push([`c${c}`, random.int(0, 120) * DAY, random.pick(NAMES)]);
	return rows;
}

describe.each([1, 2, 3, 4, 5, 6, 7, 8])('random event log %i: the journey conserves customers at every step', (seed) => {
	const random = seededRandom(1000 + seed);
	const table = tableOf(randomLog(seed));
	const s = new EngineSession(table);
	const spec: JourneySpec = {
		anchor: random.int(0, 1) ? { event: random.pick(NAMES) } : { stage: random.pick(leadLifecycle.stages).id },
		direction: random.int(0, 1) ? 'next' : 'previous',
		steps: random.int(1, 10),
		hidden: random.int(0, 1) ? [random.pick(NAMES)] : [],
		mergeRepeats: random.int(0, 1) === 1,
		minShare: random.pick([0, 0.05, 0.2]),
		goal: { event: random.pick(NAMES) }
	};
	const result = s.journey({ model: leadLifecycle, ...spec });
	const byId = new Map(result.nodes.map((n) => [n.id, n]));

	it('every step holds every customer, and every link joins neighbouring steps', () => {
		for (let step = 0; step <= result.steps; step++) {
			expect(result.nodes.filter((n) => n.step === step).reduce((sum, n) => sum + n.customers, 0)).toBe(result.customers);
		}
		for (const link of result.links) expect(Math.abs(byId.get(link.source)!.step - byId.get(link.target)!.step)).toBe(1);
		expect(result.links.reduce((sum, l) => sum + l.customers, 0)).toBe(result.customers * result.steps);
	});

	it('every node’s customers come in and go out by its links, conversions too', () => {
		for (const node of result.nodes) {
			const into = result.links.filter((l) => l.target === node.id);
			const out = result.links.filter((l) => l.source === node.id);
			for (const side of [into, out]) {
				if (side.length === 0) continue;
				expect(side.reduce((sum, l) => sum + l.customers, 0)).toBe(node.customers);
				expect(side.reduce((sum, l) => sum + l.converted, 0)).toBe(node.converted);
			}
		}
	});

	it('the drill-down into each node lists as many customers as it counts', () => {
		for (const node of result.nodes.slice(0, 12)) {
			expect(s.customers({ model: leadLifecycle }, { kind: 'journey', journey: spec, mark: { node: node.id } }).total).toBe(node.customers);
		}
	});

	it('a hidden event is never a step, and merged repeats never follow themselves', () => {
		for (const n of result.nodes) if (n.step > 0) expect(spec.hidden).not.toContain(n.label);
		if (!spec.mergeRepeats) return;
		for (const { source, target } of result.links) {
			const [a, b] = [byId.get(source)!, byId.get(target)!];
			if (a.kind === 'event' && b.kind === 'event') expect(a.label).not.toBe(b.label);
		}
	});
});

const label = (result: JourneyResult, id: string) => {
	const n = result.nodes.find((node) => node.id === id)!;
	return `${n.step}.${n.label}`;
};

describe('the journey as CSV', () => {
	it('each link with its steps from the anchor, its share of the journey and, with a goal, how many reached it', () => {
		// After the first signup, one step: ann a page view, bob and cat an email open, eve her second signup (dan has
		// no signup). Of them ann and bob go on to purchase: 1 of 1, 1 of 2 and 0 of 1.
		const csv = journeyCsv(run({ steps: 1, goal: { event: 'purchase' } }));
		const [header, ...rows] = csv.trimEnd().split('\n');
		expect(header).toBe('source,target,customers,share,reached_goal,goal_conversion');
		expect(rows.sort()).toEqual(['signup (step 0),email_open (step +1),2,0.5,1,0.5', 'signup (step 0),page_view (step +1),1,0.25,1,1', 'signup (step 0),signup (step +1),1,0.25,0,0']);
	});

	it('before the anchor, steps count back; with no goal there are no goal columns', () => {
		// Before the first signup: ann a page view, bob a page view, cat and eve nothing (the start of their journey);
		// links run in time order, towards the anchor.
		const rows = journeyCsv(run({ steps: 1, direction: 'previous' })).trimEnd().split('\n');
		expect(rows[0]).toBe('source,target,customers,share');
		expect(rows.slice(1).sort()).toEqual(['Start of journey (step -1),signup (step 0),2,0.5', 'page_view (step -1),signup (step 0),2,0.5']);
	});
});
