/**
 * The generated SQL agrees with the engine on real data: CDNOW's purchase log (69,659 purchases of 23,570
 * customers, tests/fixtures/cdnow/CDNOW_master.txt.gz), imported as a user's file would be, as it is: separated by
 * runs of spaces, an orders file.
 */
import { expect } from 'vitest';
import { templates } from '../../src/lib/engine/model';
import { agreementSuite, ALL_FUNNELS, allRetentions } from '../helpers/agreement';
import { cdnowText } from '../helpers/cdnow';
import { readFile } from '../helpers/import';

agreementSuite(
	'SQL and engine on CDNOW purchases',
	async () => {
		const { table, plan, rejectedCount } = await readFile(cdnowText('CDNOW_master.txt'), 'CDNOW_master.txt');
		expect(plan.mapping.shape).toBe('orders');
		expect([table.rowCount, table.customerIds.length, rejectedCount]).toEqual([69_659, 23_570, 0]);
		return table;
	},
	templates.map((model) => ({ model, funnels: ALL_FUNNELS, retentions: allRetentions('purchase') })),
	// A few seconds per model alone; a busy two-core machine took 36 s.
	90_000
);
