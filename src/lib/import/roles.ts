/** Which column holds what: detected from header names. */

export type Role = 'customer' | 'timestamp' | 'event' | 'value';

/** Column index per role; -1 when the file has no such column. */
export type ColumnMapping = Record<Role, number>;

export const REQUIRED_ROLES: Role[] = ['customer', 'timestamp', 'event'];

export const ROLE_LABELS: Record<Role, string> = {
	customer: 'customer id',
	timestamp: 'timestamp',
	event: 'event name',
	value: 'value'
};

/** Header names that say what a column is, best first. Compared lower-cased, without spaces, '-', '_' and '.'. */
export const ROLE_HEADERS: Record<Role, string[]> = {
	customer: [
		'customerid', 'contactid', 'clientid', 'userid', 'accountid', 'leadid', 'personid', 'memberid', 'buyerid',
		'visitorid', 'customer', 'contact', 'client', 'user', 'account', 'email', 'emailaddress', 'id'
	],
	timestamp: [
		'timestamp', 'eventtime', 'eventdate', 'occurredat', 'createdat', 'datetime', 'time', 'date', 'ts', 'when'
	],
	event: ['event', 'eventname', 'eventtype', 'action', 'activity', 'activitytype', 'type', 'stage'],
	value: ['value', 'amount', 'revenue', 'price', 'total', 'sum', 'sales']
};

/** Header names to suggest in messages. */
export const ROLE_EXAMPLES: Record<Role, string> = {
	customer: 'customer_id, contact id or email',
	timestamp: 'timestamp, date or created_at',
	event: 'event, event_name or action',
	value: 'value, amount or revenue'
};

function normalizeHeader(header: string): string {
	return header.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** Gives each role the column whose header ranks best for it; a column serves one role at most. */
export function detectRoles(header: string[]): ColumnMapping {
	const names = header.map(normalizeHeader);
	const mapping: ColumnMapping = { customer: -1, timestamp: -1, event: -1, value: -1 };
	const taken = new Set<number>();
	for (const role of Object.keys(ROLE_HEADERS) as Role[]) {
		for (const candidate of ROLE_HEADERS[role]) {
			const column = names.findIndex((name, i) => name === candidate && !taken.has(i));
			if (column >= 0) {
				mapping[role] = column;
				taken.add(column);
				break;
			}
		}
	}
	return mapping;
}
