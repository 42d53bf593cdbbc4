/**
 * The query builder: each view's options become exactly the engine query the view asks, the defaults are the
 * engine's, and the lifetime value's horizon and discount travel through the link.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_OPTIONS } from '../../../src/lib/engine/queries';
import { leadLifecycle } from '../../../src/lib/engine/model';
import {
	breakdownQuery,
	comparisonQueries,
	conversionOverTimeQuery,
	conversionTimeQuery,
	driversQuery,
	journeyQuery,
	lifecycleQuery,
	pathsQuery,
	segmentedQuery,
	retentionQuery,
	transitionsQuery,
	trendQuery,
	valueQuery,
	type QueryContext
} from '../../../src/lib/state/queries';
import { exclusionItem, stepWindowItem } from '../../../src/lib/state/funnel-links';
import { decodeState, encodeState, filterOf } from '../../../src/lib/state/url';
import { DEFAULT_OPTIONS, acceptsValue, decodeOptions, encodeOptions, withDefaults, withoutDefaults, type ViewOptions } from '../../../src/lib/state/view-options';

const model = leadLifecycle;
const asOf = Date.parse('2025-09-30T23:59:59.999Z');
const channel = { attributes: [{ name: 'channel', values: ['email'] }] };
const context: QueryContext = { model, asOf, filter: channel };
/** No as-of date: the engine takes the data's last event, and the query says nothing of it. */
const open: QueryContext = { model, filter: {} };

describe('the query builder', () => {
	it('asks the engine’s defaults when the link says nothing', () => {
		const options = withDefaults();
		const d = DEFAULT_QUERY_OPTIONS;
		expect(lifecycleQuery(options, open)).toEqual({ model, filter: {}, mode: d.funnelMode, windowDays: d.windowDays });
		expect(pathsQuery(options, open)).toEqual({ model, filter: {}, positions: d.flowPositions, minShare: d.flowFoldPercent / 100 });
		expect(retentionQuery(options, open)).toEqual({ model, filter: {}, period: d.period, cohortStage: d.cohortStage, returnEvent: d.returnEvent, mode: d.retentionMode });
		expect(trendQuery(options, open)).toEqual({ model, filter: {}, period: d.period });
		expect(valueQuery(options, open)).toEqual({ model, filter: {}, horizonWeeks: 52, yearlyDiscount: 0.1 });
		expect(breakdownQuery(options, open)).toBeNull();
		expect(comparisonQueries(options, open)).toBeNull();
	});

	it('turns the funnel’s options into its query: mode, window, the steps left shown', () => {
		const options = withDefaults({ funnelMode: 'strict', funnelWindow: 30, funnelHidden: ['mql', 'sqo'] });
		const funnel = { model, asOf, filter: channel, mode: 'strict', windowDays: 30, steps: [0, 1, 3, 5, 6] };
		expect(lifecycleQuery(options, context)).toEqual(funnel);
		expect(breakdownQuery({ ...options, breakdown: 'country' }, context)).toEqual({ ...funnel, attribute: 'country' });
		expect(conversionOverTimeQuery(options, context, 'week')).toEqual({ ...funnel, period: 'week' });
		expect(conversionTimeQuery(options, context, 1, 4)).toEqual({ ...funnel, from: 1, to: 4 });
		expect(conversionTimeQuery(options, context, 2, 2)).toBeNull();
		// No hidden steps: every stage, so the query leaves steps out.
		expect(lifecycleQuery(withDefaults({ funnelHidden: [] }), context)).not.toHaveProperty('steps');
	});

	it('compares two ranges of first seen, each within the page’s filter', () => {
		const options = withDefaults({ compare: ['2025-01-01', '2025-03-31', '', '2025-06-30'] });
		const [a, b] = comparisonQueries(options, context)!;
		expect(a.filter).toEqual({ ...channel, from: Date.parse('2025-01-01T00:00:00Z'), to: Date.parse('2025-03-31T23:59:59.999Z') });
		expect(b.filter).toEqual({ ...channel, to: Date.parse('2025-06-30T23:59:59.999Z') });
		expect({ ...a, filter: undefined }).toEqual({ ...lifecycleQuery(options, context), filter: undefined });
		// The page's own filter is left as it was.
		expect(context.filter).toEqual(channel);
	});

	it('turns the flows’ options into the paths or the transitions between two days', () => {
		const options = withDefaults({ flowPositions: 6, flowFold: 2.5, flowA: '2025-02-01' });
		expect(pathsQuery(options, context)).toEqual({ model, asOf, filter: channel, positions: 6, minShare: 0.025 });
		const days = { first: '2025-01-01', last: '2025-12-31' };
		expect(transitionsQuery(options, context, days)).toEqual({
			model,
			asOf,
			filter: channel,
			dateA: Date.parse('2025-02-01T23:59:59.999Z'),
			dateB: Date.parse('2025-12-31T23:59:59.999Z')
		});
		expect(transitionsQuery(options, context, { first: '', last: '2025-12-31' })).not.toBeNull();
		expect(transitionsQuery(withDefaults(), context, { first: '2025-01-0', last: '2025-12-31' })).toBeNull();
	});

	it('turns the retention, trend and value options into their queries', () => {
		const options = withDefaults({ retentionPeriod: 'week', retentionCohort: 5, retentionReturn: 'purchase', retentionMode: 'unbounded', trendPeriod: 'day', valueHorizon: 26, valueDiscount: 0.07 });
		expect(retentionQuery(options, context)).toEqual({ model, asOf, filter: channel, period: 'week', cohortStage: 5, returnEvent: 'purchase', mode: 'unbounded' });
		expect(trendQuery(options, context)).toEqual({ model, asOf, filter: channel, period: 'day' });
		expect(valueQuery(options, context)).toEqual({ model, asOf, filter: channel, horizonWeeks: 26, yearlyDiscount: 0.07 });
	});

	it('builds the filter the link’s filter options choose', () => {
		const options = withDefaults({ filterFrom: '2025-02-01', filterAttribute: 'channel', filterValues: ['email'] });
		expect(retentionQuery(options, { model, filter: filterOf(options) }).filter).toEqual({
			from: Date.parse('2025-02-01T00:00:00Z'),
			attributes: [{ name: 'channel', op: 'any', values: ['email'] }]
		});
	});

	it('builds every kind of condition, the attribution with them, and leaves the attribution out without attribute conditions', () => {
		const options = withDefaults({
			filterConditions: [
				{ name: 'channel', op: 'not', values: ['email'] },
				{ name: 'country', op: 'is', values: [] }
			],
			filterEvents: [{ event: 'purchase', did: false }],
			filterValueMin: 10,
			attribution: 'stage:sql'
		});
		expect(filterOf(options)).toEqual({
			attributes: [{ name: 'channel', op: 'not', values: ['email'] }],
			events: [{ event: 'purchase', did: false }],
			value: { min: 10 },
			attribution: { stage: 'sql' }
		});
		expect(filterOf(withDefaults({ filterEvents: [{ event: 'lead', did: true }], attribution: 'last' }))).toEqual({ events: [{ event: 'lead', did: true }] });
	});

	it('breaks every view down by the same attribute, top N and attribution', () => {
		const options = withDefaults({ breakdown: 'channel', breakdownTop: 3, attribution: 'last' });
		const breakdown = { attribute: 'channel', top: 3, attribution: 'last' };
		expect(breakdownQuery(options, context)).toMatchObject(breakdown);
		expect(pathsQuery(options, context).breakdown).toEqual(breakdown);
		expect(segmentedQuery(options, trendQuery(options, context))).toEqual({ ...trendQuery(options, context), breakdown });
		expect(segmentedQuery(withDefaults({}), trendQuery(options, context))).toBeNull();
	});

	it('breaks every view down by an event: who did it and who did not (no top N, no attribution)', () => {
		const options = withDefaults({ breakdown: 'webinar', breakdownOf: 'event', breakdownTop: 3, attribution: 'last' });
		const breakdown = { attribute: 'webinar', event: true };
		expect(breakdownQuery(options, context)).toMatchObject(breakdown);
		expect(pathsQuery(options, context).breakdown).toEqual(breakdown);
		expect(segmentedQuery(options, trendQuery(options, context))).toEqual({ ...trendQuery(options, context), breakdown });
	});
});

describe('the lifetime value options in the link', () => {
	it('default to the engine’s horizon and discount, and stay out of the link at their defaults', () => {
		expect(DEFAULT_OPTIONS.valueHorizon).toBe(DEFAULT_QUERY_OPTIONS.horizonWeeks);
		expect(DEFAULT_OPTIONS.valueDiscount).toBe(DEFAULT_QUERY_OPTIONS.yearlyDiscount);
		expect(withoutDefaults(withDefaults({}))).toEqual({});
	});

	it('round-trip through the link to the same value query', () => {
		const options = withDefaults({ valueHorizon: 104, valueDiscount: 0.075 });
		const params = new URLSearchParams();
		encodeOptions(withoutDefaults(options), params);
		expect(params.get('vh')).toBe('104');
		expect(params.get('vd')).toBe('0.075');
		const search = encodeState({ dataset: 'f30d75a97d24', model: 'lead', view: 'value', options: withoutDefaults(options) });
		const decoded = withDefaults(decodeState(new URLSearchParams(search)).state.options);
		expect(valueQuery(decoded, open)).toEqual({ model, filter: {}, horizonWeeks: 104, yearlyDiscount: 0.075 });
	});

	it.each([
		['vh', '0'],
		['vh', '521'],
		['vh', '12.5'],
		['vd', '-0.1'],
		['vd', '1.5'],
		['vd', 'ten']
	])('drops a bad %s=%s with a notice, and the view keeps the default', (param, raw) => {
		const notices: string[] = [];
		const options = withDefaults(decodeOptions(new URLSearchParams([[param, raw]]), notices));
		expect(notices).toHaveLength(1);
		expect(valueQuery(options, open)).toEqual({ model, filter: {}, horizonWeeks: 52, yearlyDiscount: 0.1 });
	});

	it('lets a control write only what the link accepts', () => {
		expect(acceptsValue('valueHorizon', 26)).toBe(true);
		expect(acceptsValue('valueHorizon', 0)).toBe(false);
		expect(acceptsValue('valueHorizon', null)).toBe(false);
		expect(acceptsValue('valueDiscount', 0)).toBe(true);
		expect(acceptsValue('valueDiscount', 1.01)).toBe(false);
		expect(acceptsValue('valueDiscount', Number.NaN)).toBe(false);
		expect(acceptsValue('funnelHidden', 'mql')).toBe(false);
	});
});

describe('the funnel’s windows and exclusions in the link (issue 24)', () => {
	it('become the query by stage index, leaving out items naming a stage the model lacks or a range backwards', () => {
		const options = withDefaults({
			funnelWindow: 48,
			funnelWindowUnit: 'hour',
			funnelStepWindows: [stepWindowItem('sql', 7), stepWindowItem('nope', 3)],
			funnelExclusions: [exclusionItem('mql', 'sql', 'unsubscribe'), exclusionItem('sql', 'mql', 'x'), exclusionItem('lead', 'customer', 'a:b, c')]
		});
		expect(lifecycleQuery(options, open)).toEqual({
			model,
			filter: {},
			mode: 'cumulative',
			windowDays: 48,
			windowUnit: 'hour',
			stepWindows: [{ stage: 3, within: 7 }],
			exclusions: [
				{ event: 'unsubscribe', from: 2, to: 3 },
				{ event: 'a:b, c', from: 1, to: 5 }
			]
		});
	});

	it('survive the link: an exclusion whose event holds ":" and "," comes back whole', () => {
		const options = { funnelWindow: 2, funnelWindowUnit: 'week' as const, funnelStepWindows: [stepWindowItem('sql', 7)], funnelExclusions: [exclusionItem('mql', 'sql', 'a:b, c')] };
		const search = encodeState({ dataset: 'f30d75a97d24', model: 'lead', view: 'funnel', options });
		const { state, notices } = decodeState(new URLSearchParams(search));
		expect(notices).toEqual([]);
		expect(lifecycleQuery(withDefaults(state.options), open)).toMatchObject({ windowDays: 2, windowUnit: 'week', stepWindows: [{ stage: 3, within: 7 }], exclusions: [{ event: 'a:b, c', from: 2, to: 3 }] });
	});

	it('an old link (a window in days, written before units existed) opens to the same funnel query as before', () => {
		const { state, notices } = decodeState(new URLSearchParams('?v=1&ds=f30d75a97d24&model=lead&view=funnel&fm=strict&win=30&hide=mql'));
		expect(notices).toEqual([]);
		expect(lifecycleQuery(withDefaults(state.options), open)).toEqual({ model, filter: {}, mode: 'strict', windowDays: 30, steps: [0, 1, 3, 4, 5, 6] });
	});

	it('counting by entries goes into the query and the link (cnt=entries); unique customers, the default, stay out of both', () => {
		expect(lifecycleQuery(withDefaults({ funnelCounting: 'entries' }), open)).toMatchObject({ counting: 'entries' });
		expect(lifecycleQuery(withDefaults({ funnelCounting: 'customers' }), open)).not.toHaveProperty('counting');
		expect(withoutDefaults({ funnelCounting: 'customers' })).toEqual({});
		const search = encodeState({ dataset: 'f30d75a97d24', model: 'lead', view: 'funnel', options: { funnelCounting: 'entries' } });
		expect(new URLSearchParams(search).get('cnt')).toBe('entries');
		expect(lifecycleQuery(withDefaults(decodeState(new URLSearchParams(search)).state.options), open)).toMatchObject({ counting: 'entries' });
	});

	it('the day unit is the default and stays out of the query and the link', () => {
		expect(lifecycleQuery(withDefaults({ funnelWindow: 3, funnelWindowUnit: 'day' }), open)).not.toHaveProperty('windowUnit');
		expect(withoutDefaults({ funnelWindowUnit: 'day' })).toEqual({});
	});
});

describe('retention brackets in the link (issue 24)', () => {
	it('become the query’s bracket starts, sorted and from 0; none, or only 0, is no brackets', () => {
		expect(retentionQuery(withDefaults({ retentionBrackets: ['31', '1', '8'] }), open)).toMatchObject({ brackets: [0, 1, 8, 31] });
		expect(retentionQuery(withDefaults({ retentionBrackets: ['0'] }), open)).not.toHaveProperty('brackets');
		expect(retentionQuery(withDefaults({}), open)).not.toHaveProperty('brackets');
	});

	it('survive the link; a link from before brackets opens the plain matrix as before', () => {
		const search = encodeState({ dataset: 'f30d75a97d24', model: 'lead', view: 'retention', options: { retentionPeriod: 'day', retentionMode: 'unbounded', retentionBrackets: ['0', '1', '8', '31', '91'] } });
		expect(new URLSearchParams(search).get('rb')).toBe('0,1,8,31,91');
		const decoded = withDefaults(decodeState(new URLSearchParams(search)).state.options);
		expect(retentionQuery(decoded, open)).toEqual({ model, filter: {}, period: 'day', cohortStage: -1, returnEvent: null, mode: 'unbounded', brackets: [0, 1, 8, 31, 91] });
		const old = decodeState(new URLSearchParams('?v=1&ds=f30d75a97d24&model=lead&view=retention&rp=week&rm=unbounded'));
		expect(old.notices).toEqual([]);
		expect(retentionQuery(withDefaults(old.state.options), open)).toEqual({ model, filter: {}, period: 'week', cohortStage: -1, returnEvent: null, mode: 'unbounded' });
	});
});

describe('the drivers’ step in the link (issue 25, part 3)', () => {
	it('asks about a shown step after the first, with the funnel’s options and the attribution', () => {
		const options = withDefaults({ funnelMode: 'strict', funnelWindow: 30, funnelHidden: ['mql'], funnelCounting: 'entries', attribution: 'stage:lead', driversStep: 'sql' });
		const { counting: _counting, ...funnel } = lifecycleQuery(options, context);
		expect(driversQuery(options, context)).toEqual({ ...funnel, stage: 'sql', attribution: { stage: 'lead' } });
		expect(driversQuery(withDefaults({ driversStep: 'mql' }), open)).toEqual({ ...lifecycleQuery(withDefaults(), open), stage: 'mql' });
	});

	it('asks nothing without a step, for the first step, a hidden step or a stage the model does not have', () => {
		expect(driversQuery(withDefaults(), context)).toBeNull();
		expect(driversQuery(withDefaults({ driversStep: 'prospect' }), context)).toBeNull();
		expect(driversQuery(withDefaults({ driversStep: 'lead', funnelHidden: ['prospect'] }), context)).toBeNull();
		expect(driversQuery(withDefaults({ driversStep: 'mql', funnelHidden: ['mql'] }), context)).toBeNull();
		expect(driversQuery(withDefaults({ driversStep: 'nope' }), context)).toBeNull();
	});

	it('travels in the link as dst', () => {
		const params = new URLSearchParams();
		encodeOptions({ driversStep: 'customer' }, params);
		expect(params.toString()).toBe('dst=customer');
		expect(decodeOptions(params, [])).toEqual({ driversStep: 'customer' });
	});
});

describe('the journey query', () => {
	it('opens on the events after entering the model’s second stage, five of them, unshaped, when the link says nothing', () => {
		expect(journeyQuery(withDefaults(), context)).toEqual({ model, asOf, filter: channel, anchor: { stage: 'lead' }, direction: 'next', steps: DEFAULT_QUERY_OPTIONS.journeySteps });
	});

	it('takes every option of the link, anchor and goal as events or stages, and comes back the same through the link', () => {
		const options: ViewOptions = { journeyAnchor: 'signup', journeyDirection: 'previous', journeySteps: 3, journeyHidden: ['page_view'], journeyMerge: 'yes', journeyFold: 2, journeyGoal: 'stage:customer' };
		const expected = { model, asOf, filter: channel, anchor: { event: 'signup' }, direction: 'previous', steps: 3, hidden: ['page_view'], mergeRepeats: true, minShare: 0.02, goal: { stage: 'customer' } };
		expect(journeyQuery(withDefaults(options), context)).toEqual(expected);
		const params = new URLSearchParams();
		encodeOptions(withoutDefaults(options), params);
		expect(journeyQuery(withDefaults(decodeOptions(new URLSearchParams(params.toString()), [])), context)).toEqual(expected);
		// An event named like a stage keeps its escape.
		expect(journeyQuery(withDefaults({ journeyAnchor: 'event:stage:x' }), context).anchor).toEqual({ event: 'stage:x' });
	});

	it('leaves an old link without journey options as it was', () => {
		const { state, notices } = decodeState(new URLSearchParams('v=1&ds=abcdef123456&model=lead&view=flows&pos=5'));
		expect(notices).toEqual([]);
		expect(state.options).toEqual({ flowPositions: 5 });
		expect(encodeState(state)).toBe('?v=1&ds=abcdef123456&model=lead&view=flows&pos=5');
	});
});
