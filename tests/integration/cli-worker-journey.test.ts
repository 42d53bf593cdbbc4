/**
 * The journey on the command line and in the site answer alike (as cli-worker-agreement.test.ts does for the other
 * analyses): `lifecycle-lens analyze --analysis journey --json` on the sample, and the engine worker's API asked the
 * query the journey view builds for the same options, give equal JSON; the flags' spelling (--from, --to, a day that
 * stays the filter's) and their mistakes are checked here too.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { leadLifecycle } from '../../src/lib/engine/model';
import type { JourneyQuery } from '../../src/lib/engine/queries';
import type { EventTable } from '../../src/lib/engine/table';
import { engineApi, type EngineApi } from '../../src/lib/worker/engine-api';
import { readFile } from '../helpers/import';

const SAMPLE = 'static/samples/lead-lifecycle.csv';

async function cli(...options: string[]) {
	let out = '';
	let err = '';
	const code = await main(['analyze', SAMPLE, '--model', 'lead', '--analysis', 'journey', ...options], { out: (t) => (out += t), err: (t) => (err += t) });
	return { code, out, err };
}

async function cliJourney(...options: string[]) {
	const { code, out, err } = await cli('--json', ...options);
	expect([code, err]).toEqual([0, '']);
	return JSON.parse(out).journey;
}

describe('the CLI’s journey equals the engine worker’s', () => {
	let api: EngineApi;
	beforeAll(async () => {
		const { table } = await readFile(readFileSync(SAMPLE), 'lead-lifecycle.csv');
		api = engineApi(async (): Promise<EventTable> => table);
	}, 30_000);
	const worker = async (query: Omit<JourneyQuery, 'model'>) => JSON.parse(JSON.stringify(await api.journey('sample', { model: leadLifecycle, ...query })));

	it('after entering MQL, five steps by default, with a goal', async () => {
		const journey = await cliJourney('--from', 'stage:mql', '--to', 'purchase');
		expect(journey).toEqual(await worker({ anchor: { stage: 'mql' }, direction: 'next', steps: 5, goal: { event: 'purchase' } }));
		// Every MQL of the funnel is on the journey; five steps after the anchor.
		expect(journey.customers).toBe(955);
		expect(Math.max(...journey.nodes.map((n: { step: number }) => n.step))).toBe(5);
		expect(journey.converted).toBeGreaterThan(0);
	}, 60_000);

	it('before the first purchase, with every shaping option, a filter day kept as the filter, and a stage goal', async () => {
		const journey = await cliJourney(
			...['--from', 'purchase', '--direction', 'previous', '--steps', '4', '--hide', 'page_view', '--hide', 'email_open', '--merge-repeats'],
			...['--fold', '10', '--to', 'stage:repeat', '--did', 'webinar', '--as-of', '2025-10-31']
		);
		const query = {
			asOf: Date.UTC(2025, 9, 31, 23, 59, 59, 999),
			filter: { events: [{ event: 'webinar', did: true }] },
			anchor: { event: 'purchase' },
			direction: 'previous' as const,
			steps: 4,
			hidden: ['page_view', 'email_open'],
			mergeRepeats: true,
			minShare: 0.1,
			goal: { stage: 'repeat' }
		};
		expect(journey).toEqual(await worker(query));
		expect(journey.nodes.some((n: { label: string }) => n.label === 'page_view' || n.label === 'email_open')).toBe(false);
		expect(journey.nodes.some((n: { kind: string }) => n.kind === 'other')).toBe(true);
		// --from 2025-03-01 is the first-seen filter, --anchor the journey's.
		const dated = await cliJourney('--anchor', 'purchase', '--from', '2025-03-01', '--steps', '2');
		expect(dated).toEqual(await worker({ anchor: { event: 'purchase' }, direction: 'next', steps: 2, filter: { from: Date.UTC(2025, 2, 1) } }));
		expect(dated.customers).toBeLessThan((await worker({ anchor: { event: 'purchase' }, direction: 'next', steps: 2 })).customers);
	}, 60_000);

	it('takes --to alone as the journey’s end: the five events before becoming an MQL', async () => {
		const before = await cliJourney('--to', 'stage:mql', '--steps', '5');
		expect(before).toEqual(await worker({ anchor: { stage: 'mql' }, direction: 'previous', steps: 5 }));
		// Every MQL of the funnel is on it, five steps back from the anchor.
		expect(before.customers).toBe(955);
		expect(Math.max(...before.nodes.map((n: { step: number }) => n.step))).toBe(5);
		// The same journey as --from with --direction previous.
		expect(before).toEqual(await cliJourney('--from', 'stage:mql', '--direction', 'previous', '--steps', '5'));
	}, 60_000);

	it('prints the journey as text: the title and one row per link', async () => {
		const { code, out } = await cli('--from', 'stage:mql', '--to', 'purchase', '--steps', '1');
		expect(code).toBe(0);
		expect(out).toMatch(/Journey: the 1 event after MQL \(955 customers; \d+ then reached purchase\)/);
		expect(out).toMatch(/MQL\s+\+1 SQL\s+300\s+31\.4%/);
	}, 60_000);

	it('says what is wrong with the journey flags', async () => {
		const wrong = async (...options: string[]) => {
			const { code, err } = await cli(...options);
			expect(code).toBe(2);
			return err;
		};
		expect(await wrong('--steps', '3')).toMatch(/needs its start or its end: --from EVENT\|stage:STAGE_ID, or --to EVENT\|stage:STAGE_ID/);
		expect(await wrong('--to', 'stage:mql', '--direction', 'next')).toMatch(/--to stage:mql alone is the journey's end/);
		expect(await wrong('--to', 'stage:vip')).toMatch(/--to stage:vip: the model has no stage "vip"/);
		expect(await wrong('--from', 'purchase', '--steps', '11')).toMatch(/--steps 11: expected a whole number from 1 to 10/);
		expect(await wrong('--from', 'purchase', '--direction', 'back')).toMatch(/--direction back: expected next or previous/);
		expect(await wrong('--from', 'stage:vip')).toMatch(/the model has no stage "vip"; its stages: prospect, lead, mql/);
		expect(await wrong('--from', 'purchase', '--hide', 'pageview')).toMatch(/--hide pageview: the file has no event "pageview"/);
		let err = '';
		expect(await main(['analyze', SAMPLE, '--model', 'lead', '--analysis', 'funnel', '--steps', '3'], { out: () => {}, err: (t) => (err += t) })).toBe(2);
		expect(err).toMatch(/--steps: a journey option; add journey to --analysis/);
	}, 60_000);
});
