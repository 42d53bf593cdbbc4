/** What a shared funnel counted, said in a sentence in every language the site speaks. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEveryLocale } from '../../helpers/locales';
import { funnelSettingsText } from '../../../src/lib/ui/snapshot/funnel-settings-text';
import { i18n } from '../../../src/lib/i18n/i18n.svelte';
import { LOCALES } from '../../../src/lib/i18n/locales';

beforeAll(loadEveryLocale);

const labels: Record<string, string> = { mql: 'MQL', sql: 'SQL', customer: 'Customer' };
const labelOf = (id: string) => labels[id] ?? id;
const settings = { stepWindows: [{ stageId: 'sql', within: 1 }], exclusions: [{ event: 'unsubscribe', from: 'mql', to: 'customer' }] };

describe('a shared funnel’s settings in words', () => {
	afterEach(() => {
		i18n.locale = 'en';
	});

	it('names the window with its unit, each per-step window and each exclusion step', () => {
		expect(funnelSettingsText({ windowDays: 2, windowUnit: 'week' }, settings, labelOf)).toBe(
			'Counted within 2 weeks of the first step; SQL within 1 week of the step before; out if they did “unsubscribe” between MQL and Customer.'
		);
		expect(funnelSettingsText({ windowDays: 36, windowUnit: 'hour' }, undefined, labelOf)).toBe('Counted within 36 hours of the first step.');
		// Days are the unit a result leaves unsaid.
		expect(funnelSettingsText({ windowDays: 1 }, { stepWindows: [{ stageId: 'gone', within: 3 }], exclusions: [] }, labelOf)).toBe(
			'Counted within 1 day of the first step; gone within 3 days of the step before.'
		);
	});

	it('says nothing for a funnel with no window and no settings', () => {
		expect(funnelSettingsText({ windowDays: null }, undefined, labelOf)).toBe('');
	});

	it('is said in every language, with the event and the stages as they are', () => {
		for (const locale of LOCALES.filter((l) => l !== 'en')) {
			i18n.locale = locale;
			const text = funnelSettingsText({ windowDays: 2, windowUnit: 'week' }, settings, labelOf);
			expect(text, locale).not.toMatch(/Counted|weeks|share\./);
			for (const part of ['2', '1', 'unsubscribe', 'MQL', 'SQL', 'Customer']) expect(text, locale).toContain(part);
		}
	});
});
