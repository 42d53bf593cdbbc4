/** The interface's languages, and which one a browser asks for. */
export const LOCALES = ['en', 'vi', 'es', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language in its own words, for the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', vi: 'Tiếng Việt', es: 'Español', nl: 'Nederlands' };

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The first of the browser's preferred languages that the interface speaks ("nl-BE" → "nl"); English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const language = tag.toLowerCase().split('-')[0];
		if (isLocale(language)) return language;
	}
	return 'en';
}
