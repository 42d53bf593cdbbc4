/**
 * The generated SQL agrees with the engine on real data: CDNOW's purchase log (69,659 purchases of 23,570
 * customers, ../shared/data/CDNOW_master.txt). The file is whitespace-separated, which the import does not
 * read; it is rewritten as CSV (fields unchanged) and imported as a user's file would be (an orders file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { templates } from '../../src/lib/engine/model';
import { agreementSuite, ALL_FUNNELS, allRetentions } from '../helpers/agreement';
import { readFile } from '../helpers/import';

const CDNOW = new URL('../../../shared/data/CDNOW_master.txt', import.meta.url);

agreementSuite(
	'SQL and engine on CDNOW purchases',
	async () => {
		expect(existsSync(CDNOW), `${CDNOW.pathname} is missing: these tests need ../shared/data`).toBe(true);
		const lines = readFileSync(CDNOW, 'utf8').trim().split(/\r?\n/);
		const csv = lines.map((line) => line.trim().split(/\s+/).join(',')).join('\n');
		const { table, plan, rejectedCount } = await readFile(csv, 'CDNOW_master.csv');
		expect(plan.mapping.shape).toBe('orders');
		expect([table.rowCount, table.customerIds.length, rejectedCount]).toEqual([69_659, 23_570, 0]);
		return table;
	},
	templates.map((model) => ({ model, funnels: ALL_FUNNELS, retentions: allRetentions('purchase') })),
	30_000
);
