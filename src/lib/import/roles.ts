/**
 * Which column holds what, and which shape the file has: detected from header names in
 * English, Vietnamese, Spanish and Dutch, and from the values.
 */
import { detectDateFormat, type DateFormat } from './dates';
import { detectDecimalMark, type DecimalMark } from './numbers';

export type Role = 'customer' | 'timestamp' | 'event' | 'value' | 'stage' | 'stage-date' | 'attribute' | 'ignore';

export type Shape = 'event-log' | 'stage-dates' | 'orders' | 'snapshot';

export interface ColumnSpec {
	role: Role;
	/** stage-date: the event each date becomes (a stage id of the lead lifecycle, or the header). */
	event?: string;
	/** timestamp and stage-date columns. */
	dateFormat?: DateFormat;
	/** value columns. */
	decimal?: DecimalMark;
}

export interface ColumnMapping {
	shape: Shape;
	columns: ColumnSpec[];
	/** IANA zone for times written without a zone. */
	timeZone: string;
}

export const ROLE_LABELS: Record<Role, string> = {
	customer: 'customer id',
	timestamp: 'timestamp',
	event: 'event name',
	value: 'value',
	stage: 'lifecycle stage',
	'stage-date': 'stage date',
	attribute: 'attribute',
	ignore: 'ignore'
};

export const SHAPE_LABELS: Record<Shape, string> = {
	'event-log': 'Event log (one row per event)',
	'stage-dates': 'Stage dates (one row per contact, a date column per stage)',
	orders: 'Orders (customer, date, amount)',
	snapshot: 'Current stage (customer, stage, optional date)'
};

/** Header names to suggest in messages. */
export const ROLE_EXAMPLES: Record<'customer' | 'timestamp' | 'event' | 'value' | 'stage', string> = {
	customer: 'customer_id, contact id or email',
	timestamp: 'timestamp, date or created_at',
	event: 'event, event_name or action',
	value: 'value, amount or revenue',
	stage: 'lifecycle stage or status'
};

/** Lower case, no accents (ngày → ngay), no spaces or punctuation. */
export function normalizeHeader(header: string): string {
	return header
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '');
}

/** Normalised header names per role, best first; a header that equals one scores above one that contains it. */
const HEADERS: Record<'customer' | 'timestamp' | 'event' | 'value' | 'stage', string[]> = {
	customer: [
		// English
		'customerid', 'contactid', 'clientid', 'userid', 'accountid', 'leadid', 'personid', 'memberid', 'buyerid', 'visitorid',
		'customer', 'contact', 'client', 'user', 'account', 'email', 'emailaddress', 'recordid',
		// Vietnamese
		'makhachhang', 'idkhachhang', 'khachhang', 'makh',
		// Spanish
		'idcliente', 'cliente', 'codigocliente', 'numerodecliente', 'correo', 'correoelectronico', 'usuario',
		// Dutch
		'klantid', 'klantnummer', 'klant', 'relatienummer', 'relatie', 'emailadres', 'gebruiker',
		'id'
	],
	timestamp: [
		'timestamp', 'eventtime', 'eventdate', 'occurredat', 'createdat', 'datetime', 'orderdate', 'purchasedate',
		'invoicedate', 'transactiondate', 'date', 'time', 'ts', 'when', 'createdate',
		'thoigian', 'ngaygio', 'ngaydathang', 'ngay',
		'fechayhora', 'fechapedido', 'fecha', 'hora',
		'datumtijd', 'besteldatum', 'tijdstip', 'datum', 'tijd'
	],
	event: [
		'event', 'eventname', 'eventtype', 'action', 'activity', 'activitytype', 'type',
		'sukien', 'hanhdong', 'loaisukien',
		'evento', 'accion', 'actividad', 'tipo',
		'gebeurtenis', 'actie', 'activiteit'
	],
	value: [
		'value', 'amount', 'revenue', 'price', 'total', 'sum', 'sales', 'ordervalue', 'orderamount', 'dealamount',
		'doanhthu', 'giatri', 'sotien', 'thanhtien', 'tongtien', 'tong',
		'importe', 'monto', 'valor', 'ingresos', 'precio', 'total',
		'bedrag', 'omzet', 'waarde', 'totaal', 'prijs'
	],
	stage: [
		'lifecyclestage', 'stage', 'lifecycle', 'status', 'customerstatus', 'leadstatus',
		'giaidoan', 'trangthai',
		'etapa', 'fase', 'estado',
		'levenscyclusfase', 'fase', 'status'
	]
};

/** HubSpot-style stage-date headers: "Became a Marketing Qualified Lead Date", "Date entered Customer". */
const STAGE_DATE_HEADER = /^(?:became an? (.+?) date|date entered (.+?)(?: \(.*\))?|date became an? (.+?))$/i;

/** Stage names in those headers, normalised, to the lead lifecycle's event names. */
const LEAD_STAGE_EVENTS: Record<string, string> = {
	subscriber: 'subscriber',
	lead: 'lead',
	marketingqualifiedlead: 'mql',
	mql: 'mql',
	salesqualifiedlead: 'sql',
	sql: 'sql',
	opportunity: 'opportunity',
	salesqualifiedopportunity: 'opportunity',
	customer: 'customer',
	evangelist: 'evangelist',
	other: 'other'
};

/** The event a stage-date header stands for, or null when the header is not one. */
export function stageDateEvent(header: string): string | null {
	const m = STAGE_DATE_HEADER.exec(header.trim());
	if (!m) return null;
	const stage = (m[1] ?? m[2] ?? m[3]).trim();
	return LEAD_STAGE_EVENTS[normalizeHeader(stage)] ?? stage.toLowerCase();
}

type HeaderRole = keyof typeof HEADERS;

/** How well a header names a role: 3 equal, 2 contains the name as a word, 0 not at all. */
function headerScore(header: string, role: HeaderRole): number {
	const normalized = normalizeHeader(header);
	const words = header
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	let best = 0;
	HEADERS[role].forEach((name, rank) => {
		// Earlier names in the list win ties.
		const rankBonus = 1 - rank / (HEADERS[role].length + 1);
		if (normalized === name) best = Math.max(best, 3 + rankBonus);
		else if (name.length >= 4 && words.includes(name)) best = Math.max(best, 2 + rankBonus);
	});
	return best;
}

/** What a column's values look like. */
export interface ColumnProfile {
	nonEmpty: number;
	distinct: number;
	dates: { format: DateFormat | null; ambiguous: boolean; share: number };
	numbers: { decimal: DecimalMark; share: number };
	emails: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function profileColumn(values: string[], headerSaysDate: boolean): ColumnProfile {
	const nonEmpty = values.map((v) => v.trim()).filter((v) => v !== '');
	return {
		nonEmpty: nonEmpty.length,
		distinct: new Set(nonEmpty).size,
		dates: detectDateFormat(nonEmpty, headerSaysDate),
		numbers: detectDecimalMark(nonEmpty),
		emails: nonEmpty.filter((v) => EMAIL.test(v)).length
	};
}

/**
 * Detects the shape and every column's role from the header and sample rows.
 * Header names decide first; values confirm dates and numbers and fill gaps (an email column is a customer id).
 */
export function detectMapping(header: string[], rows: string[][], timeZone = 'UTC'): { mapping: ColumnMapping; profiles: ColumnProfile[] } {
	const valuesOf = (c: number) => rows.map((r) => r[c] ?? '');
	const stageDates = header.map(stageDateEvent);
	const profiles = header.map((h, c) => profileColumn(valuesOf(c), stageDates[c] !== null || headerScore(h, 'timestamp') > 0));
	const columns: ColumnSpec[] = header.map(() => ({ role: 'ignore' }));
	const taken = new Set<number>();

	const assign = (role: HeaderRole, accept: (c: number) => boolean) => {
		let best = -1;
		let bestScore = 0;
		header.forEach((h, c) => {
			if (taken.has(c) || stageDates[c] !== null || !accept(c)) return;
			const score = headerScore(h, role);
			if (score > bestScore) {
				best = c;
				bestScore = score;
			}
		});
		if (best >= 0) {
			columns[best] = { role };
			taken.add(best);
		}
		return best;
	};
	const isDate = (c: number) => profiles[c].nonEmpty === 0 || profiles[c].dates.format !== null;
	// The header already says value; most values must read as numbers (the rest are rejected, and shown).
	const isNumber = (c: number) => profiles[c].nonEmpty === 0 || profiles[c].numbers.share >= 0.5;

	let customer = assign('customer', () => true);
	if (customer < 0) {
		// No header says so: the column of email addresses is the customer id.
		customer = header.findIndex((_, c) => !taken.has(c) && profiles[c].nonEmpty > 0 && profiles[c].emails / profiles[c].nonEmpty >= 0.9);
		if (customer >= 0) {
			columns[customer] = { role: 'customer' };
			taken.add(customer);
		}
	}
	stageDates.forEach((event, c) => {
		if (event !== null && c !== customer) {
			columns[c] = { role: 'stage-date', event, dateFormat: profiles[c].dates.format ?? 'iso' };
			taken.add(c);
		}
	});
	let timestamp = assign('timestamp', isDate);
	if (timestamp < 0) {
		timestamp = header.findIndex((_, c) => !taken.has(c) && profiles[c].nonEmpty > 0 && profiles[c].dates.share >= 0.9 && profiles[c].dates.format !== null && !/^\d+(\.\d+)?$/.test(valuesOf(c).find((v) => v.trim()) ?? ''));
		if (timestamp >= 0) {
			columns[timestamp] = { role: 'timestamp' };
			taken.add(timestamp);
		}
	}
	const event = assign('event', () => true);
	const value = assign('value', isNumber);
	const stage = event < 0 ? assign('stage', () => true) : -1;

	for (const [c, spec] of columns.entries()) {
		if (spec.role === 'timestamp' || spec.role === 'stage-date') spec.dateFormat = profiles[c].dates.format ?? 'iso';
		if (spec.role === 'value') spec.decimal = profiles[c].numbers.decimal;
		// Other text columns with few distinct values are attributes to break down by (channel, country, plan).
		if (spec.role === 'ignore' && isAttributeLike(profiles[c], rows.length)) spec.role = 'attribute';
	}

	const stageDateCount = columns.filter((c) => c.role === 'stage-date').length;
	const shape: Shape =
		stageDateCount > 0 && event < 0 ? 'stage-dates' : event >= 0 ? 'event-log' : stage >= 0 ? 'snapshot' : value >= 0 ? 'orders' : 'event-log';
	return { mapping: { shape, columns, timeZone }, profiles };
}

function isAttributeLike(profile: ColumnProfile, rowCount: number): boolean {
	if (profile.nonEmpty === 0 || profile.dates.share >= 0.9 || profile.numbers.share >= 0.9) return false;
	return profile.distinct <= Math.max(2, Math.min(50, rowCount / 4));
}

/** What a shape needs before it can be imported; each missing role as a sentence. */
export function missingRoles(mapping: ColumnMapping): string[] {
	const has = (role: Role) => mapping.columns.some((c) => c.role === role);
	const need: Role[] =
		mapping.shape === 'event-log'
			? ['customer', 'timestamp', 'event']
			: mapping.shape === 'orders'
				? ['customer', 'timestamp', 'value']
				: mapping.shape === 'snapshot'
					? ['customer', 'stage']
					: ['customer', 'stage-date'];
	return need.filter((role) => !has(role)).map((role) => ROLE_LABELS[role]);
}

/** Columns with the same header, in the same order: a previous mapping can be reused. */
export function headerSignature(header: string[]): string {
	return JSON.stringify(header.map((h) => h.trim()));
}
