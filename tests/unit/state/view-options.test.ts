/** Every view option through the link: round trip, rejection of bad values, defaults left out, link size. */
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../../src/lib/state/url';
import { DEFAULT_OPTIONS, decodeOptions, encodeOptions, FIELDS, filterCount, withDefaults, withoutDefaults, type ViewOptions } from '../../../src/lib/state/view-options';

/** Every option a link writes (an older link's attr and vals are read only: decoding moves them into conditions). */
const full: Required<Omit<ViewOptions, 'filterAttribute' | 'filterValues'>> = {
	filterFrom: '2025-01-01',
	filterTo: '2025-06-30',
	filterConditions: [
		{ name: 'channel', op: 'any', values: ['paid search', 'email, newsletter', 'ü&x=1'] },
		{ name: 'plan: tier|x', op: 'not', values: ['free'] },
		{ name: 'country', op: 'is', values: ['DE'] }
	],
	filterEvents: [
		{ event: 'purchase', did: true },
		{ event: 'refund: full, 100%', did: false }
	],
	filterValueMin: -20.5,
	filterValueMax: 1000,
	attribution: 'stage:sql',
	breakdownTop: 5,
	funnelMode: 'strict',
	funnelWindow: 30,
	funnelWindowUnit: 'hour',
	funnelStepWindows: ['sql:7', 'stage%3Awith%2Ccomma:168'],
	funnelExclusions: ['mql:sql:unsubscribe', 'lead:customer:a%3Ab%2C%20c'],
	funnelHidden: ['mql', 'sqo'],
	funnelCounting: 'entries',
	breakdown: 'country',
	breakdownOf: 'event',
	compare: ['2025-01-01', '2025-03-31', '', '2025-06-30'],
	driversStep: 'sql',
	flowKind: 'transitions',
	flowPositions: 6,
	flowFold: 2.5,
	flowA: '2025-02-01',
	flowB: '2025-11-30',
	journeyAnchor: 'stage:mql',
	journeyDirection: 'previous',
	journeySteps: 7,
	journeyHidden: ['page_view', 'email, open'],
	journeyMerge: 'yes',
	journeyFold: 1.5,
	journeyGoal: 'purchase',
	retentionPeriod: 'week',
	retentionCohort: 5,
	retentionReturn: 'purchase',
	retentionMode: 'unbounded',
	retentionShow: 'revenue',
	retentionBrackets: ['0', '1', '8', '31', '91'],
	trendPeriod: 'day',
	valueHorizon: 26,
	valueDiscount: 0.075,
	theme: 'contrast',
	language: 'vi',
	slide: 3,
	notes: ['Where we lose leads', '', 'Q3 cohorts stay, 40%'],
	source: 'https://data.example.org/public/events.csv?x=1&y=2',
	datasetName: 'crm export (2025)',
	datasetRows: 1_000_000,
	datasetFrom: '2024-01-01',
	datasetTo: '2025-12-31',
	mapping: 'q1YqzkgsSlWyUkpUqgUA'
};

describe('view options in the link', () => {
	it('has one parameter per field, none shared', () => {
		expect(new Set(FIELDS.map((f) => f.param)).size).toBe(FIELDS.length);
		expect(FIELDS.map((f) => f.key).sort()).toEqual([...Object.keys(full), 'filterAttribute', 'filterValues'].sort());
	});

	it('round-trips every field, including lists whose items hold commas and symbols', () => {
		const params = new URLSearchParams();
		encodeOptions(full, params);
		const notices: string[] = [];
		expect(decodeOptions(new URLSearchParams(params.toString()), notices)).toEqual(full);
		expect(notices).toEqual([]);
	});

	it.each([
		['from', '2025-02-30'],
		['fm', 'loose'],
		['win', '0'],
		['win', '2.5'],
		['pos', '11'],
		['fold', '-1'],
		['rp', 'year'],
		['rc', 'x'],
		['vh', '0'],
		['vd', '2'],
		['theme', 'neon'],
		['slide', '0'],
		['dr', '-5'],
		['vals', '%E0%A4%A'],
		['attr', 'x'.repeat(201)],
		['wu', 'month'],
		['cnt', 'sessions'],
		['sla', 'sql'],
		['sla', 'sql:7,mql:-1'],
		['ex', 'mql:sql'],
		['rb', '0,1,x'],
		['fa', 'maybe:channel:email'],
		['fa', 'any:channel'],
		['fa', 'any::email'],
		['fa', 'any:%E0%A4%A:email'],
		['fe', 'did:'],
		['fe', 'perhaps:purchase'],
		['at', 'middle'],
		['at', 'stage:'],
		['top', '0'],
		['top', '21'],
		['vmin', 'cheap']
	])('drops a bad %s=%s with a notice', (param, raw) => {
		const notices: string[] = [];
		const options = decodeOptions(new URLSearchParams([[param, raw]]), notices);
		expect(options).toEqual({});
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatch(/^The link's .+ is not valid here; using the default\.$/);
	});

	it('reads an older link’s one attribute filter (attr, vals) as an "any of" condition, first of the conditions', () => {
		const older = new URLSearchParams('attr=channel&vals=email,paid%2520search&fa=not:country:DE');
		const notices: string[] = [];
		expect(decodeOptions(older, notices)).toEqual({
			filterConditions: [
				{ name: 'channel', op: 'any', values: ['email', 'paid search'] },
				{ name: 'country', op: 'not', values: ['DE'] }
			]
		});
		expect(notices).toEqual([]);
		// An attribute without values filtered nothing then, and adds no condition now.
		expect(decodeOptions(new URLSearchParams('attr=channel'), [])).toEqual({});
	});

	it('counts the filters set, each condition and each end of a range once', () => {
		expect(filterCount({})).toBe(0);
		expect(filterCount({ filterFrom: '2025-01-01', breakdown: 'country', attribution: 'last' })).toBe(1);
		expect(
			filterCount({
				filterFrom: '2025-01-01',
				filterTo: '2025-02-01',
				filterConditions: [
					{ name: 'channel', op: 'is', values: ['email'] },
					{ name: 'country', op: 'not', values: ['DE'] }
				],
				filterEvents: [{ event: 'purchase', did: true }],
				filterValueMin: 0
			})
		).toBe(6);
	});

	it('leaves defaults and empty values out of the link', () => {
		expect(withoutDefaults({ ...DEFAULT_OPTIONS, funnelHidden: [], breakdown: '', slide: 2 })).toEqual({ slide: 2 });
		expect(withDefaults({ trendPeriod: 'week' })).toMatchObject({ ...DEFAULT_OPTIONS, trendPeriod: 'week' });
	});

	it('keeps a typical dashboard link short', () => {
		const search = encodeState({ dataset: 'f30d75a97d24', model: 'lead', view: 'retention', asOf: '2025-12-31', options: withoutDefaults(withDefaults(full)) });
		expect(('https://lens.example.org/dashboard/' + search).length).toBeLessThan(2000);
		expect(decodeState(new URLSearchParams(search)).state.options).toEqual(full);
	});
});
