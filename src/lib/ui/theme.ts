/** The colour theme is an attribute on the root element; CSS variables in app.css do the rest. */
import type { MessageKey } from '$lib/i18n/messages';

export type Theme = 'light' | 'dark' | 'contrast';

/** Each theme with the message that names it. */
export const THEMES: [Theme, MessageKey][] = [
	['light', 'dashboard.theme.light'],
	['dark', 'dashboard.theme.dark'],
	['contrast', 'dashboard.theme.contrast']
];

export function applyTheme(theme: Theme): void {
	if (theme === 'light') delete document.documentElement.dataset.theme;
	else document.documentElement.dataset.theme = theme;
}
