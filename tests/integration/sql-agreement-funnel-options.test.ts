/**
 * The funnel's options in SQL (issue 24, item 6) agree with the engine on the built-in sample (20,673 events, times
 * to the second): window units, per-step windows (SLAs) and exclusion steps, in both modes, with hidden steps, and
 * the customers each exclusion takes out at each step.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadLifecycle, phases6 } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import type { FunnelSqlOptions } from '../../src/lib/sql';
import { agreementSuite } from '../helpers/agreement';
import { readFile } from '../helpers/import';

const [LEAD, MQL, SQL, SQO, CUSTOMER] = [1, 2, 3, 4, 5];
const webinarAfterLead = { event: 'webinar', from: LEAD, to: SQO };
const FUNNELS: FunnelSqlOptions[] = [
	{ mode: 'cumulative', windowDays: 72, windowUnit: 'hour' },
	{ mode: 'strict', windowDays: 6, windowUnit: 'week' },
	{ mode: 'cumulative', stepWindows: [{ stage: SQL, within: 7 }, { stage: CUSTOMER, within: 30 }] },
	{ mode: 'strict', windowUnit: 'hour', stepWindows: [{ stage: MQL, within: 48 }] },
	{ mode: 'cumulative', exclusions: [webinarAfterLead] },
	{ mode: 'strict', windowDays: 60, stepWindows: [{ stage: SQL, within: 14 }], exclusions: [webinarAfterLead, { event: 'email_open', from: SQL, to: CUSTOMER }] },
	{ mode: 'cumulative', steps: [0, LEAD, SQL, CUSTOMER], exclusions: [{ event: 'webinar', from: MQL, to: SQL }], stepWindows: [{ stage: SQL, within: 20 }] }
];
const load = async () => (await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv')).table;

agreementSuite(
	'SQL and engine on the built-in sample: funnel options',
	load,
	[
		{ model: leadLifecycle, funnels: FUNNELS, retentions: [] },
		// Optional steps in strict mode: an exclusion and a per-step window across them.
		{ model: phases6, funnels: [{ mode: 'strict', stepWindows: [{ stage: 2, within: 10 }], exclusions: [{ event: 'page_view', from: 2, to: 4 }] }], retentions: [] }
	],
	60_000
);

describe('the options are not idle on the sample', () => {
	it('each funnel option takes customers out somewhere, and the exclusion counts them where it does', async () => {
		const session = new EngineSession(await load());
		const counts = (options: FunnelSqlOptions) => session.lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, ...options, stepWindows: options.stepWindows && [...options.stepWindows], exclusions: options.exclusions && [...options.exclusions] }).funnel.steps;
		const plain = counts({}).map((s) => s.count);
		for (const options of [FUNNELS[0], FUNNELS[2], FUNNELS[4]]) {
			const steps = counts(options);
			expect(steps.some((s, k) => s.count < plain[k]), JSON.stringify(options)).toBe(true);
		}
		const excluded = counts(FUNNELS[4]);
		expect(excluded.reduce((n, s) => n + (s.excluded ?? 0), 0)).toBeGreaterThan(0);
		expect(excluded.map((s, k) => plain[k] - s.count)[SQO]).toBeGreaterThan(0);
	});
});
