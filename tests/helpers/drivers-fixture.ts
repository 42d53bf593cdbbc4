/**
 * The customers of the drivers' hand computations (tests/unit/engine/drivers.test.ts, tests/e2e/drivers.test.ts):
 * 390 customers of a lead lifecycle, attributes channel and region on every event (so first = last).
 * - converters to MQL, c001-c150: lead on day 2, a demo on day 3 (between the steps), MQL on day 5.
 *   c001-c090 came by email, c091-c150 by ads; c001-c075 went to a webinar on day 1 (before becoming a lead).
 *   All 150 are in the south.
 * - non-converters, s001-s210: lead on day 2, never an MQL; an unsubscribe on day 4 (after the step before).
 *   s001-s030 came by email, s031-s210 by ads; s001-s030 went to a webinar on day 1; s001-s090 are in the north.
 *   s001-s009 looked at the pricing page on day 1.
 * - prospects, p001-p030: a visit only (never leads), by email, in the south: on neither side.
 * Every customer's first event is a visit on day 1 at 00:00 (1 January 2025).
 */
import { day } from './tables';

const HOUR = 3_600_000;

export type DriverRow = [customer: string, time: number, event: string, channel: string, region: string];

export function driverRows(): DriverRow[] {
	const rows: DriverRow[] = [];
	const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, '0')}`;
	for (let i = 1; i <= 150; i++) {
		const [c, channel] = [id('c', i), i <= 90 ? 'email' : 'ads'];
		rows.push([c, day(1), 'visit', channel, 'south']);
		if (i <= 75) rows.push([c, day(1) + HOUR, 'webinar', channel, 'south']);
		rows.push([c, day(2), 'lead', channel, 'south'], [c, day(3), 'demo', channel, 'south'], [c, day(5), 'mql', channel, 'south']);
	}
	for (let i = 1; i <= 210; i++) {
		const [s, channel, region] = [id('s', i), i <= 30 ? 'email' : 'ads', i <= 90 ? 'north' : 'south'];
		rows.push([s, day(1), 'visit', channel, region]);
		if (i <= 30) rows.push([s, day(1) + HOUR, 'webinar', channel, region]);
		if (i <= 9) rows.push([s, day(1) + 2 * HOUR, 'pricing page', channel, region]);
		rows.push([s, day(2), 'lead', channel, region], [s, day(4), 'unsubscribe', channel, region]);
	}
	for (let i = 1; i <= 30; i++) rows.push([id('p', i), day(1), 'visit', 'email', 'south']);
	return rows;
}

/** The same rows as an event log a user would drop on the site. */
export function driversCsv(): string {
	const lines = driverRows().map(([customer, time, event, channel, region]) => [customer, new Date(time).toISOString(), event, channel, region].join(','));
	return ['customer_id,timestamp,event,channel,region', ...lines].join('\n') + '\n';
}
