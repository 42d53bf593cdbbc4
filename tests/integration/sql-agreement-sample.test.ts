/**
 * The generated SQL agrees with the engine on the built-in sample (20,673 events): every template model's
 * classification, funnels (cumulative and strict, with and without a window) and retention matrices
 * (day, week and month; on and on-or-after; cohorts by first seen or stage entry; any return or purchases).
 */
import { readFileSync } from 'node:fs';
import { templates } from '../../src/lib/engine/model';
import { agreementSuite, ALL_FUNNELS, allRetentions } from '../helpers/agreement';
import { readFile } from '../helpers/import';

agreementSuite(
	'SQL and engine on the built-in sample',
	async () => (await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv')).table,
	templates.map((model) => ({ model, funnels: ALL_FUNNELS, retentions: allRetentions('purchase') })),
	30_000
);
