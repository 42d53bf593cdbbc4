/** The colour theme is an attribute on the root element; CSS variables in app.css do the rest. */
export type Theme = 'light' | 'dark' | 'contrast';

export const THEMES: [Theme, string][] = [
	['light', 'Light'],
	['dark', 'Dark'],
	['contrast', 'High contrast']
];

export function applyTheme(theme: Theme): void {
	if (theme === 'light') delete document.documentElement.dataset.theme;
	else document.documentElement.dataset.theme = theme;
}
