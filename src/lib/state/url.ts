/**
 * The URL state of the dashboard (version 1): which dataset, which model, which view, as of when.
 * Decoding validates every field and falls back to its default with a notice; it never throws.
 * A template model travels as its id (model=lead); an edited one compressed (m=..., see model-codec).
 */
import type { CustomerFilter } from '../engine/filter';
import { templateById } from '../engine/model';
import { problem, type Problem } from '../base/problem';
import { parseAttribution } from './filter-codec';
import { decodeOptions, encodeOptions, isDay, type ViewOptions } from './view-options';

export const URL_STATE_VERSION = 1;

export const VIEWS = ['funnel', 'flows', 'journeys', 'retention', 'trend', 'value'] as const;
export type View = (typeof VIEWS)[number];

export interface DashboardState {
	/** Dataset reference: the first 12 hex digits of the file's SHA-256, or the dataset id. */
	dataset: string;
	/** A template id. */
	model: string;
	/** An edited model, deflate-raw + base64url; wins over `model`. */
	customModel?: string;
	view: View;
	/** Status and stages as of this day (YYYY-MM-DD, UTC); the dataset's last event when absent. */
	asOf?: string;
	/** Every other option of the views, present only where it differs from the default. */
	options?: ViewOptions;
}

export const DEFAULT_STATE: Omit<DashboardState, 'dataset'> = { model: 'lead', view: 'funnel' };

export function encodeState(state: DashboardState): string {
	const params = new URLSearchParams({ v: String(URL_STATE_VERSION), ds: state.dataset });
	if (state.customModel) params.set('m', state.customModel);
	else params.set('model', state.model);
	params.set('view', state.view);
	if (state.asOf) params.set('asof', state.asOf);
	if (state.options) encodeOptions(state.options, params);
	return `?${params}`;
}

/**
 * The state a link asks for, and a notice for each field it could not use. `problems` says the same as the
 * notices, index for index, as data (for the page's other languages).
 */
export function decodeState(search: URLSearchParams): { state: DashboardState; notices: string[]; problems: Problem[] } {
	const notices: string[] = [];
	const problems: Problem[] = [];
	const notice = (message: string, code: string, params: Problem['params'] = {}) => {
		notices.push(message);
		problems.push(problem(code, params));
	};
	const version = search.get('v');
	if (version !== null && version !== String(URL_STATE_VERSION)) {
		if (/^\d+$/.test(version) && Number(version) > URL_STATE_VERSION) {
			notice(`This link was made by a newer version of Lifecycle Lens (v${version}); showing what this version understands.`, 'link.newerVersion', { version });
		} else {
			const shown = version.slice(0, 20);
			notice(`The link's version "${shown}" is not one this page knows; reading it as version ${URL_STATE_VERSION}.`, 'link.unknownVersion', { version: shown, current: URL_STATE_VERSION });
		}
	}
	const dataset = search.get('ds') ?? '';
	const datasetValid = /^[0-9a-f]{6,64}$/i.test(dataset);
	if (dataset && !datasetValid) notice('The link names a dataset in a form this page does not know.', 'link.badDataset');

	let model = search.get('model') ?? DEFAULT_STATE.model;
	if (!templateById(model)) {
		const shown = model.slice(0, 40);
		notice(`The link asks for the lifecycle model "${shown}", which this page does not have; showing the lead lifecycle.`, 'link.unknownModel', { model: shown });
		model = DEFAULT_STATE.model;
	}
	const customModel = search.get('m') ?? undefined;

	let view = (search.get('view') ?? DEFAULT_STATE.view) as View;
	if (!VIEWS.includes(view)) {
		const shown = view.slice(0, 40);
		notice(`The link asks for the view "${shown}", which this page does not have; showing the funnel.`, 'link.unknownView', { view: shown });
		view = DEFAULT_STATE.view;
	}

	let asOf = search.get('asof') ?? undefined;
	if (asOf !== undefined && !isDay(asOf)) {
		const shown = asOf.slice(0, 40);
		notice(`The link's as-of date "${shown}" is not a date (YYYY-MM-DD); using the dataset's last event.`, 'link.badAsOf', { date: shown });
		asOf = undefined;
	}

	const options = decodeOptions(search, notices, problems);
	return {
		state: {
			dataset: datasetValid ? dataset.toLowerCase() : '',
			model,
			view,
			...(customModel ? { customModel } : {}),
			...(asOf ? { asOf } : {}),
			...(Object.keys(options).length ? { options } : {})
		},
		notices,
		problems
	};
}

/** The end of a YYYY-MM-DD day (UTC) in epoch ms: status "as of" a day includes that whole day. */
export function endOfDay(day: string): number {
	return Date.parse(`${day}T23:59:59.999Z`);
}

/** The customers a link's filter options choose, as the engine takes them (an older link's attr and vals included). */
export function filterOf(options: ViewOptions): CustomerFilter {
	const older = options.filterAttribute && options.filterValues?.length ? [{ name: options.filterAttribute, op: 'any' as const, values: options.filterValues }] : [];
	const attributes = [...older, ...(options.filterConditions ?? [])].filter((a) => a.values.length > 0).map((a) => ({ ...a, values: [...a.values] }));
	const events = (options.filterEvents ?? []).map((e) => ({ ...e }));
	const attribution = options.attribution ? parseAttribution(options.attribution) : undefined;
	const { filterValueMin: min, filterValueMax: max } = options;
	return {
		...(options.filterFrom ? { from: Date.parse(`${options.filterFrom}T00:00:00Z`) } : {}),
		...(options.filterTo ? { to: endOfDay(options.filterTo) } : {}),
		...(attributes.length ? { attributes } : {}),
		...(events.length ? { events } : {}),
		...(min !== undefined || max !== undefined ? { value: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } } : {}),
		// The attribution matters to attribute conditions only; leaving it out otherwise keeps the filter's cache key.
		...(attribution && attributes.length ? { attribution } : {})
	};
}
