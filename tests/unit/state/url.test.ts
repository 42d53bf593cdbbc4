/** The dashboard's URL state: a round trip, and every bad field falling back to its default with a notice. */
import { describe, expect, it } from 'vitest';
import { decodeState, DEFAULT_STATE, encodeState, endOfDay, URL_STATE_VERSION, type DashboardState } from '../../../src/lib/state/url';
import { datasetRef } from '../../../src/lib/base/dataset-ref';

const decode = (search: string) => decodeState(new URLSearchParams(search));

describe('round trip', () => {
	it.each<[string, DashboardState]>([
		['a template', { dataset: '0123456789ab', model: 'journey5', view: 'funnel' }],
		['a template as of a day', { dataset: 'deadbeef0123', model: 'status', view: 'funnel', asOf: '2024-02-29' }],
		['an edited model', { dataset: 'abcdef', model: 'lead', customModel: 'q1ZKys9XslIqSk1R0lFKzs8tKEotLs4sSQUJGRoYGFjVAgA', view: 'funnel' }]
	])('%s', (_, state) => {
		const search = encodeState(state);
		expect(search.startsWith(`?v=${URL_STATE_VERSION}&ds=${state.dataset}&`)).toBe(true);
		expect(decode(search)).toEqual({ state, notices: [], problems: [] });
	});

	it('puts an edited model in m instead of the template id', () => {
		const search = new URLSearchParams(encodeState({ dataset: 'abcdef', model: 'journey5', customModel: 'xyz', view: 'funnel' }));
		expect(search.get('m')).toBe('xyz');
		expect(search.has('model')).toBe(false);
	});

	it('gives the defaults for an empty query, without notices', () => {
		expect(decode('')).toEqual({ state: { dataset: '', ...DEFAULT_STATE }, notices: [], problems: [] });
	});

	it('lower-cases the dataset reference', () => {
		expect(decode('?ds=ABCDEF012345').state.dataset).toBe('abcdef012345');
	});
});

describe('invalid fields give notices and defaults', () => {
	it('an unknown model', () => {
		const { state, notices } = decode('?v=1&ds=abcdef&model=nope&view=funnel');
		expect(state.model).toBe('lead');
		expect(notices).toEqual(['The link asks for the lifecycle model "nope", which this page does not have; showing the lead lifecycle.']);
	});

	it('a long unknown model name is cut to 40 characters in the notice', () => {
		const { notices } = decode(`?model=${'x'.repeat(100)}`);
		expect(notices[0]).toContain(`"${'x'.repeat(40)}"`);
		expect(notices[0]).not.toContain('x'.repeat(41));
	});

	it.each(['not-a-hash!', 'abc', 'abcdeg', 'a'.repeat(65), '../../etc'])('a bad dataset reference %s', (ds) => {
		const { state, notices } = decode(`?ds=${encodeURIComponent(ds)}`);
		expect(state.dataset).toBe('');
		expect(notices).toEqual(['The link names a dataset in a form this page does not know.']);
	});

	it.each(['2025-02-30', '2025-02-29', '2025-13-01', '2025-00-10', '2025-1-5', '25-01-01', '2025-01-01T00:00', 'yesterday'])('a bad as-of day %s', (asof) => {
		const { state, notices } = decode(`?ds=abcdef&asof=${encodeURIComponent(asof)}`);
		expect(state.asOf).toBeUndefined();
		expect('asOf' in state).toBe(false);
		expect(notices).toEqual([`The link's as-of date "${asof}" is not a date (YYYY-MM-DD); using the dataset's last event.`]);
	});

	it('a future version: a notice, and the fields this version understands', () => {
		const { state, notices } = decode('?v=9&ds=abcdef&model=discovery&view=funnel&asof=2025-03-01');
		expect(state).toEqual({ dataset: 'abcdef', model: 'discovery', view: 'funnel', asOf: '2025-03-01' });
		expect(notices).toEqual(['This link was made by a newer version of Lifecycle Lens (v9); showing what this version understands.']);
	});

	it.each(['0', 'abc', '1.0', ''])('a version that is not a newer number: %s', (v) => {
		expect(decode(`?v=${v}`).notices).toEqual([`The link's version "${v}" is not one this page knows; reading it as version 1.`]);
	});

	it('an unknown view', () => {
		const { state, notices } = decode('?view=cohorts');
		expect(state.view).toBe('funnel');
		expect(notices).toEqual(['The link asks for the view "cohorts", which this page does not have; showing the funnel.']);
	});

	it('several bad fields give one notice each, in field order', () => {
		const { state, notices } = decode('?v=9&ds=zz&model=nope&view=x&asof=2025-02-30');
		expect(state).toEqual({ dataset: '', model: 'lead', view: 'funnel' });
		expect(notices).toHaveLength(5);
		expect(notices.map((n) => n.slice(0, 20))).toEqual([
			'This link was made b',
			'The link names a dat',
			'The link asks for th',
			'The link asks for th',
			"The link's as-of dat"
		]);
	});
});

describe('helpers', () => {
	it('endOfDay is the last millisecond of the UTC day', () => {
		expect(endOfDay('2025-01-31')).toBe(Date.UTC(2025, 0, 31, 23, 59, 59, 999));
		expect(endOfDay('2024-02-29') + 1).toBe(Date.UTC(2024, 2, 1));
	});

	it('datasetRef is the first 12 hex digits of the SHA-256, or the id without one', () => {
		expect(datasetRef({ id: 'ds1', source: { sha256: '0123456789abcdef0123' } })).toBe('0123456789ab');
		expect(datasetRef({ id: 'ds1', source: { sha256: '' } })).toBe('ds1');
	});
});
