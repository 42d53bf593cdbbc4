/**
 * One module per interface language: `virtual:locale-messages/vi` is every area's Vietnamese messages in one table.
 * The message files keep each area's four languages side by side (src/lib/i18n/messages), which suits translating;
 * the page, though, should download only the languages it shows. A bundler cannot drop the other languages'
 * properties from an object literal, so this plugin reads the areas at build time and writes each language's table
 * as a module of its own, which the page imports when it needs it (src/lib/i18n/i18n.svelte.ts).
 */
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin } from 'vite';

const PREFIX = 'virtual:locale-messages/';
const AREAS_FILE = fileURLToPath(new URL('../../src/lib/i18n/messages/index.ts', import.meta.url));

type Areas = readonly Record<string, Record<string, string> | undefined>[];

export function localeMessages(): Plugin {
	let loaded: Promise<{ areas: Areas; files: string[] }> | null = null;
	const read = () =>
		(loaded ??= runnerImport<{ AREAS: Areas }>(AREAS_FILE, { configFile: false, logLevel: 'silent' }).then(({ module, dependencies }) => ({
			areas: module.AREAS,
			files: [AREAS_FILE, ...dependencies]
		})));
	return {
		name: 'locale-messages',
		resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : undefined),
		async load(id) {
			if (!id.startsWith(`\0${PREFIX}`)) return;
			const locale = id.slice(PREFIX.length + 1);
			const { areas, files } = await read();
			for (const file of files) this.addWatchFile(file);
			const table = Object.assign({}, ...areas.map((area) => area[locale] ?? {}));
			if (!Object.keys(table).length) this.error(`No messages in the language "${locale}".`);
			// JSON.parse of a string parses faster than an object literal of a thousand keys.
			return `export default JSON.parse(${JSON.stringify(JSON.stringify(table))});`;
		},
		// A message file edited while `vite dev` runs: read the areas again.
		watchChange(file) {
			if (loaded && file.includes('/i18n/messages/')) loaded = null;
		}
	};
}
