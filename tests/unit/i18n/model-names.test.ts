/** Template and stage names in the interface's language, while they are still the template's; the user's own names as written. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEveryLocale } from '../../helpers/locales';
import { i18n } from '../../../src/lib/i18n/i18n.svelte';
import { localizeFlows, localizeFunnel, modelDescription, modelName, stageName, stageNameByLabel } from '../../../src/lib/i18n/model-names';
import { copyOfTemplate, leadLifecycle, phases6, templates } from '../../../src/lib/engine/model';
import { LOCALES } from '../../../src/lib/i18n/locales';

beforeAll(loadEveryLocale);

describe('model and stage names', () => {
	afterEach(() => {
		i18n.locale = 'en';
	});

	it('are the engine’s own in English, for every template and stage', () => {
		for (const model of templates) {
			expect(modelName(model)).toBe(model.name);
			expect(modelDescription(model)).toBe(model.description);
			for (const stage of model.stages) expect(stageName(model, stage)).toBe(stage.label);
		}
	});

	it('are translated in every other language, keeping the industry terms', () => {
		for (const locale of LOCALES.filter((l) => l !== 'en')) {
			i18n.locale = locale;
			for (const model of templates) {
				expect(modelName(model), `${locale} ${model.id}`).not.toBe(model.name);
				expect(modelDescription(model), `${locale} ${model.id}`).not.toBe(model.description);
			}
			expect(stageName(leadLifecycle, leadLifecycle.stages[2])).toBe('MQL');
		}
		i18n.locale = 'nl';
		expect(modelName(leadLifecycle)).toBe('Levenscyclus van leads');
		expect(stageName(phases6, phases6.stages[3])).toBe('Aankoop');
		i18n.locale = 'vi';
		expect(stageName(leadLifecycle, leadLifecycle.stages[5])).toBe('Khách hàng');
	});

	it('keep what the user wrote: a renamed model or stage, an edited copy’s name', () => {
		i18n.locale = 'es';
		const renamed = { ...leadLifecycle, name: 'Our pipeline', stages: leadLifecycle.stages.map((s, i) => (i === 1 ? { ...s, label: 'Inbound lead' } : s)) };
		expect(modelName(renamed)).toBe('Our pipeline');
		expect(stageName(renamed, renamed.stages[1])).toBe('Inbound lead');
		expect(stageName(renamed, renamed.stages[0])).toBe('Prospecto anónimo');
		const copy = copyOfTemplate(leadLifecycle, 'mine');
		expect(modelName(copy)).toBe(copy.name);
		// Stages still named as the template names them are translated in an edited copy too.
		expect(stageName(copy, copy.stages[6])).toBe('Cliente recurrente');
		expect(stageNameByLabel(copy, 'Customer')).toBe('Cliente');
		expect(stageNameByLabel(copy, 'Nobody')).toBe('Nobody');
	});

	it('localize results: funnel steps by stage id, flow nodes by stage and the engine’s own node names', () => {
		i18n.locale = 'nl';
		const funnel = localizeFunnel(leadLifecycle, {
			mode: 'cumulative',
			customers: 2,
			steps: [{ stageId: 'customer', label: 'Customer', count: 2, conversion: 1, stepConversion: 1, dropOff: 0, dropOffRate: null, medianTimeFromPrevious: null }]
		} as never);
		expect(funnel.steps[0].label).toBe('Klant');
		const flows = localizeFlows(leadLifecycle, {
			customers: 2,
			nodes: [
				{ id: '0:0', position: 0, stage: 0, label: 'Anonymous prospect', customers: 2 },
				{ id: '1:-1', position: 1, stage: -1, label: 'No further stage', customers: 1 },
				{ id: '1:-2', position: 1, stage: -2, label: 'Other', customers: 1 }
			],
			links: []
		});
		expect(flows.nodes.map((n) => n.label)).toEqual(['Anonieme prospect', 'Geen volgende fase', 'Overig']);
	});
});
