/**
 * Rules of issue 20 that an import graph cannot see (the layers are tests/unit/architecture.test.ts): read from
 * the text of every source file, so a rule broken again fails here with the files that break it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts and .svelte file under a folder, as [path, text]. */
function sources(folder: string): [string, string][] {
	return readdirSync(folder, { recursive: true, encoding: 'utf8' })
		.filter((file) => /[.](ts|svelte)$/.test(file))
		.map((file) => join(folder, file))
		.map((path) => [path, readFileSync(path, 'utf8')]);
}

const files = (folder: string, pattern: RegExp) =>
	sources(folder)
		.filter(([, text]) => pattern.test(text))
		.map(([path]) => path);

describe('rules the code keeps (issue 20)', () => {
	it('reads the source tree', () => {
		expect(sources('src').length).toBeGreaterThan(250);
		expect(files('src', /export const DAY_MS = 86_400_000;/)).toEqual(['src/lib/engine/periods.ts']);
	});

	it('one DAY_MS constant: a day in milliseconds is written only in engine/periods.ts', () => {
		expect(files('src', /86_?400_?000|864e5|8[.]64e7|24 \* 60 \* 60 \* 1000/)).toEqual(['src/lib/engine/periods.ts']);
	});

	it('controls bind to the options: no view copies a prop into local state behind a svelte-ignore', () => {
		expect(files('src', /svelte-ignore state_referenced_locally/)).toEqual([]);
	});

	it('the workers\' clients copy their own arguments: no component or page takes a $state.snapshot', () => {
		expect(files('src/lib/ui', /[$]state[.]snapshot/)).toEqual([]);
		expect(files('src/routes', /[$]state[.]snapshot/)).toEqual([]);
		expect(files('src/lib/charts', /[$]state[.]snapshot/)).toEqual([]);
		expect(readFileSync('src/lib/worker/clients.ts', 'utf8').match(/plainCopy\n[)];/g)).toHaveLength(2);
	});

	it('no component or page drives the import worker: an import goes through app/import-flow.ts', () => {
		for (const folder of ['src/lib/ui', 'src/routes', 'src/lib/charts']) expect(files(folder, /\bimportWorker\b/)).toEqual([]);
		expect(files('src/lib/app', /\bimportWorker\b/).sort()).toEqual(['src/lib/app/import-flow.ts', 'src/lib/app/time-zones.ts']);
	});
});
