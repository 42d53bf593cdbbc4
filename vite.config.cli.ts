/**
 * The command-line tool's build: src/cli/main.ts and the engine and import it uses, bundled for Node 20 into
 * dist/cli/lifecycle-lens.js (git-ignored), which bin/lifecycle-lens.mjs runs. `npm run build:cli`; npm ci and
 * npm link run it through the prepare script.
 */
import { defineConfig } from 'vite';

export default defineConfig({
	publicDir: false,
	logLevel: 'warn',
	build: {
		ssr: 'src/cli/main.ts',
		outDir: 'dist/cli',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		rollupOptions: { output: { entryFileNames: 'lifecycle-lens.js', format: 'es' } }
	}
});
