import { describe, expect, it } from 'vitest';
import { detectMapping, headerSignature, missingRoles, normalizeHeader, stageDateEvent } from '../../../src/lib/import/roles';
import type { ColumnMapping, ColumnSpec, Role, Shape } from '../../../src/lib/base/source-types';

const rolesOf = (header: string[], rows: string[][]) => detectMapping(header, rows).mapping.columns.map((c) => c.role);

describe('normalizeHeader', () => {
	it.each([
		['Mã khách hàng', 'makhachhang'],
		['Ngày', 'ngay'],
		['Sự kiện', 'sukien'],
		['Đơn hàng', 'donhang'],
		['Doanh thu', 'doanhthu'],
		['Acción', 'accion'],
		[' Created.At ', 'createdat'],
		['E-mail', 'email'],
		['customer_id', 'customerid'],
		['Became a Lead Date', 'becamealeaddate']
	])('%j → %j', (header, expected) => {
		expect(normalizeHeader(header)).toBe(expected);
	});
});

describe('detectMapping', () => {
	it.each<[string, string[], string[][], ColumnSpec[]]>([
		[
			'English',
			['customer_id', 'timestamp', 'event', 'value'],
			[
				['c1', '2024-03-01 09:30', 'signup', ''],
				['c2', '2024-03-02 10:00', 'purchase', '19.99'],
				['c1', '2024-03-03 11:15', 'purchase', '1,250.00']
			],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'event' }, { role: 'value', decimal: '.' }]
		],
		[
			'Vietnamese',
			['Mã khách hàng', 'Ngày', 'Sự kiện', 'Doanh thu'],
			[
				['KH001', '01/03/2024', 'đăng ký', ''],
				['KH002', '15/03/2024', 'mua hàng', '1.250.000'],
				['KH001', '20/03/2024', 'mua hàng', '350.000']
			],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'dmy' }, { role: 'event' }, { role: 'value', decimal: ',' }]
		],
		[
			'Spanish',
			['ID cliente', 'Fecha', 'Evento', 'Importe'],
			[
				['C-1', '01/03/2024 09:30', 'registro', ''],
				['C-2', '15/03/2024 10:00', 'compra', '1.234,56'],
				['C-1', '20/03/2024 18:45', 'compra', '12,50']
			],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'dmy' }, { role: 'event' }, { role: 'value', decimal: ',' }]
		],
		[
			'Dutch',
			['Klantnummer', 'Datum', 'Gebeurtenis', 'Bedrag'],
			[
				['1001', '01-03-2024', 'aanmelding', ''],
				['1002', '15-03-2024', 'aankoop', '1.234,56'],
				['1001', '20-03-2024', 'aankoop', '12,50']
			],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'dmy' }, { role: 'event' }, { role: 'value', decimal: ',' }]
		],
		[
			'columns in another order, month-first dates',
			['Amount', 'Event Name', 'Contact ID', 'Date'],
			[
				['$10.00', 'signup', 'a', '03/01/2024'],
				['$1,000.00', 'purchase', 'b', '03/15/2024'],
				['', 'signup', 'c', '03/16/2024']
			],
			[{ role: 'value', decimal: '.' }, { role: 'event' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'mdy' }]
		],
		[
			'epoch seconds under a date header',
			['user_id', 'ts', 'action'],
			[
				['u1', '1709285400', 'signup'],
				['u2', '1709373600', 'signup'],
				['u3', '1709648100', 'purchase']
			],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'epoch-s' }, { role: 'event' }]
		]
	])('%s: an event log', (_, header, rows, columns) => {
		const { mapping } = detectMapping(header, rows, 'Europe/Amsterdam');
		expect(mapping).toEqual({ shape: 'event-log', columns, timeZone: 'Europe/Amsterdam' });
		expect(missingRoles(mapping)).toEqual([]);
	});

	it('an orders file (customer, order date, amount; no event) has the orders shape', () => {
		const { mapping } = detectMapping(
			['Order ID', 'Customer', 'Order Date', 'Total'],
			[
				['1001', 'ann@example.com', '03/01/2024', '$1,234.50'],
				['1002', 'bob@example.com', '03/15/2024', '$12.00'],
				['1003', 'ann@example.com', '04/02/2024', '($12.00)']
			]
		);
		expect(mapping).toEqual({
			shape: 'orders',
			columns: [{ role: 'order', cancelPrefix: 'C' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'mdy' }, { role: 'value', decimal: '.' }],
			timeZone: 'UTC'
		});
		expect(missingRoles(mapping)).toEqual([]);
	});

	it.each<[string, string[], string[][], Role[]]>([
		['contact id and lifecycle stage', ['contact id', 'lifecycle stage'], [['1', 'lead'], ['2', 'customer'], ['3', 'lead']], ['customer', 'stage']],
		[
			'with an optional date',
			['Contact ID', 'Lifecycle Stage', 'Date'],
			[['1', 'lead', '2024-03-01'], ['2', 'customer', ''], ['3', 'mql', '2024-03-10']],
			['customer', 'stage', 'timestamp']
		],
		['Spanish', ['ID cliente', 'Etapa'], [['C-1', 'cliente'], ['C-2', 'prospecto'], ['C-3', 'cliente']], ['customer', 'stage']],
		['Vietnamese', ['Mã khách hàng', 'Giai đoạn'], [['KH1', 'khách hàng'], ['KH2', 'tiềm năng'], ['KH3', 'khách hàng']], ['customer', 'stage']]
	])('a snapshot: %s', (_, header, rows, roles) => {
		const { mapping } = detectMapping(header, rows);
		expect(mapping.shape).toBe('snapshot');
		expect(mapping.columns.map((c) => c.role)).toEqual(roles);
		expect(missingRoles(mapping)).toEqual([]);
	});

	it('takes a column of email addresses under an unknown header as the customer id', () => {
		const rows = [
			['ann@example.com', '2024-03-01', 'signup'],
			['bob@example.org', '2024-03-02', 'signup'],
			['ann@example.com', '2024-03-05', 'purchase']
		];
		expect(rolesOf(['Mail', 'Date', 'Event'], rows)).toEqual(['customer', 'timestamp', 'event']);
		// Not when fewer than 9 in 10 values are addresses.
		const mixed = Array.from({ length: 10 }, (_, i) => [i < 8 ? `user${i}@example.com` : `user ${i}`, '2024-03-01', 'signup']);
		expect(rolesOf(['Mail', 'Date', 'Event'], mixed)[0]).not.toBe('customer');
		expect(rolesOf(['Mail', 'Date', 'Event'], mixed.slice(0, 9).concat([mixed[0]]))[0]).toBe('customer');
	});

	it('finds the timestamp by its values when no header names it', () => {
		const rows = [
			['c1', '2024-03-01 09:30', 'signup'],
			['c2', '2024-03-02 10:00', 'signup'],
			['c1', '2024-03-05 14:15', 'purchase']
		];
		expect(detectMapping(['customer', 'when it happened', 'event'], rows).mapping.columns[1]).toEqual({ role: 'timestamp', dateFormat: 'iso' });
	});

	it('reads a HubSpot contacts export as stage dates', () => {
		const header = [
			'Record ID',
			'First Name',
			'Last Name',
			'Email',
			'Lifecycle Stage',
			'Create Date',
			'Became a Subscriber Date',
			'Became a Lead Date',
			'Became a Marketing Qualified Lead Date',
			'Became a Sales Qualified Lead Date',
			'Became an Opportunity Date',
			'Became a Customer Date',
			'Became an Evangelist Date',
			'Original Source'
		];
		const rows = [
			['101', 'Ann', 'Lee', 'ann@example.com', 'Customer', '2024-03-01 09:30', '', '2024-03-01 09:30', '2024-03-04 11:00', '2024-03-08 15:45', '2024-03-12 10:00', '2024-03-20 16:30', '', 'Organic Search'],
			['102', 'Bao', 'Tran', 'bao@example.com', 'Lead', '2024-03-02 10:15', '', '2024-03-02 10:15', '', '', '', '', '', 'Paid Social'],
			['103', 'Carmen', 'Ruiz', 'carmen@example.com', 'Marketing Qualified Lead', '2024-03-03 08:00', '', '2024-03-03 08:00', '2024-03-06 09:00', '', '', '', '', 'Organic Search'],
			['104', 'Daan', 'de Vries', 'daan@example.com', 'Subscriber', '2024-03-04 12:00', '2024-03-04 12:00', '', '', '', '', '', '', 'Paid Social'],
			['105', 'Emma', 'Jansen', 'emma@example.com', 'Lead', '2024-03-05 14:20', '', '2024-03-05 14:20', '', '', '', '', '', 'Organic Search'],
			['106', 'Farid', 'Haddad', 'farid@example.com', 'Lead', '2024-03-06 16:00', '', '2024-03-06 16:00', '', '', '', '', '', 'Paid Social'],
			['107', 'Grace', 'Kim', 'grace@example.com', 'Evangelist', '2024-02-10 09:00', '', '2024-02-10 09:00', '', '', '', '2024-02-28 09:00', '2024-03-25 09:00', 'Organic Search'],
			['108', 'Hugo', 'Martin', 'hugo@example.com', 'Customer', '2024-03-08 11:45', '', '', '', '', '', '2024-03-08 11:45', '', 'Paid Social']
		];
		const { mapping } = detectMapping(header, rows);
		expect(mapping.shape).toBe('stage-dates');
		const stageDate = (event: string): ColumnSpec => ({ role: 'stage-date', event, dateFormat: 'iso' });
		expect(mapping.columns).toEqual([
			{ role: 'ignore' }, // Record ID: Email ranks before it as the customer id
			{ role: 'ignore' }, // 8 distinct first names in 8 rows: no attribute
			{ role: 'ignore' },
			{ role: 'customer' },
			{ role: 'stage' },
			{ role: 'timestamp', dateFormat: 'iso' },
			stageDate('subscriber'),
			stageDate('lead'),
			stageDate('mql'),
			stageDate('sql'),
			stageDate('opportunity'),
			stageDate('customer'),
			stageDate('evangelist'),
			{ role: 'attribute' } // two sources in 8 rows
		]);
		expect(missingRoles(mapping)).toEqual([]);
	});

	it('makes a low-cardinality text column an attribute, and not a column of unique names, numbers or dates', () => {
		const channels = ['web', 'email', 'ads'];
		const rows = Array.from({ length: 20 }, (_, i) => [
			`c${i % 5}`,
			`2024-03-${String(i + 1).padStart(2, '0')}`,
			i % 2 ? 'signup' : 'purchase',
			channels[i % 3],
			`Person ${i}`,
			String(i * 7),
			`2024-04-${String(i + 1).padStart(2, '0')}`
		]);
		expect(rolesOf(['customer_id', 'date', 'event', 'channel', 'name', 'score', 'renewal'], rows)).toEqual([
			'customer',
			'timestamp',
			'event',
			'attribute',
			'ignore',
			'ignore',
			'ignore'
		]);
		// With 20 rows an attribute may have up to 5 values (a quarter of the rows); 6 is too many.
		const six = rows.map((r, i) => [...r.slice(0, 3), `plan ${i % 6}`]);
		const five = rows.map((r, i) => [...r.slice(0, 3), `plan ${i % 5}`]);
		expect(rolesOf(['customer_id', 'date', 'event', 'plan'], six)[3]).toBe('ignore');
		expect(rolesOf(['customer_id', 'date', 'event', 'plan'], five)[3]).toBe('attribute');
	});

	it('leaves a value column unassigned when too few of its values are numbers', () => {
		const rows = [
			['c1', '2024-03-01', 'signup', 'n/a'],
			['c2', '2024-03-02', 'signup', 'none'],
			['c3', '2024-03-03', 'purchase', '12.50']
		];
		expect(rolesOf(['customer_id', 'date', 'event', 'amount'], rows)[3]).not.toBe('value');
	});

	// Ported from detectRoles: header names in any case and punctuation, any order.
	it.each<[string[], string[], Role[]]>([
		[['customer_id', 'timestamp', 'event', 'value'], ['c1', '2024-03-01', 'signup', '1'], ['customer', 'timestamp', 'event', 'value']],
		[['Contact ID', 'Event Name', 'Date', 'Amount'], ['c1', 'signup', '2024-03-01', '1'], ['customer', 'event', 'timestamp', 'value']],
		[['revenue', 'Activity-Type', 'Created.At', 'E-mail'], ['1', 'signup', '2024-03-01', 'a@b.co'], ['value', 'event', 'timestamp', 'customer']],
		[['EMAIL', ' occurred_at ', 'ACTION'], ['a@b.co', '2024-03-01', 'signup'], ['customer', 'timestamp', 'event']],
		[['Customer Email', 'Order Date', 'Total'], ['a@b.co', '2024-03-01', '1'], ['customer', 'timestamp', 'value']],
		// 'stage' is no event name any more: without one, the file is a snapshot with a value.
		[['user', 'ts', 'stage', 'price'], ['u', '2024-03-01', 'lead', '1'], ['customer', 'timestamp', 'stage', 'value']]
	])('%j', (header, row, roles) => {
		// Three rows with distinct text, so that no other column passes for an attribute.
		const rows = [0, 1, 2].map((i) => row.map((v) => (/^\d/.test(v) || v.includes('@') ? v : `${v}${i}`)));
		expect(rolesOf(header, rows)).toEqual(roles);
	});

	const distinctRows = (width: number, dateColumns: number[]) =>
		[1, 2, 3].map((i) => Array.from({ length: width }, (_, c) => (dateColumns.includes(c) ? `2024-03-0${i}` : `v${c}-${i}`)));

	it('picks the best-ranked header for a role, wherever its column is', () => {
		// customer_id ranks before email, which ranks before id; timestamp before date; an equal name before a contained word.
		const first = rolesOf(['id', 'email', 'date', 'customer_id', 'timestamp', 'event'], distinctRows(6, [2, 4]));
		expect(first.indexOf('customer')).toBe(3);
		expect(first.indexOf('timestamp')).toBe(4);
		const second = rolesOf(['id', 'email', 'event', 'date'], distinctRows(4, [3]));
		expect(second.indexOf('customer')).toBe(1);
		expect(second.indexOf('timestamp')).toBe(3);
		expect(rolesOf(['customer_name', 'customer_id', 'date', 'event'], distinctRows(4, [2])).indexOf('customer')).toBe(1);
	});

	it('takes the first of two columns with the same name, and gives each role to one column only', () => {
		expect(rolesOf(['event', 'user_id', 'event', 'date'], distinctRows(4, [3]))).toEqual(['event', 'customer', 'ignore', 'timestamp']);
		const roles = rolesOf(['Customer ID', 'customer-id', 'Event', 'EVENT', 'Date', 'value', 'Value'], distinctRows(7, [4]).map((r) => [...r.slice(0, 5), '1', '2']));
		for (const role of ['customer', 'event', 'timestamp', 'value'] as Role[]) expect(roles.filter((r) => r === role), role).toHaveLength(1);
		expect(roles).toEqual(['customer', 'ignore', 'event', 'ignore', 'timestamp', 'value', 'ignore']);
	});
});

describe('stageDateEvent', () => {
	it.each<[string, string | null]>([
		['Became a Lead Date', 'lead'],
		['Became a Marketing Qualified Lead Date', 'mql'],
		['Became a Sales Qualified Lead Date', 'sql'],
		['Became an Opportunity Date', 'opportunity'],
		['Became a Customer Date', 'customer'],
		['Became an Evangelist Date', 'evangelist'],
		['Became a Subscriber Date', 'subscriber'],
		['Became a Other Date', 'other'],
		['became a lead date', 'lead'],
		['  Became a Lead Date  ', 'lead'],
		['Date entered Customer (Lifecycle Stage Pipeline)', 'customer'],
		['Date entered Marketing Qualified Lead', 'mql'],
		['Date became a customer', 'customer'],
		['Became a Trial User Date', 'trial user'],
		['Create Date', null],
		['Last Modified Date', null],
		['Lifecycle Stage', null],
		['Email', null],
		['Became a Lead', null]
	])('%j → %j', (header, expected) => {
		expect(stageDateEvent(header)).toBe(expected);
	});
});

describe('missingRoles', () => {
	const mapping = (shape: Shape, roles: Role[]): ColumnMapping => ({ shape, columns: roles.map((role) => ({ role })), timeZone: 'UTC' });

	it.each<[Shape, Role[], string[]]>([
		['event-log', ['customer', 'timestamp', 'event'], []],
		['event-log', ['customer', 'timestamp', 'attribute'], ['event name']],
		['event-log', ['ignore', 'ignore'], ['customer id', 'timestamp', 'event name']],
		['orders', ['customer', 'timestamp', 'value'], []],
		['orders', ['customer', 'timestamp'], ['value']],
		['snapshot', ['customer', 'stage'], []],
		['snapshot', ['customer', 'event'], ['lifecycle stage']],
		['stage-dates', ['customer', 'stage-date', 'stage-date'], []],
		['stage-dates', ['customer', 'timestamp'], ['stage date']]
	])('%s with %j is missing %j', (shape, roles, missing) => {
		expect(missingRoles(mapping(shape, roles))).toEqual(missing);
	});
});

describe('headerSignature', () => {
	it('ignores spaces around names but not their order or case', () => {
		expect(headerSignature([' customer_id', 'date '])).toBe(headerSignature(['customer_id', 'date']));
		expect(headerSignature(['date', 'customer_id'])).not.toBe(headerSignature(['customer_id', 'date']));
		expect(headerSignature(['Date'])).not.toBe(headerSignature(['date']));
		expect(headerSignature(['a,b'])).not.toBe(headerSignature(['a', 'b']));
	});
});
