#!/usr/bin/env node
// Runs the command-line tool's bundle (src/cli/main.ts built by `npm run build:cli` into dist/cli).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/lifecycle-lens.js', import.meta.url);
if (!existsSync(bundle)) {
	const root = fileURLToPath(new URL('..', import.meta.url));
	process.stderr.write(`lifecycle-lens is not built yet: run \`npm run build:cli\` in ${root} (npm ci and npm link do it too).\n`);
	process.exit(1);
}
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error) => {
	if (error.code === 'EPIPE') process.exit(0);
	throw error;
});
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
