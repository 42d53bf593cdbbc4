/**
 * lifecycle-lens compare OLD_FILE NEW_FILE: the engine's comparison of two HubSpot exports (hand-checked in
 * tests/unit/engine/compare.test.ts), as JSON and as text, and clear messages for a wrong command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';

const OLD = 'tests/fixtures/hubspot-contacts.csv';
const NEW = 'tests/fixtures/hubspot-contacts-april.csv';

async function run(...argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
	return { code, out, err };
}

describe('lifecycle-lens compare', () => {
	it('--json gives the categories with their counts and the old-to-new stage links', async () => {
		const { code, out, err } = await run('compare', OLD, NEW, '--model', 'lead', '--json');
		expect(err).toBe('');
		expect(code).toBe(0);
		const result = JSON.parse(out);
		expect(result.old).toMatchObject({ name: 'hubspot-contacts.csv', shape: 'stage-dates', customers: 8, rejected: 0 });
		expect(result.new).toMatchObject({ name: 'hubspot-contacts-april.csv', customers: 8 });
		expect(result.model).toEqual({ id: 'lead', name: 'Lead lifecycle' });
		expect([result.customersA, result.customersB, result.customers]).toEqual([8, 8, 9]);
		expect(Object.fromEntries(result.categories.map((c: { category: string; customers: number }) => [c.category, c.customers]))).toEqual({
			new: 1, // Ivy
			disappeared: 1, // Daan
			wonBack: 0,
			forward: 2, // Bao, Farid
			back: 1, // Carmen
			quiet: 2, // Emma, Hugo
			unchanged: 2 // Ann, Grace
		});
		const links = Object.fromEntries(result.flow.links.map((l: { source: string; target: string; customers: number }) => [`${l.source}>${l.target}`, l.customers]));
		// Stages: 0 prospect, 1 lead, 2 MQL, 3 SQL, 4 SQO, 5 customer.
		expect(links).toEqual({ 'a:5>b:5': 3, 'a:1>b:2': 1, 'a:2>b:1': 1, 'a:0>b:absent': 1, 'a:3>b:3': 1, 'a:4>b:5': 1, 'a:absent>b:1': 1 });
	});

	it('prints the categories and the links as text, with each file as of its own date unless told', async () => {
		const { code, out } = await run('compare', OLD, NEW, '--model', 'lead', '--as-of-new', '2024-05-31');
		expect(code).toBe(0);
		expect(out).toContain('hubspot-contacts.csv: 8 customers as of 2024-03-25; hubspot-contacts-april.csv: 8 customers as of 2024-05-31; 9 in either; model Lead lifecycle');
		// As of 31 May, Ann and Grace (last dates in March) have gone quiet too.
		expect(out).toMatch(/went quiet\s+4\n/);
		expect(out).toMatch(/unchanged\s+0\n/);
		expect(out).toMatch(/Customer\s+Customer\s+3\n/);
		expect(out).toMatch(/SQO\s+Customer\s+1\n/);
		expect(out).toMatch(/Not in A\s+Lead\s+1\n/);
	});

	it('names the ids seen in only one file, and --customers FILE writes every customer with their change', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lens-compare-'));
		const file = join(dir, 'customers.csv');
		const { code, out, err } = await run('compare', OLD, NEW, '--model', 'lead', '--customers', file);
		expect(err).toBe('');
		expect(code).toBe(0);
		expect(out).toContain('Only in the new file (1): ivy@example.com\n');
		expect(out).toContain('Only in the old file (1): daan@example.com\n');
		// The compare page's Export CSV, for every customer of either file (9), category by category.
		const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
		expect(header).toBe('customer_id,change,stage_a,status_a,stage_b,status_b');
		expect(rows).toHaveLength(9);
		expect(rows.slice(0, 2)).toEqual(['ivy@example.com,new,,,Lead,active', 'daan@example.com,disappeared,Anonymous prospect,active,,']);
		expect(rows.filter((r) => r.split(',')[1] === 'forward').sort()).toEqual(['bao@example.com,forward,Lead,active,MQL,active', 'farid@example.com,forward,SQO,active,Customer,active']);

		// Seven new ids: the first five are named, the file has them all.
		const old = join(dir, 'old.csv');
		const next = join(dir, 'new.csv');
		writeFileSync(old, 'customer_id,timestamp,event\nann,2025-01-02,lead\n');
		writeFileSync(next, ['customer_id,timestamp,event', 'ann,2025-01-02,lead', ...[1, 2, 3, 4, 5, 6, 7].map((n) => `n${n},2025-02-0${n},lead`)].join('\n'));
		const many = await run('compare', old, next, '--model', 'lead');
		expect(many.out).toContain('Only in the new file (7): n1, n2, n3, n4, n5, … (--customers FILE writes every customer)\n');
		expect(many.out).toContain('Only in the old file (0)\n');
	});

	it('says what is wrong with the command line', async () => {
		const one = await run('compare', OLD, '--model', 'lead');
		expect(one.code).toBe(2);
		expect(one.err).toContain(`compare: expected OLD_FILE NEW_FILE, got ${OLD}.`);
		expect((await run('compare', OLD, NEW)).err).toContain('--model is required');
		const missing = await run('compare', OLD, 'nowhere.csv', '--model', 'lead');
		expect(missing.code).toBe(1);
		expect(missing.err).toContain('nowhere.csv: no such file.');
	});
});
