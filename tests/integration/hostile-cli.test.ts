/**
 * The hostile corpus through the command line (issue 21): each file gets its message (exit code 1, one message,
 * never a stack trace) or imports with the expected events and rejected rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { makeLarge } from '../../scripts/make-hostile.mjs';
import { HOSTILE_CASES, pathOf } from '../helpers/hostile-corpus';

async function run(...argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
	return { code, out, err };
}

beforeAll(async () => {
	await makeLarge();
}, 300_000);

describe('the hostile corpus in the command line', () => {
	it.each(HOSTILE_CASES.map((c) => [c.file, c] as const))('%s', async (_, c) => {
		const { code, out, err } = await run('events', pathOf(c), ...(c.cliFlags ?? []));
		expect(err).not.toMatch(/\n\s+at /); // no stack trace
		if ('message' in c.cli) {
			expect(code).toBe(1);
			expect(err).toMatch(c.cli.message);
			return;
		}
		expect(err.match(/(\d+) of \d+ rows left out/)?.[1] ?? '0').toBe(String(c.cli.rejected));
		expect(code).toBe(0);
		// The events CSV: a header, then one line per event.
		expect(out.trimEnd().split('\n').length - 1).toBe(c.cli.events);
	}, 120_000);

	it('a budget exceeded names the flag that raises it, and the flag works', async () => {
		const path = pathOf(HOSTILE_CASES.find((c) => c.file === 'wide-5k.csv')!);
		const refused = await run('events', path, '--max-columns', '1000');
		expect(refused.code).toBe(1);
		expect(refused.err).toMatch(/line 1: more than 1,000 columns.*\nTo allow more, raise the limit with --max-columns/s);
		const rows = await run('events', path, '--max-rows', '10');
		expect(rows.err).toMatch(/more than 10 rows.*\nTo allow more, raise the limit with --max-rows/s);
		expect((await run('events', path, '--max-rows', '31')).code).toBe(0);
	});
});
