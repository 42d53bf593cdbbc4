/**
 * Each of the five templates on a small hand-made event log chosen to exercise its default rules.
 * Every expected count is worked out by hand in the comment above the fixture.
 */
import { describe, expect, it } from 'vitest';
import { classify, type Classification } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { clientStatus, copyOfTemplate, discovery, journey5, leadLifecycle, phases6, templates, type LifecycleModel } from '../../../src/lib/engine/model';
import { day, tableOf } from '../../helpers/tables';

/** How many customers are currently in each stage (customers with no stage are left out). */
function currentCounts(c: Classification): number[] {
	const counts = new Array(c.stageIds.length).fill(0);
	for (const s of c.current) if (s >= 0) counts[s]++;
	return counts;
}

const funnelCounts = (c: Classification, model: LifecycleModel) => funnel(c, model).steps.map((s) => s.count);

describe('lead lifecycle template', () => {
	/*
	 * Stages: 0 prospect (first seen), 1 lead, 2 mql, 3 sql, 4 sqo, 5 customer (customer/purchase/order),
	 * 6 repeat (purchase/order, the 2nd one). Forward-only.
	 *  L1  page view, Lead, MQL, "sales qualified lead", Opportunity, purchase, order → repeat (6)
	 *  L2  lead, marketing_qualified_lead                                            → mql (2)
	 *  L3  newsletter only (no rule but first-seen)                                  → prospect (0)
	 *  L4  SQO straight away                                                         → sqo (4)
	 *  L5  customer, then one purchase: only purchase/order count toward repeat      → customer (5)
	 *  L6  lead, then sql, skipping mql                                              → sql (3)
	 *  L7  purchase, purchase                                                        → repeat (6)
	 * Funnel (reached this stage or a later one):
	 *  prospect 7 | lead 6 (all but L3) | mql 6 (L6 reached sql, so passed mql) | sql 5 (not L2, L3)
	 *  sqo 4 (L1, L4, L5, L7) | customer 3 (L1, L5, L7) | repeat 2 (L1, L7)
	 * Current: prospect 1 (L3), lead 0, mql 1 (L2), sql 1 (L6), sqo 1 (L4), customer 1 (L5), repeat 2 (L1, L7).
	 */
	const table = tableOf([
		['L1', day(1), 'page view'],
		['L1', day(3), 'Lead'],
		['L1', day(5), 'MQL'],
		['L1', day(8), 'sales qualified lead'],
		['L1', day(12), 'Opportunity'],
		['L1', day(20), 'purchase', 500],
		['L1', day(40), 'order', 200],
		['L2', day(2), 'lead'],
		['L2', day(4), 'marketing_qualified_lead'],
		['L3', day(1), 'newsletter'],
		['L4', day(5), 'SQO'],
		['L5', day(3), 'customer'],
		['L5', day(9), 'purchase'],
		['L6', day(2), 'lead'],
		['L6', day(6), 'sql'],
		['L7', day(1), 'purchase'],
		['L7', day(2), 'purchase']
	]);
	const c = classify(table, leadLifecycle);

	it('gives the hand-counted funnel', () => {
		expect(funnelCounts(c, leadLifecycle)).toEqual([7, 6, 6, 5, 4, 3, 2]);
	});

	it('puts each customer in the furthest stage reached', () => {
		expect(Array.from(c.current)).toEqual([6, 2, 0, 4, 5, 3, 6]);
		expect(currentCounts(c)).toEqual([1, 0, 1, 1, 1, 1, 2]);
	});

	it('has no regressions under forward-only progression', () => {
		expect(Array.from(c.regressed)).toEqual([0, 0, 0, 0, 0, 0, 0]);
	});
});

describe('customer journey (5 stages) template', () => {
	/*
	 * Stages: 0 reach (first seen), 1 acquisition (signup, account created, ...), 2 conversion (customer + purchase names),
	 * 3 retention (2nd purchase-like event, or renewal / repeat purchase), 4 loyalty (4th purchase-like event, or review, referral, ...).
	 * Purchase-like: purchase, order, payment, subscription started, invoice paid (not 'customer').
	 *  J1  page_view                                          → reach (0)
	 *  J2  Sign-Up (normalizes to 'signup')                   → acquisition (1)
	 *  J3  Account_Created, Subscription Started              → conversion (2)
	 *  J4  order, payment: two purchase-like events           → retention (3)
	 *  J5  purchase, Renewal                                  → retention (3)
	 *  J6  order, order, invoice paid, purchase: four          → loyalty (4)
	 *  J7  review only                                        → loyalty (4), every earlier stage reached on that day
	 *  J8  customer, customer: 'customer' is no purchase      → conversion (2)
	 * Funnel: reach 8 | acquisition 7 (not J1) | conversion 6 (J3..J8) | retention 4 (J4..J7) | loyalty 2 (J6, J7)
	 * Current: [1, 1, 2 (J3, J8), 2 (J4, J5), 2 (J6, J7)]
	 */
	const table = tableOf([
		['J1', day(1), 'page_view'],
		['J2', day(1), 'Sign-Up'],
		['J3', day(1), 'Account_Created'],
		['J3', day(4), 'Subscription Started', 30],
		['J4', day(2), 'order', 10],
		['J4', day(10), 'payment', 10],
		['J5', day(1), 'purchase', 20],
		['J5', day(2), 'Renewal'],
		['J6', day(1), 'order'],
		['J6', day(2), 'order'],
		['J6', day(3), 'invoice paid'],
		['J6', day(4), 'purchase'],
		['J7', day(5), 'review'],
		['J8', day(1), 'customer'],
		['J8', day(3), 'customer']
	]);
	const c = classify(table, journey5);
	const S = journey5.stages.length;
	const j = (id: string) => table.customerIds.indexOf(id);

	it('gives the hand-counted funnel', () => {
		expect(funnelCounts(c, journey5)).toEqual([8, 7, 6, 4, 2]);
	});

	it('puts each customer in the furthest stage reached', () => {
		expect(Array.from(c.current)).toEqual([0, 1, 2, 3, 3, 4, 4, 2]);
		expect(currentCounts(c)).toEqual([1, 1, 2, 2, 2]);
	});

	it('enters retention at the 2nd and loyalty at the 4th purchase-like event', () => {
		// J6: order d1 (conversion), order d2 (2nd → retention), invoice paid d3, purchase d4 (4th → loyalty).
		expect(Array.from(c.entered.subarray(j('J6') * S, j('J6') * S + S))).toEqual([day(1), NaN, day(1), day(2), day(4)]);
		// J7: a review alone counts as loyalty, and reaching it means passing every stage before, on day 5.
		expect(Array.from(c.reached.subarray(j('J7') * S, j('J7') * S + S))).toEqual([day(5), day(5), day(5), day(5), day(5)]);
	});
});

describe('customer journey (6 phases) template', () => {
	/*
	 * Stages: 0 awareness (first seen), 1 engagement (optional: email open, webinar, lead, ...), 2 evaluation (demo, trial, quote, ...),
	 * 3 purchase, 4 experience (onboarding, support ticket, ... or a 2nd purchase-like event), 5 bonding (review, NPS promoter, ...).
	 *  P1  visit                              → awareness (0)
	 *  P2  email_open                         → engagement (1)
	 *  P3  webinar, Demo Request              → evaluation (2)
	 *  P4  trial-started, payment             → purchase (3); skipped the optional engagement but reached it (day 2)
	 *  P5  order, order                       → experience (4) by the 2nd purchase
	 *  P6  purchase, support ticket           → experience (4)
	 *  P7  NPS Promoter                       → bonding (5)
	 * Funnel: 7 | 6 (not P1) | 5 (P3..P7) | 4 (P4..P7) | 3 (P5, P6, P7) | 1 (P7)
	 * Current: [1, 1, 1, 1, 2, 1]
	 */
	const table = tableOf([
		['P1', day(1), 'visit'],
		['P2', day(1), 'email_open'],
		['P3', day(1), 'webinar'],
		['P3', day(3), 'Demo Request'],
		['P4', day(2), 'trial-started'],
		['P4', day(9), 'payment', 99],
		['P5', day(1), 'order'],
		['P5', day(30), 'order'],
		['P6', day(1), 'purchase'],
		['P6', day(2), 'support ticket'],
		['P7', day(1), 'NPS Promoter']
	]);
	const c = classify(table, phases6);
	const S = phases6.stages.length;
	const p = (id: string) => table.customerIds.indexOf(id);

	it('gives the hand-counted funnel', () => {
		expect(funnelCounts(c, phases6)).toEqual([7, 6, 5, 4, 3, 1]);
	});

	it('puts each customer in the furthest stage reached', () => {
		expect(Array.from(c.current)).toEqual([0, 1, 2, 3, 4, 4, 5]);
		expect(currentCounts(c)).toEqual([1, 1, 1, 1, 2, 1]);
	});

	it('counts a skipped optional stage as reached, but not as entered', () => {
		const k = p('P4') * S + 1;
		expect(c.entered[k]).toBeNaN();
		expect(c.reached[k]).toBe(day(2));
		// P5 entered experience at its 2nd order, day 30.
		expect(c.entered[p('P5') * S + 4]).toBe(day(30));
	});
});

describe('client status template (latest progression, inactive after 30 and lost after 90 days)', () => {
	/*
	 * Stages: 0 onboarding (first seen), 1 active (the 2nd event and every one after), 2 inactive (a 30-day gap,
	 * held at the previous event + 30), 3 lost (a 90-day gap, held at previous event + 90). As of day 200.
	 * lastHeld per stage [onboarding, active, inactive, lost] → current = the stage held last (later stage on a tie);
	 * regressed when the current stage is before the furthest one ever entered.
	 *  S1  d195                     → [195, -, -, -]                      onboarding, not regressed
	 *  S2  d190, d198               → [190, 198, -, -]                    active
	 *  S3  d100, d150               gap 50 → inactive at 130; trailing 50 → inactive at 180
	 *                               → [100, 150, 180, -]                  inactive
	 *  S4  d10, d20                 trailing 180 → inactive at 50, lost at 110
	 *                               → [10, 20, 50, 110]                   lost
	 *  S5  d10, d120, d195          gap 110 → inactive 40, lost 100; gap 75 → inactive 150; active held at 120 and 195
	 *                               → [10, 195, 150, 100]                 active, regressed (was lost)
	 *  S6  d100, d140, d190         gaps 40 and 50 → inactive at 130, 170; active at 140, 190
	 *                               → [100, 190, 170, -]                  active, regressed (was inactive)
	 *  S7  d150                     trailing 50 → inactive at 180 → [150, -, 180, -]  inactive
	 *  S8  d199, d205 (after asOf)  only d199 seen → [199, -, -, -]       onboarding
	 * Current counts: onboarding 2 (S1, S8), active 3 (S2, S5, S6), inactive 2 (S3, S7), lost 1 (S4).
	 * Funnel (reached = earliest entry of this or a later stage):
	 *  onboarding 8 | active: S2..S7 = 6 | inactive: S3..S7 = 5 | lost: S4, S5 = 2
	 */
	const table = tableOf([
		['S1', day(195), 'login'],
		['S2', day(190), 'login'],
		['S2', day(198), 'order'],
		['S3', day(100), 'login'],
		['S3', day(150), 'login'],
		['S4', day(10), 'login'],
		['S4', day(20), 'login'],
		['S5', day(10), 'login'],
		['S5', day(120), 'login'],
		['S5', day(195), 'login'],
		['S6', day(100), 'login'],
		['S6', day(140), 'login'],
		['S6', day(190), 'login'],
		['S7', day(150), 'login'],
		['S8', day(199), 'login'],
		['S8', day(205), 'login']
	]);
	const c = classify(table, clientStatus, { asOf: day(200) });
	const S = clientStatus.stages.length;
	const s = (id: string) => table.customerIds.indexOf(id);
	const lastHeldOf = (id: string) => Array.from(c.lastHeld!.subarray(s(id) * S, s(id) * S + S));

	it('holds each stage last at the hand-worked times', () => {
		expect(lastHeldOf('S3')).toEqual([day(100), day(150), day(180), NaN]);
		expect(lastHeldOf('S4')).toEqual([day(10), day(20), day(50), day(110)]);
		expect(lastHeldOf('S5')).toEqual([day(10), day(195), day(150), day(100)]);
		expect(lastHeldOf('S6')).toEqual([day(100), day(190), day(170), NaN]);
		expect(lastHeldOf('S8')).toEqual([day(199), NaN, NaN, NaN]);
	});

	it('puts each customer in the stage whose rule held last', () => {
		expect(Array.from(c.current)).toEqual([0, 1, 2, 3, 1, 1, 2, 0]);
		expect(currentCounts(c)).toEqual([2, 3, 2, 1]);
	});

	it('flags customers who came back from inactive or lost as regressed', () => {
		expect(Array.from(c.regressed)).toEqual([0, 0, 0, 0, 1, 1, 0, 0]);
	});

	it('gives the hand-counted cumulative funnel', () => {
		expect(funnelCounts(c, clientStatus)).toEqual([8, 6, 5, 2]);
	});
});

describe('discovery journey template', () => {
	/*
	 * Stages: 0 discover (first seen), 1 research (page view, search, ...), 2 purchase, 3 use (login, activation, ...),
	 * 4 grow (upgrade, add on, ... or a 2nd purchase-like event), 5 loyal (4th purchase-like event, or review, ...).
	 *  D1  newsletter signup            → discover (0)
	 *  D2  Page View, SEARCH            → research (1)
	 *  D3  product_view, purchase       → purchase (2)
	 *  D4  purchase, login              → use (3)
	 *  D5  order, Add-On                → grow (4)
	 *  D6  order × 4                    → loyal (5)
	 *  D7  login (d1), then purchase (d5): use entered first; forward-only keeps the furthest → use (3),
	 *      and research/purchase count as reached on day 1.
	 * Funnel: 7 | 6 (not D1) | 5 (D3..D7) | 4 (D4..D7) | 2 (D5, D6) | 1 (D6)
	 * Current: [1, 1, 1, 2 (D4, D7), 1, 1]
	 */
	const table = tableOf([
		['D1', day(1), 'newsletter signup'],
		['D2', day(1), 'Page View'],
		['D2', day(2), 'SEARCH'],
		['D3', day(1), 'product_view'],
		['D3', day(3), 'purchase', 40],
		['D4', day(1), 'purchase', 15],
		['D4', day(2), 'login'],
		['D5', day(1), 'order'],
		['D5', day(5), 'Add-On'],
		['D6', day(1), 'order'],
		['D6', day(2), 'order'],
		['D6', day(3), 'order'],
		['D6', day(4), 'order'],
		['D7', day(1), 'login'],
		['D7', day(5), 'purchase']
	]);
	const c = classify(table, discovery);
	const S = discovery.stages.length;
	const d7 = table.customerIds.indexOf('D7');

	it('gives the hand-counted funnel', () => {
		expect(funnelCounts(c, discovery)).toEqual([7, 6, 5, 4, 2, 1]);
	});

	it('puts each customer in the furthest stage reached', () => {
		expect(Array.from(c.current)).toEqual([0, 1, 2, 3, 4, 5, 3]);
		expect(currentCounts(c)).toEqual([1, 1, 1, 2, 1, 1]);
	});

	it('counts an out-of-order customer as having reached the earlier stages when the later one was entered', () => {
		expect(Array.from(c.entered.subarray(d7 * S, d7 * S + S))).toEqual([day(1), NaN, day(5), day(1), NaN, NaN]);
		expect(Array.from(c.reached.subarray(d7 * S, d7 * S + S))).toEqual([day(1), day(1), day(1), day(1), NaN, NaN]);
	});
});

describe('template copies', () => {
	it('lists the five templates in order', () => {
		expect(templates.map((t) => t.id)).toEqual(['lead', 'journey5', 'phases6', 'status', 'discovery']);
	});

	it('gives an independent copy: editing it leaves the template as it was', () => {
		const before = structuredClone(journey5);
		const copy = copyOfTemplate(journey5, 'mine');
		expect(copy.id).toBe('mine');
		expect(copy.name).toBe('Customer journey (5 stages) (edited)');
		expect(copy.stages).toEqual(journey5.stages);
		copy.stages[1].label = 'Signed up';
		(copy.stages[1].enter[0] as { names: string[] }).names.push('trial');
		copy.stages.pop();
		expect(journey5).toEqual(before);
	});
});
