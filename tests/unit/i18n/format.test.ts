/** Numbers through Intl in the page's language: money always with two decimals, the Gini and fit parameters too. */
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../src/lib/i18n/i18n.svelte';
import { formatMoney, formatSignificant, formatTenths, formatThousandths } from '../../../src/lib/i18n/format';

// Intl separates groups in some languages with a no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('number formats per language', () => {
	afterEach(() => {
		i18n.locale = 'en';
	});

	const cases = [
		{ locale: 'en', money: ['1,234.50', '12.00', '0.05', '-3.10'], gini: '0.742', fit: ['0.2430', '4.414', '79.95', '12,350'], tenths: '-1,234.5' },
		{ locale: 'vi', money: ['1.234,50', '12,00', '0,05', '-3,10'], gini: '0,742', fit: ['0,2430', '4,414', '79,95', '12.350'], tenths: '-1.234,5' },
		{ locale: 'es', money: ['1234,50', '12,00', '0,05', '-3,10'], gini: '0,742', fit: ['0,2430', '4,414', '79,95', '12.350'], tenths: '-1234,5' },
		{ locale: 'nl', money: ['1.234,50', '12,00', '0,05', '-3,10'], gini: '0,742', fit: ['0,2430', '4,414', '79,95', '12.350'], tenths: '-1.234,5' }
	] as const;

	for (const c of cases) {
		it(`${c.locale}: money has two decimals, always; Gini three; fit parameters four significant digits`, () => {
			i18n.locale = c.locale;
			expect([1234.5, 12, 0.05, -3.1].map((n) => plain(formatMoney(n)))).toEqual(c.money);
			expect(formatThousandths(0.74216)).toBe(c.gini);
			expect([0.243, 4.41449, 79.951, 12345].map((n) => plain(formatSignificant(n)))).toEqual(c.fit);
			expect(plain(formatTenths(-1234.54))).toBe(c.tenths);
		});
	}
});
