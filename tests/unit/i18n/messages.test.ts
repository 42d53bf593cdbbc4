/** Every language has every message, with the same placeholders; the language a page opens in; plural forms. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEveryLocale } from '../../helpers/locales';
import { i18n, initialLocale, messageTables, t, tn } from '../../../src/lib/i18n/i18n.svelte';
import { LOCALES, pickLocale } from '../../../src/lib/i18n/locales';

beforeAll(loadEveryLocale);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
	const tables = messageTables();
	const englishKeys = Object.keys(tables.en);

	it('has English messages to translate', () => {
		expect(englishKeys.length).toBeGreaterThan(10);
	});

	for (const locale of LOCALES.filter((l) => l !== 'en')) {
		it(`${locale}: no key missing, none extra, the same placeholders, nothing left empty`, () => {
			const table = tables[locale] as Record<string, string | undefined>;
			expect(englishKeys.filter((key) => table[key] === undefined), 'missing keys').toEqual([]);
			expect(Object.keys(table).filter((key) => !(key in tables.en)), 'keys English does not have').toEqual([]);
			for (const key of englishKeys) {
				expect(placeholders(table[key] ?? ''), `placeholders of ${key}`).toEqual(placeholders((tables.en as Record<string, string>)[key]));
				expect(table[key]?.trim(), key).not.toBe('');
			}
		});
	}
});

describe('languages downloaded when needed', () => {
	it('has English from the start, another language once loaded, and of two quick switches keeps the last', async () => {
		vi.resetModules();
		const fresh = await import('../../../src/lib/i18n/i18n.svelte');
		expect(Object.keys(fresh.messageTables())).toEqual(['en']);
		// A language whose messages are not here yet reads English, never a key.
		fresh.i18n.locale = 'nl';
		expect(fresh.t('common.language')).toBe('Language');
		fresh.i18n.locale = 'en';
		await fresh.loadLocale('nl');
		// Dutch is loaded and Vietnamese is not: the switch to Vietnamese ends last, but Dutch was asked for last.
		const first = fresh.setLocale('vi');
		const second = fresh.setLocale('nl');
		await Promise.all([first, second]);
		expect(fresh.i18n.locale).toBe('nl');
		expect(fresh.t('common.language')).toBe('Taal');
		expect(Object.keys(fresh.messageTables()).sort()).toEqual(['en', 'nl', 'vi']);
		await fresh.setLocale('vi');
		expect(fresh.t('common.language')).toBe('Ngôn ngữ');
	});
});

describe('t and tn', () => {
	afterEach(() => {
		i18n.locale = 'en';
	});

	it('follows the current language and fills placeholders', () => {
		expect(t('common.language')).toBe('Language');
		i18n.locale = 'nl';
		expect(t('common.language')).toBe('Taal');
		i18n.locale = 'vi';
		expect(t('common.language')).toBe('Ngôn ngữ');
	});

	it('picks plural forms by the language and formats the count', () => {
		expect(tn('common.events', 1)).toBe('1 event');
		expect(tn('common.events', 12345)).toBe('12,345 events');
		i18n.locale = 'nl';
		expect(tn('common.events', 12345)).toBe('12.345 gebeurtenissen');
		i18n.locale = 'vi';
		expect(tn('common.events', 1)).toBe('1 sự kiện');
	});
});

describe('the language a page opens in', () => {
	it('takes the browser’s first language that the interface speaks', () => {
		expect(pickLocale(['nl-BE', 'en'])).toBe('nl');
		expect(pickLocale(['fr-FR', 'es-MX', 'en'])).toBe('es');
		expect(pickLocale(['vi'])).toBe('vi');
		expect(pickLocale(['de-DE', 'fr'])).toBe('en');
		expect(pickLocale([])).toBe('en');
	});

	it('prefers the link’s language, and ignores one it does not speak', () => {
		expect(initialLocale('?lang=es&v=1', ['nl'])).toBe('es');
		expect(initialLocale('?lang=xx', ['nl'])).toBe('nl');
		expect(initialLocale('', ['en-US'])).toBe('en');
	});
});
