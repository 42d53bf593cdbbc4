/**
 * `npm run bench:answers -- <events>` (default 1M): a hash of every engine session answer on the bench log under
 * several filters, funnel options and both progressions, one line per analysis and a total. Run on two commits to
 * check that a change to how the engine computes leaves every answer byte for byte the same (issue 26's after-filter
 * work): `diff` the two outputs.
 */
import { createHash } from 'node:crypto';
import { EngineSession } from '../src/lib/engine/session';
import { clientStatus, leadLifecycle, type LifecycleModel } from '../src/lib/engine/model';
import type { CustomerFilter } from '../src/lib/engine/filter';
import type { CustomerList, Selection } from '../src/lib/engine/customers';
import { periodOf } from '../src/lib/engine/periods';
import { timeRange } from '../src/lib/engine/table';
import { benchTable } from './lib/columns';

const events = Number(process.argv[2] ?? 1_000_000);
const table = await benchTable(events);
const DAY = 86_400_000;
const range = timeRange(table)!;
const FILTERS: CustomerFilter[] = [
	{},
	{ attributes: [{ name: 'channel', values: ['paid search'] }] },
	{ attributes: [{ name: 'channel', op: 'any', values: ['email'] }], events: [{ event: 'purchase', did: true }] },
	{ attributes: [{ name: 'country', op: 'not', values: ['US', 'DE'] }], attribution: 'last', events: [{ event: 'webinar', did: false }] },
	{ from: range.min + 200 * DAY, to: range.min + 500 * DAY, value: { min: 1 } }
];
const FUNNELS = [
	{ mode: 'cumulative' as const, windowDays: null },
	{ mode: 'strict' as const, windowDays: 60 },
	{ mode: 'cumulative' as const, windowDays: null, counting: 'entries' as const },
	{ mode: 'strict' as const, windowDays: null, exclusions: [{ event: 'support_ticket', from: 1, to: 4 }], stepWindows: [{ stage: 3, within: 30 }] }
];
/** A drill-down's total and its first rows (the whole list is up to 100,000 rows). */
const listed = (list: CustomerList) => ({ total: list.total, rows: list.rows.slice(0, 50) });
const hashes = new Map<string, ReturnType<typeof createHash>>();
const add = (name: string, answer: unknown) => {
	if (!hashes.has(name)) hashes.set(name, createHash('sha256'));
	hashes.get(name)!.update(JSON.stringify(answer) ?? 'undefined');
};

for (const model of [leadLifecycle, clientStatus] as LifecycleModel[]) {
	// A fresh session per model: caches are filled in the same order as the dashboard's.
	const session = new EngineSession(table);
	const S = model.stages.length;
	for (const filter of FILTERS) {
		const base = { model, filter };
		for (const f of FUNNELS) {
			const q = { ...base, ...f };
			add('lifecycle', session.lifecycle(q));
			add('keyFigures', session.keyFigures(q));
			add('breakdown', session.breakdown({ ...q, attribute: 'country' }));
			add('breakdown plan last', session.breakdown({ ...q, attribute: 'plan', top: 2, attribution: 'last' }));
			add('conversionOverTime', session.conversionOverTime({ ...q, period: 'month' }));
			add('conversionTime', session.conversionTime({ ...q, from: 0, to: S - 2 }));
			add('drivers', session.drivers({ ...q, stage: model.stages[Math.min(3, S - 1)].id }));
			const selections: Selection[] = [
				{ kind: 'step', step: 1 },
				{ kind: 'step', step: 2, group: { attribute: 'country', value: 'US' } },
				{ kind: 'stage', stage: 1 },
				{ kind: 'trend', period: 'month', index: periodOf(range.min, 'month') + 6, category: 'returning' },
				{ kind: 'rfm-segment', segment: 'Champions' },
				{ kind: 'value-group', group: 'top' }
			];
			for (const selection of selections) add(`customers ${selection.kind}`, listed(session.customers(q, selection)));
		}
		for (const breakdown of [undefined, { attribute: 'channel' }]) {
			add('paths', session.paths({ ...base, positions: 4, minShare: 0.02, ...(breakdown ? { breakdown } : {}) }));
			add('transitions', session.transitions({ ...base, dateA: range.min + 300 * DAY, dateB: range.min + 600 * DAY, ...(breakdown ? { breakdown } : {}) }));
		}
		for (const direction of ['next', 'previous'] as const)
			add('journey', session.journey({ ...base, anchor: { stage: model.stages[1].id }, steps: 4, minShare: 0.01, goal: { event: 'purchase' }, direction }));
		const retentions = [
			{ period: 'month' as const, cohortStage: -1, returnEvent: null, mode: 'bounded' as const },
			{ period: 'week' as const, cohortStage: 1, returnEvent: 'purchase', mode: 'unbounded' as const },
			{ period: 'month' as const, cohortStage: 2, returnEvent: null, mode: 'bounded' as const, brackets: [0, 1, 3, 6] }
		];
		for (const r of retentions) {
			add('retention', session.retention({ ...base, ...r }));
			add('retentionBySegment', session.retentionBySegment({ ...base, ...r, breakdown: { attribute: 'country' } }));
			add('customers retention-cell', listed(session.customers({ ...base, mode: 'cumulative', windowDays: null }, { kind: 'retention-cell', ...r, cohort: periodOf(range.min + 60 * DAY, r.period), k: 1 })));
		}
		for (const period of ['month', 'week'] as const) {
			add('trend', session.trend({ ...base, period }));
			add('trendBySegment', session.trendBySegment({ ...base, period, breakdown: { attribute: 'device' } }));
		}
		add('value', session.value({ ...base, horizonWeeks: 52, yearlyDiscount: 0.1 }));
		add('valueBySegment', session.valueBySegment({ ...base, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown: { attribute: 'country' } }));
		add('valueBySegment plan', session.valueBySegment({ ...base, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown: { attribute: 'plan', top: 2 } }));
	}
}
const all = createHash('sha256');
for (const [name, hash] of hashes) {
	const digest = hash.digest('hex').slice(0, 16);
	all.update(digest);
	console.log(`${name.padEnd(28)} ${digest}`);
}
console.log(`${'all'.padEnd(28)} ${all.digest('hex').slice(0, 16)}`);
