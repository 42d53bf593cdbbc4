/**
 * The URL state of the dashboard (version 1): which dataset, which model, which view.
 * Decoding validates every field and falls back to its default with a notice; it never throws.
 */
import { templateById } from '../engine/model';

export const URL_STATE_VERSION = 1;

export interface DashboardState {
	/** Dataset reference: the first 12 hex digits of the file's SHA-256, or the dataset id. */
	dataset: string;
	model: string;
	view: 'funnel';
}

export const DEFAULT_STATE: Omit<DashboardState, 'dataset'> = { model: 'lead', view: 'funnel' };

export function encodeState(state: DashboardState): string {
	const params = new URLSearchParams({ v: String(URL_STATE_VERSION), ds: state.dataset, model: state.model, view: state.view });
	return `?${params}`;
}

export function decodeState(search: URLSearchParams): { state: DashboardState; notices: string[] } {
	const notices: string[] = [];
	const version = search.get('v');
	if (version !== null && version !== String(URL_STATE_VERSION)) {
		notices.push(
			/^\d+$/.test(version) && Number(version) > URL_STATE_VERSION
				? `This link was made by a newer version of Lifecycle Lens (v${version}); showing what this version understands.`
				: `The link's version "${version}" is not one this page knows; showing the defaults.`
		);
	}
	const dataset = search.get('ds') ?? '';
	const datasetValid = /^[0-9a-f]{6,64}$/i.test(dataset);
	if (dataset && !datasetValid) notices.push('The link names a dataset in a form this page does not know.');

	let model = search.get('model') ?? DEFAULT_STATE.model;
	if (!templateById(model)) {
		notices.push(`The link asks for the lifecycle model "${model}", which this page does not have; showing the lead lifecycle.`);
		model = DEFAULT_STATE.model;
	}
	const view = search.get('view') ?? DEFAULT_STATE.view;
	if (view !== 'funnel') notices.push(`The link asks for the view "${view}", which this page does not have; showing the funnel.`);

	return { state: { dataset: datasetValid ? dataset.toLowerCase() : '', model, view: 'funnel' }, notices };
}

/** The short reference a link uses for a dataset. */
export function datasetRef(dataset: { id: string; source: { sha256: string } }): string {
	return dataset.source.sha256 ? dataset.source.sha256.slice(0, 12) : dataset.id;
}
