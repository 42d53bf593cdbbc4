/**
 * Lines of an orders file to purchase and refund events (the contract in docs/orders.md): the lines of one order,
 * consecutive or not, become one `purchase` at the order's first date, valued at the order's revenue; refunds and
 * cancellations become `refund` events with a negative value. Money is summed in integer cents and divided once.
 */
import { PURCHASE_EVENT, REFUND_EVENT } from '../engine/purchases';
import { Dictionary } from '../engine/table';
import { normalizeHeader } from './roles';

/** What one line of an orders file says, its amounts already read (NaN where the field is empty). */
export interface OrderLine {
	/** '' when the file has no order column: the line is an order of its own. */
	orderId: string;
	/** '' when the line does not say (Shopify names the customer on an order's first line only). */
	customerId: string;
	/** NaN when the line has no date. */
	time: number;
	/** The line's own revenue: its value, or quantity × unit price. */
	amount: number;
	discount: number;
	orderTotal: number;
	refunded: number;
	status: OrderStatus;
	line: number;
}

export type OrderStatus = 'ok' | 'refunded' | 'failed';

/** Statuses, normalised, that undo an order (it was paid, then given back) or say it never was paid. */
const REFUNDED = new Set([
	'refunded', 'cancelled', 'canceled', 'voided', 'reversed', 'wcrefunded', 'wccancelled', 'refund',
	'dahoantien', 'hoantien', 'dahuy', 'huy',
	'reembolsado', 'cancelado', 'anulado', 'devuelto',
	'terugbetaald', 'geannuleerd', 'geretourneerd'
]);
const FAILED = new Set(['failed', 'declined', 'wcfailed', 'thatbai', 'fallido', 'rechazado', 'mislukt']);

export function orderStatus(text: string): OrderStatus {
	if (text === '') return 'ok';
	const status = normalizeHeader(text);
	return REFUNDED.has(status) ? 'refunded' : FAILED.has(status) ? 'failed' : 'ok';
}

/** Amounts to integer cents: the sums of an order stay exact (0.1 + 0.2 is 0.30, and a full refund nets 0). */
export const toCents = (amount: number): number => Math.round(amount * 100);

/** What an order becomes, handed to the converter: the event, and the order it came from. */
export type EmitEvent = (name: string, value: number, order: Order) => void;

export interface Order {
	id: string;
	customerId: string;
	time: number;
	/** The first line's number and attributes: where the order came from, and what it is broken down by. */
	line: number;
	attributes: string[] | null;
	/** Sum of the lines' own revenue, in cents; NaN while no line had an amount. */
	lineCents: number;
	/** Order-level figures, taken from the first line that has them, in cents; NaN when none did. */
	discountCents: number;
	totalCents: number;
	refundedCents: number;
	refunded: boolean;
	cancelled: boolean;
	/** The first line as text, kept only while the order has no customer, for the rejected-rows list. */
	raw?: string;
	/** Set by the converter when the order cannot be written (no customer or date on any line). */
	rejected?: boolean;
}

/**
 * Gathers order lines by order id. Consecutive lines of one order (the usual layout) only compare the id with the
 * current order's; lines of an order seen before join it wherever they are. Orders are found by a dictionary code
 * of their id (a hash computed in JS: V8 hashing each new id string costs microseconds in Chromium's import worker)
 * and written out in the order they first appeared.
 */
export class OrderBook {
	/** orders[code] is the order whose id has that code in `ids`. */
	private ids = new Dictionary();
	private orders: Order[] = [];
	private current: Order | null = null;

	constructor(
		/** An order id starting with this prefix is a cancellation ("C536379"); '' for none. */
		private readonly cancelPrefix: string,
		private readonly emit: EmitEvent
	) {}

	/** Adds a line; returns its order. A line without an order id is an order of its own, written at once. */
	add(line: OrderLine, attributes: string[] | null): Order {
		if (line.orderId === '') {
			const single = newOrder(line, attributes, '');
			addLine(single, line);
			emitOrder(single, this.emit);
			return single;
		}
		let order = this.current;
		if (order === null || order.id !== line.orderId) {
			const code = this.ids.code(line.orderId);
			if (code === this.orders.length) this.orders.push(newOrder(line, attributes, this.cancelPrefix));
			order = this.current = this.orders[code];
		}
		addLine(order, line);
		return order;
	}

	/** The orders gathered and not yet written, in the order they first appeared (one part of a file read in parts). */
	gathered(): Order[] {
		return this.orders;
	}

	/**
	 * Takes the orders another book gathered from the lines after these (`gathered()`): an order already here gets
	 * their lines as if they had been added one by one; the others follow, in their order.
	 */
	adopt(orders: Order[]): void {
		for (const later of orders) {
			const code = this.ids.code(later.id);
			if (code === this.orders.length) this.orders.push(later);
			else joinOrder(this.orders[code], later);
		}
		this.current = null;
	}

	/** Every gathered order's events, in the order the orders first appeared. */
	finish(): void {
		for (const order of this.orders) emitOrder(order, this.emit);
		this.ids = new Dictionary();
		this.orders = [];
		this.current = null;
	}
}

function newOrder(line: OrderLine, attributes: string[] | null, cancelPrefix: string): Order {
	return {
		id: line.orderId,
		customerId: '',
		time: NaN,
		line: line.line,
		attributes: attributes && attributes.slice(),
		lineCents: NaN,
		discountCents: NaN,
		totalCents: NaN,
		refundedCents: NaN,
		refunded: false,
		cancelled: cancelPrefix !== '' && line.orderId.startsWith(cancelPrefix)
	};
}

function addLine(order: Order, line: OrderLine) {
	if (order.customerId === '') order.customerId = line.customerId;
	if (Number.isNaN(order.time)) order.time = line.time;
	if (!Number.isNaN(line.amount)) order.lineCents = (Number.isNaN(order.lineCents) ? 0 : order.lineCents) + toCents(line.amount);
	if (Number.isNaN(order.discountCents)) order.discountCents = toCents(line.discount);
	if (Number.isNaN(order.totalCents)) order.totalCents = toCents(line.orderTotal);
	if (Number.isNaN(order.refundedCents)) order.refundedCents = toCents(line.refunded);
	if (line.status === 'refunded') order.refunded = true;
}

/** `later`'s lines added to `order`: what addLine would have made of them, the first value of each figure kept. */
function joinOrder(order: Order, later: Order) {
	if (order.customerId === '') order.customerId = later.customerId;
	if (Number.isNaN(order.time)) order.time = later.time;
	if (!Number.isNaN(later.lineCents)) order.lineCents = (Number.isNaN(order.lineCents) ? 0 : order.lineCents) + later.lineCents;
	if (Number.isNaN(order.discountCents)) order.discountCents = later.discountCents;
	if (Number.isNaN(order.totalCents)) order.totalCents = later.totalCents;
	if (Number.isNaN(order.refundedCents)) order.refundedCents = later.refundedCents;
	order.refunded ||= later.refunded;
}

/**
 * One order's events. Its revenue is the order total when there is one, else its lines' sum less the discount.
 * A cancellation (negative revenue, or a cancelled invoice number) is one refund of that amount; a paid order is a
 * purchase, followed by a refund of the refunded amount, or of the whole order when its status says refunded.
 */
function emitOrder(order: Order, emit: EmitEvent) {
	const revenue = Number.isNaN(order.totalCents)
		? Number.isNaN(order.lineCents)
			? NaN
			: order.lineCents - (Number.isNaN(order.discountCents) ? 0 : order.discountCents)
		: order.totalCents;
	if (order.cancelled || revenue < 0) {
		if (revenue !== 0) emit(REFUND_EVENT, -Math.abs(revenue) / 100, order);
		return;
	}
	emit(PURCHASE_EVENT, Number.isNaN(revenue) ? NaN : revenue / 100, order);
	const refunded = !Number.isNaN(order.refundedCents) && order.refundedCents !== 0 ? Math.abs(order.refundedCents) : order.refunded ? revenue : 0;
	if (refunded > 0) emit(REFUND_EVENT, -refunded / 100, order);
}
