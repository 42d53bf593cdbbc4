/**
 * Which column holds what, and which shape the file has: detected from header names in
 * English, Vietnamese, Spanish and Dutch, and from the values.
 */
import { detectDateFormat } from './dates';
import { detectDecimalMark } from './numbers';
import type { ColumnMapping, ColumnSpec, DateFormat, DecimalMark, OrderRole, Role, Shape } from '../base/source-types';

export const ORDER_ROLES: readonly OrderRole[] = ['order', 'quantity', 'unit-price', 'discount', 'order-total', 'refund-amount', 'status'];

/** Roles whose values are amounts of money or counts, read with a decimal mark. */
export const NUMBER_ROLES: readonly Role[] = ['value', 'quantity', 'unit-price', 'discount', 'order-total', 'refund-amount'];

/** Roles one column at most may hold. */
export const SINGLE_ROLES: readonly Role[] = ['customer', 'timestamp', 'event', 'value', 'stage', ...ORDER_ROLES];

export const ROLE_LABELS: Record<Role, string> = {
	customer: 'customer id',
	timestamp: 'timestamp',
	event: 'event name',
	value: 'value',
	stage: 'lifecycle stage',
	'stage-date': 'stage date',
	order: 'order id',
	quantity: 'quantity',
	'unit-price': 'unit price',
	discount: 'discount',
	'order-total': 'order total',
	'refund-amount': 'refunded amount',
	status: 'order status',
	attribute: 'attribute',
	ignore: 'ignore'
};

export const SHAPE_LABELS: Record<Shape, string> = {
	'event-log': 'Event log (one row per event)',
	'stage-dates': 'Stage dates (one row per contact, a date column per stage)',
	orders: 'Orders (customer, date, amount; optionally order lines and refunds)',
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

/** Lower case without accents (ngày → ngay, đơn → don), however the accents were encoded (NFC or NFD). */
function foldAccents(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase();
}

/** Lower case, no accents (ngày → ngay), no spaces or punctuation. */
export function normalizeHeader(header: string): string {
	return foldAccents(header).replace(/[^a-z0-9]+/g, '');
}

/** Normalised header names per role, best first; a header that equals one scores above one that contains it. */
const HEADERS: Record<'customer' | 'timestamp' | 'event' | 'value' | 'stage' | Exclude<OrderRole, 'order'>, string[]> & { order: string[] } = {
	customer: [
		// English
		'customerid', 'contactid', 'clientid', 'userid', 'accountid', 'leadid', 'personid', 'memberid', 'buyerid', 'visitorid',
		// Named in full, above a bare "id" (Stripe's payment id when its Customer ID column is left out).
		'customeremail', 'contactemail', 'clientemail', 'buyeremail',
		'customer', 'contact', 'client', 'user', 'account', 'email', 'emailaddress', 'recordid',
		// Vietnamese
		'makhachhang', 'idkhachhang', 'emailkhachhang', 'khachhang', 'makh',
		// Spanish
		'idcliente', 'emailcliente', 'correocliente', 'cliente', 'codigocliente', 'numerodecliente', 'correo', 'correoelectronico', 'usuario',
		// Dutch
		'klantid', 'klantnummer', 'klantemail', 'emailklant', 'klant', 'relatienummer', 'relatie', 'emailadres', 'gebruiker',
		'id'
	],
	timestamp: [
		'timestamp', 'eventtime', 'eventdate', 'occurredat', 'createdat', 'createdutc', 'createddateutc', 'datetime', 'orderdate', 'purchasedate',
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
	],
	// Shopify's order number is its "Name" column ("#1001"); a column named Name counts only when its values say so.
	order: [
		'invoiceno', 'invoicenumber', 'invoiceid', 'orderid', 'ordernumber', 'orderno', 'invoice', 'order', 'name',
		'sodonhang', 'madonhang', 'donhang', 'sohoadon', 'mahoadon',
		'numerodepedido', 'numeropedido', 'idpedido', 'pedido', 'numerodefactura', 'factura',
		'bestelnummer', 'ordernummer', 'bestelling', 'factuurnummer', 'factuur'
	],
	quantity: [
		'quantity', 'qty', 'lineitemquantity', 'itemquantity', 'units', 'quantityordered',
		'soluong', 'sl',
		'cantidad', 'unidades',
		'aantal', 'hoeveelheid'
	],
	'unit-price': [
		'unitprice', 'price', 'lineitemprice', 'itemprice', 'priceeach', 'itemcost',
		'dongia', 'gia', 'giaban',
		'preciounitario', 'precio',
		'prijs', 'stukprijs', 'eenheidsprijs'
	],
	discount: [
		'discountamount', 'discount', 'discounttotal', 'cartdiscount', 'orderdiscount', 'cartdiscountamount', 'orderdiscountamount',
		'giamgia', 'chietkhau', 'tiengiamgia',
		'descuento', 'importedescuento',
		'korting', 'kortingsbedrag'
	],
	'order-total': [
		'total', 'ordertotal', 'ordertotalamount', 'grandtotal', 'totalamount', 'totalprice',
		'tongtien', 'tongcong', 'thanhtien', 'tong',
		'totalpedido', 'importetotal', 'total',
		'totaal', 'totaalbedrag', 'ordertotaal'
	],
	'refund-amount': [
		'refundedamount', 'amountrefunded', 'refundamount', 'refunded', 'orderrefundamount', 'refundedtotal', 'totalrefunded', 'refunds',
		'sotienhoan', 'tienhoan', 'hoantien',
		'importereembolsado', 'reembolsado', 'reembolso',
		'terugbetaaldbedrag', 'terugbetaald', 'terugbetaling'
	],
	status: [
		'financialstatus', 'paymentstatus', 'orderstatus', 'status',
		'trangthaithanhtoan', 'trangthaidonhang', 'trangthai',
		'estadodelpago', 'estadodelpedido', 'estado',
		'betaalstatus', 'bestelstatus', 'status'
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
	return LEAD_STAGE_EVENTS[normalizeHeader(stage)] ?? stage.normalize('NFC').toLowerCase();
}

type HeaderRole = keyof typeof HEADERS;

/** How well a header names a role: 3 equal, 2 contains the name as a word, 0 not at all. */
function headerScore(header: string, role: HeaderRole): number {
	const normalized = normalizeHeader(header);
	const words = foldAccents(header)
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
 * A file without a header (`headerless`, its columns named "Column 1"…) has its roles read from the values alone:
 * the first id-like column is the customer, dates (20240301 too) the timestamp, a text column of few names the
 * event, a column of amounts with decimals the value.
 */
export function detectMapping(header: string[], rows: string[][], timeZone = 'UTC', headerless = false): { mapping: ColumnMapping; profiles: ColumnProfile[] } {
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

	/** The first column not yet taken whose values `accept`, for `role`; -1 when none. */
	const takeFirst = (role: Role, accept: (c: number) => boolean) => {
		const c = header.findIndex((_, c) => !taken.has(c) && profiles[c].nonEmpty > 0 && accept(c));
		if (c >= 0) {
			columns[c] = { role };
			taken.add(c);
		}
		return c;
	};
	const isDateLike = (c: number) => profiles[c].dates.share >= 0.9 && profiles[c].dates.format !== null;
	const hasDecimals = (c: number) => valuesOf(c).some((v) => /^-?\d*[.,]\d+$/.test(v.trim()));

	let customer = assign('customer', () => true);
	// No header says so: the column of email addresses is the customer id; without a header, the first id-like column.
	if (customer < 0) customer = takeFirst('customer', (c) => profiles[c].emails / profiles[c].nonEmpty >= 0.9);
	if (customer < 0 && headerless) customer = takeFirst('customer', (c) => !isDateLike(c) && !hasDecimals(c));
	stageDates.forEach((event, c) => {
		if (event !== null && c !== customer) {
			columns[c] = { role: 'stage-date', event, dateFormat: profiles[c].dates.format ?? 'iso' };
			taken.add(c);
		}
	});
	let timestamp = assign('timestamp', isDate);
	// Values that read as dates, but not plain numbers (which read as Excel serials or Unix times), unless, without a
	// header, they are 20240301.
	const notANumber = (c: number) => !/^\d+(\.\d+)?$/.test(valuesOf(c).find((v) => v.trim()) ?? '');
	if (timestamp < 0) timestamp = takeFirst('timestamp', (c) => isDateLike(c) && (notANumber(c) || (headerless && profiles[c].dates.format === 'compact')));
	let event = assign('event', () => true);
	if (event < 0 && headerless) event = takeFirst('event', (c) => profiles[c].numbers.share < 0.5 && !isDateLike(c) && isAttributeLike(profiles[c], rows.length));
	const money = event < 0 ? detectOrderColumns(header, rows, profiles, columns, taken, assign, isNumber, [customer, timestamp]) : { value: -1, priced: false, orders: false };
	// Lines priced by quantity × unit price, or orders with a total, need no value column (Shopify's "Lineitem compare
	// at price" is no revenue).
	let value = money.value >= 0 ? money.value : money.priced ? -1 : assign('value', isNumber);
	if (value < 0 && !money.priced && headerless) value = takeFirst('value', (c) => profiles[c].numbers.share >= 0.9 && hasDecimals(c));
	// An order's status (paid, refunded) is no lifecycle stage.
	const stage = event < 0 && !money.orders ? assign('stage', () => true) : -1;

	for (const [c, spec] of columns.entries()) {
		if (spec.role === 'timestamp' || spec.role === 'stage-date') spec.dateFormat = profiles[c].dates.format ?? 'iso';
		if (NUMBER_ROLES.includes(spec.role)) spec.decimal = profiles[c].numbers.decimal;
		// Other text columns with few distinct values are attributes to break down by (channel, country, plan).
		if (spec.role === 'ignore' && isAttributeLike(profiles[c], rows.length)) spec.role = 'attribute';
	}

	const stageDateCount = columns.filter((c) => c.role === 'stage-date').length;
	const shape: Shape =
		stageDateCount > 0 && event < 0
			? 'stage-dates'
			: event >= 0
				? 'event-log'
				: stage >= 0
					? 'snapshot'
					: value >= 0 || money.priced
						? 'orders'
						: 'event-log';
	return { mapping: { shape, columns, timeZone }, profiles };
}

type Assign = (role: HeaderRole, accept: (c: number) => boolean) => number;

/** An order number as shops write it: "#1001", "536365", "C536379", "SO-2024-0042", "wc_123". */
const ORDER_ID = /^#?[A-Za-z]{0,4}[-_]?\d[\d-]*$/;
/** Status values of orders and payments, normalised (see normalizeHeader): a column of them is the order status. */
const ORDER_STATUS_WORDS = new Set([
	'paid', 'pending', 'authorized', 'refunded', 'partiallyrefunded', 'partiallypaid', 'voided', 'cancelled', 'canceled', 'failed',
	'succeeded', 'completed', 'processing', 'onhold', 'expired', 'declined', 'wccompleted', 'wcprocessing', 'wcrefunded', 'wccancelled',
	'dathanhtoan', 'chothanhtoan', 'dahoantien', 'hoantien', 'dahuy', 'huy', 'hoanthanh',
	'pagado', 'pendiente', 'reembolsado', 'cancelado', 'completado', 'fallido',
	'betaald', 'inafwachting', 'terugbetaald', 'geannuleerd', 'voltooid', 'mislukt'
]);

/**
 * The columns of an orders file: order id, quantity × unit price, discount, order total, refunded amount and status.
 * A unit price counts only beside a quantity, an order total only when the lines of one order repeat it (else it is
 * the line's value), a discount only where no total already includes it, a status only when its values are order
 * statuses. Returns the value column when one was taken as such, whether revenue can be had without a value column
 * (priced), and whether the file reads as orders at all.
 */
function detectOrderColumns(
	header: string[],
	rows: string[][],
	profiles: ColumnProfile[],
	columns: ColumnSpec[],
	taken: Set<number>,
	assign: Assign,
	isNumber: (c: number) => boolean,
	/** The customer and timestamp columns (-1 when none). */
	keys: number[]
): { value: number; priced: boolean; orders: boolean } {
	const valuesOf = (c: number) => rows.map((r) => (r[c] ?? '').trim());
	const release = (c: number) => {
		columns[c] = { role: 'ignore' };
		taken.delete(c);
	};
	assign('refund-amount', isNumber);
	const quantity = assign('quantity', isNumber);
	const unitPrice = quantity >= 0 ? assign('unit-price', isNumber) : -1;
	if (quantity >= 0 && unitPrice < 0) release(quantity);
	const priced = quantity >= 0 && unitPrice >= 0;

	const looksLikeOrderIds = (c: number) => {
		const values = valuesOf(c).filter((v) => v !== '');
		return values.length > 0 && values.filter((v) => ORDER_ID.test(v)).length >= 0.9 * values.length;
	};
	let order = assign('order', (c) => profiles[c].dates.share < 0.9 && looksLikeOrderIds(c));
	// By values: ids in runs. A card's expiry year repeats in runs as well, so outside a file of priced lines only ids
	// whose lines each share one customer and one time, as an order's lines do.
	const oneOrderEach = (c: number) => priced || (keys.every((k) => k >= 0) && keys.every((k) => isOrderLevel(valuesOf(c), valuesOf(k))));
	if (order < 0) {
		order = header.findIndex((_, c) => !taken.has(c) && repeatsInRuns(valuesOf(c)) && looksLikeOrderIds(c) && oneOrderEach(c));
		if (order >= 0) {
			columns[order] = { role: 'order' };
			taken.add(order);
		}
	}
	if (order >= 0) {
		const ids = valuesOf(order).filter((v) => v !== '');
		// The retail layout: numeric invoices, and cancellations numbered with a C in front.
		if (ids.every((id) => /^C?\d+$/.test(id))) columns[order].cancelPrefix = 'C';
	}

	// Order numbers without any money are not an orders file (a contacts export has record numbers too).
	const anyValue = header.some((h, c) => !taken.has(c) && isNumber(c) && (headerScore(h, 'value') > 0 || headerScore(h, 'order-total') > 0));
	if (order >= 0 && !priced && !anyValue && !columns.some((c) => c.role === 'refund-amount')) {
		release(order);
		order = -1;
	}
	let value = -1;
	let total = -1;
	if (order >= 0) {
		total = assign('order-total', (c) => isNumber(c) && isOrderLevel(valuesOf(order), valuesOf(c)));
		if (total < 0 && !priced) {
			// A total that varies within an order is a line amount.
			value = assign('order-total', isNumber);
			if (value >= 0) columns[value] = { role: 'value' };
		}
	}
	// A total already has the discount taken off.
	if (total < 0) assign('discount', isNumber);
	const status = assign('status', (c) => {
		const values = valuesOf(c).filter((v) => v !== '');
		return values.length > 0 && values.filter((v) => ORDER_STATUS_WORDS.has(normalizeHeader(v))).length >= 0.8 * values.length;
	});
	return { value, priced: priced || total >= 0, orders: priced || total >= 0 || order >= 0 || status >= 0 };
}

/** Ids written in runs, one per order: some repeat on consecutive rows, and few come back after another. */
function repeatsInRuns(values: string[]): boolean {
	let runs = 0;
	const distinct = new Set<string>();
	for (let i = 0; i < values.length; i++) {
		if (values[i] === '') continue;
		distinct.add(values[i]);
		if (i === 0 || values[i] !== values[i - 1]) runs++;
	}
	const nonEmpty = values.filter((v) => v !== '').length;
	return distinct.size > 1 && nonEmpty >= 1.2 * distinct.size && runs <= 1.1 * distinct.size;
}

/**
 * A column holds order-level figures when some order has several lines and, within every order, the column is
 * either the same on all lines or filled on its first line only (Shopify writes order fields on the first line).
 */
function isOrderLevel(orders: string[], values: string[]): boolean {
	const seen = new Map<string, string>();
	let repeated = false;
	for (let i = 0; i < orders.length; i++) {
		if (orders[i] === '') continue;
		const previous = seen.get(orders[i]);
		if (previous === undefined) {
			seen.set(orders[i], values[i]);
			continue;
		}
		repeated = true;
		if (values[i] !== '' && values[i] !== previous) return false;
	}
	return repeated;
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
				? ['customer', 'timestamp']
				: mapping.shape === 'snapshot'
					? ['customer', 'stage']
					: ['customer', 'stage-date'];
	const missing = need.filter((role) => !has(role)).map((role) => ROLE_LABELS[role]);
	// An order's revenue: a value per line, quantity × unit price per line, or a total per order.
	if (mapping.shape === 'orders' && !has('value') && !has('order-total') && !(has('quantity') && has('unit-price'))) {
		missing.push(has('quantity') ? ROLE_LABELS['unit-price'] : has('unit-price') ? ROLE_LABELS.quantity : ROLE_LABELS.value);
	}
	return missing;
}

/** Columns with the same header, in the same order: a previous mapping can be reused. */
export function headerSignature(header: string[]): string {
	return JSON.stringify(header.map((h) => h.trim()));
}
