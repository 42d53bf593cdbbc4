/**
 * The layers point one way (docs/architecture.md): every import in src/ is read by dependency-cruiser, which
 * parses .ts files with TypeScript and .svelte files with the Svelte compiler, and checked against the table
 * below. A wrong-way import fails here, with the file, the import and the rule it breaks.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

type Layer = 'base' | 'engine' | 'import' | 'sql' | 'store' | 'i18n' | 'state' | 'share' | 'browser' | 'worker' | 'charts' | 'app' | 'ui' | 'routes' | 'cli';

/** Where each layer lives, as a path pattern from the repository's root. */
const FOLDERS: Record<Layer, string> = {
	base: '^src/lib/base/',
	engine: '^src/lib/engine/',
	import: '^src/lib/import/',
	sql: '^src/lib/sql/',
	store: '^src/lib/store/',
	i18n: '^src/lib/i18n/',
	state: '^src/lib/state/',
	share: '^src/lib/share/',
	browser: '^src/lib/browser/',
	worker: '^src/lib/worker/',
	charts: '^src/lib/charts/',
	app: '^src/lib/app/',
	ui: '^src/lib/ui/',
	// The client hooks are the app shell's first script (a dashboard link's head start): page code, as routes are.
	routes: '^src/(routes/|hooks[.]client[.]ts$)',
	cli: '^src/cli/'
};

/** What each layer may import besides itself. The same table, with the reasons, is in docs/architecture.md. */
export const MAY_IMPORT: Record<Layer, Layer[]> = {
	base: [],
	engine: ['base'],
	import: ['engine', 'base'],
	sql: ['engine', 'base'],
	store: ['engine', 'base'],
	i18n: ['engine', 'base'],
	state: ['import', 'engine', 'i18n', 'base'],
	share: ['state', 'engine', 'base'],
	browser: ['base'],
	worker: ['engine', 'import', 'store', 'browser', 'base'],
	charts: ['state', 'engine', 'i18n', 'browser', 'base'],
	app: ['worker', 'store', 'import', 'share', 'state', 'engine', 'i18n', 'browser', 'base'],
	ui: ['app', 'charts', 'share', 'state', 'i18n', 'browser', 'import', 'engine', 'base'],
	routes: ['app', 'ui', 'charts', 'share', 'state', 'i18n', 'browser', 'import', 'engine', 'base'],
	cli: ['engine', 'import', 'sql', 'base']
};

/** Layers that run anywhere (the page, a worker, Node): no Node built-in, no page or storage package, no DOM. */
const PURE: Layer[] = ['base', 'engine', 'import', 'sql', 'state'];

/** Packages that tie code to the page or to storage. */
const PAGE_PACKAGES = '^node_modules/(dexie|comlink|svelte|@sveltejs|d3[^/]*)/';
/** Our modules (the stylesheet a layout imports is not one). */
const OURS = '^src/.+[.](ts|js|svelte)$';
const either = (layers: Layer[]) => layers.map((layer) => FOLDERS[layer]);

function layerRules(): IForbiddenRuleType[] {
	return (Object.keys(MAY_IMPORT) as Layer[]).map((layer) => ({
		name: `${layer}-imports-only-${MAY_IMPORT[layer].join('-') || 'itself'}`,
		comment: `${layer} may import ${MAY_IMPORT[layer].join(', ') || 'nothing of ours'} (docs/architecture.md)`,
		severity: 'error',
		from: { path: FOLDERS[layer] },
		to: {
			path: OURS,
			pathNot: [FOLDERS[layer], ...either(MAY_IMPORT[layer]), ...(layer === 'ui' || layer === 'routes' ? PAGE_EXCEPTIONS : [])],
			// Page code may name the store's and the workers' types (a Svelte file's type imports are compiled away,
			// so the rule holds .ts files to the same): the values come through app/ and worker/clients.ts.
			...(layer === 'ui' || layer === 'routes' ? { dependencyTypesNot: ['type-only' as const] } : {})
		}
	}));
}

/** The one worker module page code calls: the typed, supervised proxies of the two workers. */
const PAGE_EXCEPTIONS = ['^src/lib/worker/clients[.]ts$'];

const rules = (): IForbiddenRuleType[] => [
	...layerRules(),
	{
		name: 'pure-layers-import-no-node-built-in',
		comment: 'base, engine, import, sql and state run in the page and the workers as well as in Node',
		severity: 'error',
		from: { path: either(PURE) },
		to: { dependencyTypes: ['core'] }
	},
	{
		name: 'pure-layers-import-no-page-package',
		comment: 'base, engine, import, sql and state run in Node as well as in the page: no Svelte, Dexie, Comlink or d3',
		severity: 'error',
		from: { path: either(PURE) },
		to: { path: PAGE_PACKAGES }
	},
	{
		name: 'store-is-dexie-only',
		comment: 'store/ holds the IndexedDB schema and its reads and writes, through Dexie and nothing else',
		severity: 'error',
		from: { path: FOLDERS.store },
		to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown', 'core'], pathNot: '^node_modules/dexie/' }
	},
	{
		name: 'cli-reaches-nothing-of-the-browser',
		comment: 'the command line runs in Node: nothing it reaches, however indirectly, may be storage, a worker, a page or the DOM',
		severity: 'error',
		from: { path: FOLDERS.cli },
		to: { reachable: true, path: [...either(['store', 'worker', 'app', 'ui', 'charts', 'browser', 'routes', 'i18n']), PAGE_PACKAGES] }
	}
];

let result: ICruiseResult;

beforeAll(async () => {
	const output = await cruise(
		['src'],
		{
			validate: true,
			ruleSet: { forbidden: rules() },
			tsPreCompilationDeps: true,
			doNotFollow: { path: 'node_modules' },
			exclude: { path: '^src/service-worker[.]ts$' }
		},
		{ alias: { $lib: resolve('src/lib') }, extensions: ['.ts', '.js', '.svelte'] }
	);
	result = output.output as ICruiseResult;
}, 300_000);

describe('layers point one way (docs/architecture.md)', () => {
	it('every import of ours follows the layer table', () => {
		const broken = result.summary.violations.map((v) => `${v.from} → ${v.to}  (${v.rule.name})`);
		expect(broken).toEqual([]);
	});

	it('read every file, .svelte ones included, and resolved every import of ours', () => {
		const sources = new Set(result.modules.map((m) => m.source));
		for (const file of ['src/lib/ui/SavedDashboards.svelte', 'src/routes/dashboard/+page.svelte', 'src/hooks.client.ts', 'src/lib/engine/classify.ts', 'src/cli/main.ts']) {
			expect(sources, file).toContain(file);
		}
		const saved = result.modules.find((m) => m.source === 'src/lib/ui/SavedDashboards.svelte')!;
		expect(saved.dependencies.map((d) => d.resolved)).toContain('src/lib/app/saved.ts');
		const unresolved = result.modules
			.flatMap((m) => m.dependencies.map((d) => ({ from: m.source, ...d })))
			.filter((d) => d.couldNotResolve && /^([.]|[$]lib\/)/.test(d.module))
			.map((d) => `${d.from}: ${d.module}`);
		expect(unresolved).toEqual([]);
	});

	it('places every folder of src/lib in a layer', () => {
		const folders = readdirSync('src/lib', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
		const placed = Object.values(FOLDERS).map((pattern) => /^\^src\/lib\/([^/]+)\/$/.exec(pattern)?.[1]);
		expect(folders.filter((folder) => !placed.includes(folder))).toEqual([]);
	});
});
