/**
 * The generated SQL agrees with the engine on real data: CDNOW's purchase log (69,659 purchases of 23,570
 * customers, tests/fixtures/cdnow/CDNOW_master.txt.gz). The file is whitespace-separated, which the import does not
 * read; it is rewritten as CSV (fields unchanged) and imported as a user's file would be (an orders file).
 */
import { expect } from 'vitest';
import { templates } from '../../src/lib/engine/model';
import { agreementSuite, ALL_FUNNELS, allRetentions } from '../helpers/agreement';
import { cdnowText } from '../helpers/cdnow';
import { readFile } from '../helpers/import';

agreementSuite(
	'SQL and engine on CDNOW purchases',
	async () => {
		const lines = cdnowText('CDNOW_master.txt').trim().split(/\r?\n/);
		const csv = lines.map((line) => line.trim().split(/\s+/).join(',')).join('\n');
		const { table, plan, rejectedCount } = await readFile(csv, 'CDNOW_master.csv');
		expect(plan.mapping.shape).toBe('orders');
		expect([table.rowCount, table.customerIds.length, rejectedCount]).toEqual([69_659, 23_570, 0]);
		return table;
	},
	templates.map((model) => ({ model, funnels: ALL_FUNNELS, retentions: allRetentions('purchase') })),
	30_000
);
