/**
 * Every fixture file in tests/fixtures, read as the app reads a dropped file: how it is read,
 * what each column is, and the exact events that come out.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import type { EventTable } from '../../../src/lib/engine/table';
import { ImportError } from '../../../src/lib/import/errors';
import { previewFile } from '../../../src/lib/import/preview';
import { detectEncoding, detectFormat } from '../../../src/lib/import/source';
import { fileOf, readFile } from '../../helpers/import';
import { customerOfRows, DAY } from '../../helpers/tables';
import type { Role, SourceInfo } from '../../../src/lib/base/source-types';
import { valueAt } from '../../../src/lib/engine/values';

const utc = Date.UTC;

/** The bytes of a fixture, as a dropped file holds them. */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const readFixture = (name: string, options?: Parameters<typeof readFile>[2]) => readFile(fixture(name), name, options);

type Event = [customer: string, time: number, event: string, value: number];

/** The table's rows in its order (customer in order of first appearance, then time), readable. */
function eventsOf(table: EventTable): Event[] {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [
		table.customerIds[customer[i]],
		table.time[i],
		table.eventNames[table.event[i]],
		valueAt(table.value, i)
	]);
}

const roles = (columns: { role: Role }[]) => columns.map((c) => c.role);

const csv = (delimiter: string, hasHeader = true): SourceInfo => ({ compressed: false, encoding: 'utf-8', format: 'csv', delimiter, hasHeader });

/** The events of events-comma.csv, which events.csv.gz also holds. */
const COMMA_EVENTS: Event[] = [
	['c1', utc(2024, 2, 1, 9, 30), 'signup', NaN],
	['c1', utc(2024, 2, 5, 14, 15), 'purchase', 19.99],
	['c1', utc(2024, 2, 9, 18, 5), 'purchase', 5.5],
	['c2', utc(2024, 2, 2, 10), 'signup', NaN],
	['c2', utc(2024, 2, 7, 12, 45, 30), 'purchase', 120],
	['c3', utc(2024, 2, 6, 8), 'signup', NaN]
];

describe('delimited text fixtures', () => {
	it.each<[string, SourceInfo, string[], Event[]]>([
		['events-comma.csv', csv(','), ['customer_id', 'timestamp', 'event', 'value'], COMMA_EVENTS],
		[
			'events-tab.tsv',
			csv('\t'),
			['user_id', 'event_time', 'action', 'amount'],
			[
				['u-1', utc(2024, 2, 1, 9, 30), 'signup', NaN],
				['u-1', utc(2024, 2, 4, 11, 20), 'purchase', 42],
				['u-2', utc(2024, 2, 2, 10), 'signup', NaN],
				['u-2', utc(2024, 2, 8, 16, 40), 'purchase', 1050.75]
			]
		],
		[
			'events-pipe.txt',
			csv('|'),
			['email', 'date', 'event', 'revenue'],
			[
				['ann@example.com', utc(2024, 2, 1), 'signup', NaN],
				['ann@example.com', utc(2024, 2, 10), 'purchase', 99],
				['bob@example.com', utc(2024, 2, 3), 'signup', NaN]
			]
		],
		[
			'events-cr.csv',
			csv(','),
			['customer_id', 'timestamp', 'event'],
			[
				['c1', utc(2024, 2, 1), 'signup', NaN],
				['c1', utc(2024, 2, 3), 'purchase', NaN],
				['c2', utc(2024, 2, 2), 'signup', NaN]
			]
		],
		[
			'bom-utf8.csv',
			csv(','),
			['customer_id', 'timestamp', 'event', 'value'], // no \uFEFF before the first name
			[
				['José', utc(2024, 2, 1), 'signup', NaN],
				['José', utc(2024, 2, 4), 'purchase', 30],
				['Zoë', utc(2024, 2, 2), 'signup', NaN]
			]
		],
		[
			'utf16le.txt',
			{ ...csv('\t'), encoding: 'utf-16le' },
			['Customer ID', 'Date', 'Event', 'Amount'],
			[
				['Zoë', utc(2024, 2, 1), 'signup', NaN],
				['Zoë', utc(2024, 2, 4), 'purchase', 15],
				['Łukasz', utc(2024, 2, 2), 'signup', NaN],
				['日本太郎', utc(2024, 2, 5), 'purchase', 3000]
			]
		],
		[
			'utf16be.csv',
			{ ...csv(','), encoding: 'utf-16be' },
			['customer_id', 'timestamp', 'event'],
			[
				['Ngọc', utc(2024, 2, 1, 9, 30), 'đăng ký', NaN],
				['Ngọc', utc(2024, 2, 3, 11), 'mua hàng', NaN],
				['Đức', utc(2024, 2, 2, 10), 'mua hàng', NaN]
			]
		],
		[
			'latin1.csv',
			{ ...csv(','), encoding: 'windows-1252' },
			['customer_id', 'timestamp', 'event', 'value'],
			[
				['René', utc(2024, 2, 1), 'café', NaN],
				['René', utc(2024, 2, 3), 'coupon €5', 5],
				['Jürgen', utc(2024, 2, 2), 'signup', NaN]
			]
		]
	])('%s', async (name, source, header, events) => {
		const { preview, table, rowsRead, rejectedCount } = await readFixture(name);
		expect(preview.source).toEqual(source);
		expect(preview.header).toEqual(header);
		expect(preview.mapping.shape).toBe('event-log');
		const expectedRoles: Role[] = header.length === 4 ? ['customer', 'timestamp', 'event', 'value'] : ['customer', 'timestamp', 'event'];
		expect(roles(preview.mapping.columns)).toEqual(expectedRoles);
		expect(eventsOf(table)).toEqual(events);
		expect(rowsRead).toBe(events.length);
		expect(rejectedCount).toBe(0);
	});

	it('events-semicolon-crlf.csv: Dutch headers, day-first dates and decimal commas', async () => {
		const { preview, table, rejectedCount } = await readFixture('events-semicolon-crlf.csv');
		expect(preview.source).toEqual(csv(';'));
		expect(preview.header).toEqual(['Klantnummer', 'Datum', 'Gebeurtenis', 'Bedrag']);
		expect(preview.mapping).toEqual({
			shape: 'event-log',
			columns: [{ role: 'customer' }, { role: 'timestamp', dateFormat: 'dmy' }, { role: 'event' }, { role: 'value', decimal: ',' }],
			timeZone: 'UTC'
		});
		// No field keeps a CR from the CRLF.
		expect(preview.rows.flat().some((f) => f.includes('\r'))).toBe(false);
		expect(eventsOf(table)).toEqual([
			['1001', utc(2024, 2, 1, 9, 30), 'aanmelding', NaN],
			['1001', utc(2024, 2, 15, 14), 'aankoop', 1234.56],
			['1002', utc(2024, 2, 2, 10), 'aanmelding', NaN],
			['1002', utc(2024, 2, 20, 11, 30), 'aankoop', 12.5],
			['1003', utc(2024, 2, 21, 8, 15), 'aanmelding', NaN]
		]);
		expect(rejectedCount).toBe(0);
	});

	it('events-semicolon-crlf.csv in the Europe/Amsterdam time zone: wall times an hour ahead of UTC in March', async () => {
		const { table } = await readFixture('events-semicolon-crlf.csv', { adjust: (plan) => void (plan.mapping.timeZone = 'Europe/Amsterdam') });
		expect(Array.from(table.time)).toEqual([
			utc(2024, 2, 1, 8, 30),
			utc(2024, 2, 15, 13),
			utc(2024, 2, 2, 9),
			utc(2024, 2, 20, 10, 30),
			utc(2024, 2, 21, 7, 15)
		]);
	});

	it('quoted.csv: delimiters, doubled quotes and newlines inside quotes; line numbers count the newlines', async () => {
		const { preview, table, rejects, rowsRead } = await readFixture('quoted.csv');
		expect(preview.source).toEqual(csv(','));
		expect(roles(preview.mapping.columns)).toEqual(['customer', 'timestamp', 'event', 'value']);
		expect(table.customerIds).toEqual(['c1', 'c2', 'c,3']);
		expect(eventsOf(table)).toEqual([
			['c1', utc(2024, 2, 1, 9, 30), 'signup, via "referral"', NaN],
			['c2', utc(2024, 2, 2), 'page\nview', NaN],
			['c2', utc(2024, 2, 4), 'said "hi"\ntwice', NaN],
			['c,3', utc(2024, 2, 3), 'purchase', 1234.5]
		]);
		expect(rowsRead).toBe(5);
		// The last row starts on line 8: lines 3–4 and 6–7 are one row each.
		expect(rejects).toEqual([
			{
				line: 8,
				column: 'timestamp',
				reason: 'timestamp',
				message: '"tomorrow" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z',
				raw: 'c4,tomorrow,signup,'
			}
		]);
	});

	it('utf16le.txt without its byte-order mark: UTF-16 LE by its zero bytes', async () => {
		const bytes = fixture('utf16le.txt');
		expect(Array.from(bytes.subarray(0, 2))).toEqual([0xff, 0xfe]);
		const { preview, table } = await readFile(bytes.subarray(2), 'unicode.txt');
		expect(preview.source.encoding).toBe('utf-16le');
		expect(preview.header).toEqual(['Customer ID', 'Date', 'Event', 'Amount']);
		expect(table.customerIds).toEqual(['Zoë', 'Łukasz', '日本太郎']);
	});

	it('latin1.csv read as UTF-8 when the user says so: é, ü and € are lost', async () => {
		const { preview, table } = await readFixture('latin1.csv', { chosen: { encoding: 'utf-8' } });
		expect(preview.source.encoding).toBe('utf-8');
		expect(table.customerIds).toEqual(['Ren\uFFFD', 'J\uFFFDrgen']);
	});
});

describe('gzip fixtures', () => {
	it('events.csv.gz is events-comma.csv compressed, and reads to the same events', async () => {
		expect(gunzipSync(fixture('events.csv.gz'))).toEqual(Buffer.from(fixture('events-comma.csv')));
		const { preview, table } = await readFixture('events.csv.gz');
		expect(preview.source).toEqual({ ...csv(','), compressed: true });
		expect(preview.header).toEqual(['customer_id', 'timestamp', 'event', 'value']);
		expect(eventsOf(table)).toEqual(COMMA_EVENTS);
	});

	it('not-gzip.csv.gz: plain text named .gz is refused, naming gzip', async () => {
		const error = await readFixture('not-gzip.csv.gz').then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ImportError);
		expect((error as Error).message).toBe('not-gzip.csv.gz ends in .gz but is not gzip-compressed (it does not start with the gzip signature).');
	});

	it('the same bytes named .csv read as a file without a header row', async () => {
		const bytes = fixture('not-gzip.csv.gz');
		expect(bytes).toEqual(fixture('no-header.csv'));
		const preview = await previewFile(fileOf(bytes, 'not-gzip.csv'));
		expect(preview.source).toEqual(csv(',', false));
		expect(preview.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
		expect(preview.rows[0]).toEqual(['ann@example.com', '2024-03-01 09:30', 'signup', '']);
	});

	it('a gzip file cut short is refused as damaged', async () => {
		const bytes = fixture('events.csv.gz');
		const error = await readFile(bytes.subarray(0, bytes.length - 30), 'cut.csv.gz').then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ImportError);
		expect((error as Error).message).toMatch(/^cut\.csv\.gz: the gzip data is damaged or cut short/);
	});
});

describe('no-header.csv', () => {
	it('is seen to have no header: columns are named "Column 1".., the first row is data', async () => {
		const preview = await previewFile(fileOf(fixture('no-header.csv'), 'no-header.csv'));
		expect(preview.source.hasHeader).toBe(false);
		expect(preview.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4']);
		expect(preview.rows).toHaveLength(4);
		expect(preview.rows[0][0]).toBe('ann@example.com');
		// Without a header the values decide: addresses make the customer id, dates the timestamp, a column of few
		// names the event, amounts with decimals the value.
		expect(roles(preview.mapping.columns)).toEqual(['customer', 'timestamp', 'event', 'value']);
		expect(preview.mapping.shape).toBe('event-log');
	});

	it('imports every row, the first one too, with nothing beyond pressing Import', async () => {
		const { table, rowsRead } = await readFixture('no-header.csv');
		expect(rowsRead).toBe(4);
		expect(eventsOf(table)).toEqual([
			['ann@example.com', utc(2024, 2, 1, 9, 30), 'signup', NaN],
			['ann@example.com', utc(2024, 2, 5, 14, 15), 'purchase', 19.99],
			['bob@example.com', utc(2024, 2, 2, 10), 'signup', NaN],
			['bob@example.com', utc(2024, 2, 6, 16), 'purchase', 5]
		]);
	});

	it('reads the first row as the header when the user says there is one', async () => {
		const preview = await previewFile(fileOf(fixture('no-header.csv'), 'no-header.csv'), { hasHeader: true });
		expect(preview.source.hasHeader).toBe(true);
		expect(preview.header).toEqual(['ann@example.com', '2024-03-01 09:30', 'signup', '']);
		expect(preview.rows).toHaveLength(3);
	});
});

describe('JSON fixtures', () => {
	it('events.json: an array of objects; a nested object becomes "customer.id" and "customer.country"', async () => {
		const { preview, table, rejectedCount } = await readFixture('events.json');
		expect(preview.source).toMatchObject({ compressed: false, encoding: 'utf-8', format: 'json' });
		expect(preview.header).toEqual(['customer.id', 'customer.country', 'timestamp', 'event', 'value']);
		expect(preview.mapping.columns).toEqual([
			{ role: 'customer' },
			{ role: 'attribute' },
			{ role: 'timestamp', dateFormat: 'iso' },
			{ role: 'event' },
			{ role: 'value', decimal: '.' }
		]);
		expect(eventsOf(table)).toEqual([
			['c1', utc(2024, 2, 1, 9, 30), 'signup', NaN],
			['c1', utc(2024, 2, 5, 14, 15), 'purchase', 19.99],
			['c2', utc(2024, 2, 2, 3), 'signup', NaN], // 10:00 at +07:00
			['c2', utc(2024, 2, 6, 8), 'purchase', 250]
		]);
		expect(table.attributes).toHaveLength(1);
		expect(table.attributes[0].name).toBe('customer.country');
		expect(Array.from(table.attributes[0].codes, (c) => table.attributes[0].values[c])).toEqual(['NL', 'NL', 'VN', 'VN']);
		expect(rejectedCount).toBe(0);
	});

	it('wrapped.json: the records under "data", past a "meta" object', async () => {
		const { preview, table } = await readFixture('wrapped.json');
		expect(preview.source.format).toBe('json');
		expect(preview.header).toEqual(['contact_id', 'created_at', 'type']);
		expect(roles(preview.mapping.columns)).toEqual(['customer', 'timestamp', 'event']);
		expect(eventsOf(table)).toEqual([
			['k1', utc(2024, 2, 1, 9, 30), 'lead', NaN],
			['k1', utc(2024, 2, 4, 15), 'mql', NaN],
			['k2', utc(2024, 2, 2, 11), 'lead', NaN]
		]);
	});

	it('events.ndjson: one object a line, epoch seconds under "ts"; the broken line 4 is rejected as json', async () => {
		const { preview, table, rowsRead, rejects, rejectCounts } = await readFixture('events.ndjson');
		expect(preview.source).toMatchObject({ compressed: false, encoding: 'utf-8', format: 'ndjson' });
		expect(preview.header).toEqual(['user_id', 'ts', 'event', 'amount']);
		expect(preview.mapping.columns).toEqual([
			{ role: 'customer' },
			{ role: 'timestamp', dateFormat: 'epoch-s' },
			{ role: 'event' },
			{ role: 'value', decimal: '.' }
		]);
		// The broken line is no sample row of the columns.
		expect(preview.rows.map((r) => r[0])).toEqual(['u1', 'u2', 'u1', 'u2']);
		expect(eventsOf(table)).toEqual([
			['u1', utc(2024, 2, 1, 9, 30), 'signup', NaN],
			['u1', utc(2024, 2, 5, 14, 15), 'purchase', 25],
			['u2', utc(2024, 2, 2, 10), 'signup', NaN],
			['u2', utc(2024, 2, 6, 8), 'purchase', 40.5]
		]);
		expect(rowsRead).toBe(5);
		expect(rejectCounts).toEqual({ json: 1 });
		expect(rejects).toEqual([{ line: 4, column: '', reason: 'json', message: 'this line is not valid JSON', raw: '"{""user_id"": ""u3"", ""ts"": 17097"' }]);
	});

	it('a broken JSON line does not spoil the detection of the first column (epoch seconds under "ts")', async () => {
		const text = [
			'{"ts": 1709285400, "user_id": "u1", "event": "signup"}',
			'{"ts": 1709373600, "user_id": "u2", "event": "signup"}',
			'{"ts": 17093',
			'{"ts": 1709648100, "user_id": "u1", "event": "purchase"}'
		].join('\n');
		const { preview, table, rejects } = await readFile(text, 'ts-first.ndjson');
		expect(preview.mapping.columns[0]).toEqual({ role: 'timestamp', dateFormat: 'epoch-s' });
		expect(eventsOf(table)).toEqual([
			['u1', utc(2024, 2, 1, 9, 30), 'signup', NaN],
			['u1', utc(2024, 2, 5, 14, 15), 'purchase', NaN],
			['u2', utc(2024, 2, 2, 10), 'signup', NaN]
		]);
		expect(rejects.map((r) => [r.line, r.reason])).toEqual([[3, 'json']]);
	});
});

describe('hubspot-contacts.csv', () => {
	const stageDate = (event: string) => ({ role: 'stage-date', event, dateFormat: 'iso' });

	it('is a stage-dates file keyed by Email (which detectMapping ranks above Record ID)', async () => {
		const { preview } = await readFixture('hubspot-contacts.csv');
		expect(preview.source).toEqual(csv(','));
		expect(preview.mapping.shape).toBe('stage-dates');
		expect(preview.mapping.columns).toEqual([
			{ role: 'ignore' }, // Record ID
			{ role: 'ignore' }, // First Name: 8 names in 8 rows
			{ role: 'ignore' }, // Last Name
			{ role: 'customer' }, // Email
			{ role: 'stage' }, // Lifecycle Stage
			{ role: 'timestamp', dateFormat: 'iso' }, // Create Date
			stageDate('subscriber'),
			stageDate('lead'),
			stageDate('mql'),
			stageDate('sql'),
			stageDate('opportunity'),
			stageDate('customer'),
			stageDate('evangelist'),
			{ role: 'attribute' } // Original Source: Organic Search or Paid Social
		]);
	});

	it('gives a "created" event per contact and one event per filled stage date, at its time', async () => {
		const { table, rowsRead, rejectedCount } = await readFixture('hubspot-contacts.csv');
		expect(rowsRead).toBe(8);
		expect(rejectedCount).toBe(0);
		expect(table.eventNames).toEqual(['created', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'subscriber', 'evangelist']);
		const ann = 'ann@example.com';
		const grace = 'grace@example.com';
		expect(eventsOf(table)).toEqual([
			[ann, utc(2024, 2, 1, 9, 30), 'created', NaN],
			[ann, utc(2024, 2, 1, 9, 30), 'lead', NaN],
			[ann, utc(2024, 2, 4, 11), 'mql', NaN],
			[ann, utc(2024, 2, 8, 15, 45), 'sql', NaN],
			[ann, utc(2024, 2, 12, 10), 'opportunity', NaN],
			[ann, utc(2024, 2, 20, 16, 30), 'customer', NaN],
			['bao@example.com', utc(2024, 2, 2, 10, 15), 'created', NaN],
			['bao@example.com', utc(2024, 2, 2, 10, 15), 'lead', NaN],
			['carmen@example.com', utc(2024, 2, 3, 8), 'created', NaN],
			['carmen@example.com', utc(2024, 2, 3, 8), 'lead', NaN],
			['carmen@example.com', utc(2024, 2, 6, 9), 'mql', NaN],
			['daan@example.com', utc(2024, 2, 4, 12), 'created', NaN],
			['daan@example.com', utc(2024, 2, 4, 12), 'subscriber', NaN],
			['emma@example.com', utc(2024, 2, 5, 14, 20), 'created', NaN],
			['emma@example.com', utc(2024, 2, 5, 14, 20), 'lead', NaN],
			['emma@example.com', utc(2024, 2, 7, 10), 'mql', NaN],
			['emma@example.com', utc(2024, 2, 11, 9, 30), 'sql', NaN],
			['farid@example.com', utc(2024, 2, 6, 16), 'created', NaN],
			['farid@example.com', utc(2024, 2, 6, 16), 'lead', NaN],
			['farid@example.com', utc(2024, 2, 9, 11), 'mql', NaN],
			['farid@example.com', utc(2024, 2, 13, 14), 'sql', NaN],
			['farid@example.com', utc(2024, 2, 18, 10, 30), 'opportunity', NaN],
			[grace, utc(2024, 1, 10, 9), 'created', NaN],
			[grace, utc(2024, 1, 10, 9), 'lead', NaN],
			[grace, utc(2024, 1, 12, 9), 'mql', NaN],
			[grace, utc(2024, 1, 15, 9), 'sql', NaN],
			[grace, utc(2024, 1, 20, 9), 'opportunity', NaN],
			[grace, utc(2024, 1, 28, 9), 'customer', NaN],
			[grace, utc(2024, 2, 25, 9), 'evangelist', NaN],
			['hugo@example.com', utc(2024, 2, 8, 11, 45), 'created', NaN],
			['hugo@example.com', utc(2024, 2, 8, 11, 45), 'customer', NaN]
		]);
		expect(table.attributes.map((a) => [a.name, a.values])).toEqual([['Original Source', ['Organic Search', 'Paid Social']]]);
	});

	it('feeds the lead funnel: counts per stage, hand-checked', async () => {
		const { table } = await readFixture('hubspot-contacts.csv');
		const classification = classify(table, leadLifecycle);
		// Furthest stage: Ann customer, Bao lead, Carmen MQL, Daan prospect (a subscriber only), Emma SQL,
		// Farid SQO (opportunity), Grace customer (evangelist is no stage here), Hugo customer (straight in).
		expect(Array.from(classification.current)).toEqual([5, 1, 2, 0, 3, 4, 5, 5]);
		const result = funnel(classification, leadLifecycle);
		expect(result.customers).toBe(8);
		expect(result.steps.map((s) => [s.stageId, s.count])).toEqual([
			['prospect', 8],
			['lead', 7], // all but Daan
			['mql', 6], // less Bao
			['sql', 5], // less Carmen
			['sqo', 4], // less Emma: Ann, Farid, Grace, Hugo
			['customer', 3], // less Farid: Ann, Grace, Hugo
			['repeat', 0] // a "customer" date is no purchase
		]);
		// SQO to customer: Hugo 0, Grace 8 days, Ann 8 days 6.5 hours; the median is 8 days.
		expect(result.steps[5].medianTimeFromPrevious).toBe(8 * DAY);
	});

	it('can be keyed by Record ID instead', async () => {
		const { table } = await readFixture('hubspot-contacts.csv', {
			adjust: (plan) => {
				plan.mapping.columns[0] = { role: 'customer' };
				plan.mapping.columns[3] = { role: 'ignore' };
			}
		});
		expect(table.customerIds).toEqual(['101', '102', '103', '104', '105', '106', '107', '108']);
		expect(table.rowCount).toBe(31);
	});
});

describe('orders-us.csv', () => {
	it('is an orders file: month-first dates (03/15 decides), $ amounts with thousands, refunds in parentheses', async () => {
		const { preview, table, rejectedCount } = await readFixture('orders-us.csv');
		expect(preview.source).toEqual(csv(','));
		expect(preview.header).toEqual(['Order ID', 'Customer Email', 'Order Date', 'Total']);
		expect(preview.mapping).toEqual({
			shape: 'orders',
			columns: [{ role: 'order', cancelPrefix: 'C' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'mdy' }, { role: 'value', decimal: '.' }],
			timeZone: 'UTC'
		});
		expect(preview.ambiguousDates).toEqual([]);
		// A negative amount is a refund (docs/orders.md), never a purchase.
		expect(eventsOf(table)).toEqual([
			['ann@example.com', utc(2024, 2, 1), 'purchase', 1234.5],
			['ann@example.com', utc(2024, 2, 15), 'purchase', 45],
			['bob@example.com', utc(2024, 2, 5), 'purchase', 89.99],
			['bob@example.com', utc(2024, 3, 2), 'refund', -89.99],
			['cara@example.com', utc(2023, 11, 31), 'purchase', 2500],
			['cara@example.com', utc(2024, 0, 10), 'refund', -1050]
		]);
		expect(rejectedCount).toBe(0);
	});
});

describe('snapshot.csv', () => {
	it('gives one event per contact named after its stage; an empty date is the file time', async () => {
		const { preview, table } = await readFixture('snapshot.csv');
		expect(preview.mapping.shape).toBe('snapshot');
		expect(preview.mapping.columns).toEqual([{ role: 'customer' }, { role: 'stage' }, { role: 'timestamp', dateFormat: 'iso' }]);
		expect(eventsOf(table)).toEqual([
			['c-1', utc(2024, 2, 1), 'lead', NaN],
			['c-2', 1700000000000, 'customer', NaN], // fileOf's lastModified
			['c-3', utc(2024, 2, 10), 'mql', NaN],
			['c-4', utc(2024, 1, 20), 'lead', NaN]
		]);
	});
});

describe('dates-ambiguous.csv', () => {
	it('asks about its date column, reading it day first until told', async () => {
		const { preview, table } = await readFixture('dates-ambiguous.csv');
		expect(preview.ambiguousDates).toEqual([1]);
		expect(preview.profiles[1].dates).toEqual({ format: 'dmy', ambiguous: true, share: 1 });
		expect(preview.mapping.columns[1]).toEqual({ role: 'timestamp', dateFormat: 'dmy' });
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 1, 1), 'signup', NaN],
			['a', utc(2024, 5, 5), 'purchase', NaN],
			['b', utc(2024, 3, 3), 'signup', NaN],
			['b', utc(2024, 10, 12), 'purchase', NaN]
		]);
	});

	it('reads month first when the user chooses it', async () => {
		const { table } = await readFixture('dates-ambiguous.csv', { adjust: (plan) => void (plan.mapping.columns[1].dateFormat = 'mdy') });
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 0, 2), 'signup', NaN],
			['a', utc(2024, 4, 6), 'purchase', NaN],
			['b', utc(2024, 2, 4), 'signup', NaN],
			['b', utc(2024, 11, 11), 'purchase', NaN]
		]);
	});
});

describe('a file with bad rows', () => {
	/** Line numbers on the right. */
	const BAD = [
		'customer_id,timestamp,event,value', //   1
		'a,2024-03-01 09:00,signup,', //          2
		'b,2024-02-30 10:00,signup,', //          3  no 30 February
		'a,2024-03-02 11:00,purchase,12.x', //    4  bad amount
		'c,2024-03-03 12:00,purchase', //         5  too few fields
		'b,2024-03-04 13:00,purchase,7.50', //    6
		'c,2024-03-05 14:00,purchase,"1,200"', // 7
		'd,2024-03-06,purchase,€5,00', //         8  too many fields (an unquoted decimal comma)
		'b,03/07/2024,signup,', //                9  another date format than the column's
		'e,2024-03-08 15:00,signup,' //           10
	].join('\n');

	it('rejects each with its line, column and reason, counts them by reason, and imports the rest', async () => {
		const { table, rowsRead, rejectedCount, rejects, rejectCounts } = await readFile(BAD, 'bad.csv');
		expect(rowsRead).toBe(9);
		expect(rejectedCount).toBe(5);
		expect(rejectCounts).toEqual({ timestamp: 2, value: 1, 'field-count': 2 });
		expect(rejects.map((r) => [r.line, r.column, r.reason])).toEqual([
			[3, 'timestamp', 'timestamp'],
			[4, 'value', 'value'],
			[5, '', 'field-count'],
			[8, '', 'field-count'],
			[9, 'timestamp', 'timestamp']
		]);
		expect(rejects[0].message).toBe('"2024-02-30 10:00" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z');
		expect(rejects[1].message).toBe('"12.x" is not a number such as 1234.50, 1,234.50, $1,234.50 or (12.00)');
		expect(rejects[2]).toMatchObject({ message: 'expected 4 fields, found 3', raw: 'c,2024-03-03 12:00,purchase' });
		expect(rejects[3]).toMatchObject({ message: 'expected 4 fields, found 5', raw: 'd,2024-03-06,purchase,€5,00' });
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 2, 1, 9), 'signup', NaN],
			['b', utc(2024, 2, 4, 13), 'purchase', 7.5],
			['c', utc(2024, 2, 5, 14), 'purchase', 1200],
			['e', utc(2024, 2, 8, 15), 'signup', NaN]
		]);
	});
});

describe('detectEncoding', () => {
	const utf16 = (text: string, littleEndian: boolean) => {
		const bytes = new Uint8Array(text.length * 2);
		const view = new DataView(bytes.buffer);
		for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
		return bytes;
	};

	it.each<[string, Uint8Array, string]>([
		['a UTF-8 BOM', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'utf-8'],
		['a UTF-16 LE BOM', Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), 'utf-16le'],
		['a UTF-16 BE BOM', Uint8Array.from([0xfe, 0xff, 0x00, 0x61]), 'utf-16be'],
		['UTF-16 LE without a BOM', utf16('customer_id,timestamp\nc1,2024-03-01\n', true), 'utf-16le'],
		['UTF-16 BE without a BOM', utf16('customer_id,timestamp\nc1,2024-03-01\n', false), 'utf-16be'],
		['ASCII', new TextEncoder().encode('a,b\n1,2\n'), 'utf-8'],
		['UTF-8 with accents', new TextEncoder().encode('name\nJosé\nZoë\n'), 'utf-8'],
		['UTF-8 cut inside a character at the end of the sample', new TextEncoder().encode('name\nJos\u00e9').subarray(0, 9), 'utf-8'],
		['Windows-1252 (é as one byte)', Uint8Array.from([0x52, 0x65, 0x6e, 0xe9, 0x0a]), 'windows-1252'],
		['the latin1.csv fixture', fixture('latin1.csv'), 'windows-1252']
	])('%s', (_, bytes, expected) => {
		expect(detectEncoding(bytes)).toBe(expected);
	});
});

describe('detectFormat', () => {
	it.each([
		['[{"a": 1}]', 'json'],
		['\uFEFF  \n[{"a": 1}]', 'json'],
		['{"a": 1}\n{"a": 2}\n', 'ndjson'],
		['{"a": 1}\r\n{"a": 2}\r\n', 'ndjson'],
		['{\n  "data": [{"a": 1}]\n}', 'json'],
		['a,b\n1,2\n', 'csv'],
		['"a";"b"\n', 'csv']
	])('%j is %s', (sample, expected) => {
		expect(detectFormat(sample)).toBe(expected);
	});
});
