/**
 * The one-file report's template: src/report/ built into one script with its styles, inlined into one HTML page
 * (static/report/template.html, copied into the site by the site's build). The page's Content-Security-Policy
 * allows that one script by its hash and nothing from any network; the dashboard fills in the snapshot.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { localeMessages } from './scripts/vite/locale-messages';

function inlineIntoPage(): Plugin {
	return {
		name: 'report-page',
		generateBundle(_options, bundle) {
			const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
			if (chunks.length !== 1) this.error(`The report must be one script; it is ${chunks.length}.`);
			// Nothing in the script may end its <script> element.
			const script = chunks[0].code.replace(/<\/(script)/gi, '<\\/$1');
			const hash = createHash('sha256').update(script).digest('base64');
			const csp = [`default-src 'none'`, `script-src 'sha256-${hash}'`, `style-src 'unsafe-inline'`, `img-src data: blob:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
			for (const name of Object.keys(bundle)) delete bundle[name];
			this.emitFile({
				type: 'asset',
				fileName: 'template.html',
				source: `<!doctype html>
<html lang="%lang%">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>%title%</title>
</head>
<body>
<main id="content"></main>
<script type="application/json" id="snapshot">"%snapshot%"</script>
<script>${script}</script>
</body>
</html>
`
			});
		}
	};
}

export default defineConfig({
	plugins: [localeMessages(), svelte({ preprocess: vitePreprocess(), compilerOptions: { css: 'injected' } }), inlineIntoPage()],
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	publicDir: false,
	build: {
		outDir: 'static/report',
		emptyOutDir: true,
		copyPublicDir: false,
		minify: true,
		lib: { entry: 'src/report/main.ts', formats: ['iife'], name: 'LifecycleLensReport', fileName: () => 'report.js' },
		rollupOptions: { output: { inlineDynamicImports: true } }
	}
});
