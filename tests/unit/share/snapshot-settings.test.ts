/**
 * A snapshot says what the live funnel and retention said (issue 22 with issue 24's options): the window's unit,
 * the customers each exclusion step took out (hidden under k like every count), the per-step windows and exclusion
 * steps themselves, and retention's brackets; and only the fields the snapshot's schema names ever travel.
 */
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../src/lib/base/problem';
import { leadLifecycle } from '../../../src/lib/engine/model';
import type { LifecycleQuery } from '../../../src/lib/engine/queries';
import { EngineSession } from '../../../src/lib/engine/session';
import { EventTableBuilder } from '../../../src/lib/engine/table';
import { exportable } from '../../../src/lib/share/display';
import { buildSnapshot, funnelSettings, HIDDEN_UNDER_K, HIDDEN_WITHHELD } from '../../../src/lib/share/snapshot';
import { decodeSnapshot, encodeSnapshot, sharedForm } from '../../../src/lib/share/snapshot-codec';
import { day, tableOf, type Row } from '../../helpers/tables';

const META = { dataset: 'pipeline.csv', model: 'Lead lifecycle', made: Date.UTC(2026, 0, 1), filtered: false };
const [LEAD, MQL, SQL, SQO, CUSTOMER] = [1, 2, 3, 4, 5];

/**
 * 22 leads, all MQL on day 3. a0-a5 unsubscribe on day 4 and reach SQL on day 5: the exclusion (unsubscribe between
 * MQL and SQL) takes those 6 out at SQL. b0-b9 reach SQL on day 5 without unsubscribing; b0-b4 buy on day 9 (SQO and
 * Customer: 5). c0-c5 stop at MQL. Funnel: 22, 22, 10 (drop-off 12: the 6 excluded and c0-c5), 5 (drop-off 5), 5.
 */
const rows: Row[] = [];
const person = (id: string, events: [number, string][]) => events.forEach(([d, event]) => rows.push([id, day(d), event, event === 'purchase' ? 100 : undefined]));
for (let i = 0; i < 6; i++) person(`a${i}`, [[1, 'lead'], [3, 'mql'], [4, 'unsubscribe'], [5, 'sql']]);
for (let i = 0; i < 10; i++) person(`b${i}`, [[1, 'lead'], [3, 'mql'], [5, 'sql'], ...(i < 5 ? ([[9, 'purchase']] as [number, string][]) : [])]);
for (let i = 0; i < 6; i++) person(`c${i}`, [[1, 'lead'], [3, 'mql']]);
const session = new EngineSession(tableOf(rows));
const query: LifecycleQuery = {
	model: leadLifecycle,
	mode: 'cumulative',
	windowDays: 2,
	windowUnit: 'week',
	steps: [LEAD, MQL, SQL, SQO, CUSTOMER],
	stepWindows: [{ stage: SQL, within: 1 }],
	exclusions: [{ event: 'unsubscribe', from: MQL, to: SQL }]
};
const lifecycle = () => ({ ...session.lifecycle(query), settings: funnelSettings(query, leadLifecycle) });

describe('the funnel options in a snapshot', () => {
	it('keeps the window unit, what each exclusion step took out, and the per-step windows and exclusions by stage id', async () => {
		const snapshot = buildSnapshot({ lifecycle: lifecycle() }, { ...META, k: 5 });
		const funnel = snapshot.lifecycle!.funnel;
		expect(funnel).toMatchObject({ windowDays: 2, windowUnit: 'week' });
		expect(funnel.steps.map((s) => [s.count, s.dropOff, s.excluded])).toEqual([
			[22, 0, 0],
			[22, 0, 0],
			[10, 12, 6],
			[5, 5, 0],
			[5, 0, 0]
		]);
		expect(snapshot.lifecycle!.settings).toEqual({ stepWindows: [{ stageId: 'sql', within: 1 }], exclusions: [{ event: 'unsubscribe', from: 'mql', to: 'sql' }] });
		// Through the link and back: the reader keeps all of it.
		const decoded = await decodeSnapshot(await encodeSnapshot(snapshot));
		if (!decoded.ok) throw new Error(decoded.message);
		const read = decoded.snapshot.lifecycle!.funnel;
		expect([read.windowDays, read.windowUnit, read.steps.map((s) => [s.count, s.dropOff, s.excluded])]).toEqual([2, 'week', funnel.steps.map((s) => [s.count, s.dropOff, s.excluded])]);
		expect(decoded.snapshot.lifecycle!.settings).toEqual(snapshot.lifecycle!.settings);
	});

	it('hides an excluded count under k as any other count, and writes it as "<k" in the exported files', () => {
		// k = 7: SQL's 10 and its drop-off of 12 stay; the 6 excluded are under 7 (the rest of the drop-off is not shown,
		// so nothing gives them away). SQO's and Customer's 5 are under 7 too.
		const snapshot = buildSnapshot({ lifecycle: lifecycle() }, { ...META, k: 7 });
		const steps = snapshot.lifecycle!.funnel.steps;
		expect(steps.map((s) => s.excluded)).toEqual([0, 0, HIDDEN_UNDER_K, 0, 0]);
		expect(steps.map((s) => s.count)).toEqual([22, 22, 10, HIDDEN_UNDER_K, HIDDEN_UNDER_K]);
		expect(exportable(snapshot.lifecycle!.funnel, 7).steps[2].excluded).toBe('<7');
	});

	it('withholds a breakdown group’s excluded count that the whole step’s would give away', () => {
		// By plan: "pro" is a0 and b0-b5 (7 customers, 1 excluded at SQL), "basic" the other 15 (a1-a5 excluded: 5).
		// At k = 5 pro's 1 is hidden; the whole step's 6 less basic's 5 would give it away, so basic's is withheld.
		const builder = new EventTableBuilder(['plan']);
		const plan = (id: string) => (id === 'a0' || /^b[0-5]$/.test(id) ? 'pro' : 'basic');
		for (const [id, time, event, value] of rows) builder.add(id, time, event, value ?? NaN, [plan(id)]);
		const planned = new EngineSession(builder.build());
		const results = { lifecycle: { ...planned.lifecycle(query), breakdown: planned.breakdown({ ...query, attribute: 'plan' }) } };
		expect(results.lifecycle.breakdown.groups.map((g) => [g.value, g.funnel.customers, g.funnel.steps[2].excluded])).toEqual([
			['basic', 15, 5],
			['pro', 7, 1]
		]);
		const snapshot = buildSnapshot(results, { ...META, k: 5 });
		expect(snapshot.lifecycle!.funnel.steps[2].excluded).toBe(6);
		expect(snapshot.lifecycle!.breakdown!.groups.map((g) => [g.value, g.funnel.steps[2].excluded])).toEqual([
			['basic', HIDDEN_WITHHELD],
			['pro', HIDDEN_UNDER_K]
		]);
	});
});

describe('retention brackets in a snapshot', () => {
	it('travel with the cohorts, so the shared heatmap names the same columns', async () => {
		const retention = session.retention({ model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'bounded', brackets: [0, 1, 3, 7] });
		expect(retention.brackets).toEqual([{ from: 0, to: 0 }, { from: 1, to: 2 }, { from: 3, to: 6 }, { from: 7, to: null }]);
		const snapshot = buildSnapshot({ retention: { show: 'count', ...retention } }, { ...META, k: 5 });
		const decoded = await decodeSnapshot(await encodeSnapshot(snapshot));
		if (!decoded.ok) throw new Error(decoded.message);
		expect(decoded.snapshot.retention!.brackets).toEqual(retention.brackets);
		expect(decoded.snapshot.retention!.cohorts[0].counts).toEqual(snapshot.retention!.cohorts[0].counts);
	});
});

describe('what travels', () => {
	it('only the fields the schema names: a Sankey’s per-segment counts and segment names never do', async () => {
		const paths = session.paths({ model: leadLifecycle, positions: 3, minShare: 0 });
		const withSegments = { ...paths, segments: ['rare-plan-name'], links: paths.links.map((l) => ({ ...l, bySegment: [l.customers] })) };
		const snapshot = buildSnapshot({ flows: { kind: 'paths', ...withSegments } }, { ...META, k: 5 });
		expect(JSON.stringify(sharedForm(snapshot))).not.toMatch(/rare-plan-name|bySegment/);
		const decoded = await decodeSnapshot(await encodeSnapshot(snapshot));
		if (!decoded.ok) throw new Error(decoded.message);
		expect(JSON.stringify(decoded.snapshot)).not.toMatch(/rare-plan-name|bySegment/);
	});

	it('refuses, saying which part does not fit, results a reader would refuse (more cohorts than a snapshot holds)', () => {
		const days: Row[] = Array.from({ length: 450 }, (_, d) => [`d${d}`, day(1 + d), 'lead']);
		const retention = new EngineSession(tableOf(days)).retention({ model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'bounded' });
		expect(retention.cohorts.length).toBe(450);
		const snapshot = buildSnapshot({ retention: { show: 'count', ...retention } }, { ...META, k: 5 });
		expect(() => sharedForm(snapshot)).toThrow(ProblemError);
		expect(() => sharedForm(snapshot)).toThrow('These results cannot be shared: $.retention.average should be a list of at most 400 items.');
	});
});
