/**
 * Lines of an orders file to purchase and refund events (the contract in docs/orders.md): the lines of one order,
 * consecutive or not, become one `purchase` at the order's first date, valued at the order's revenue; refunds and
 * cancellations become `refund` events with a negative value. Money is summed in integer cents and divided once.
 */
import { PURCHASE_EVENT, REFUND_EVENT } from '../engine/purchases';
import { Dictionary, hashOf } from '../engine/table';
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

/** Strings one after the other: `ends[i]` is where the i-th ends. One string moves between workers as one copy. */
export interface PackedStrings {
	text: string;
	ends: Uint32Array;
}

const packStrings = (values: string[]): PackedStrings => {
	const ends = new Uint32Array(values.length);
	let end = 0;
	values.forEach((value, i) => (ends[i] = end += value.length));
	return { text: values.join(''), ends };
};

const stringAt = ({ text, ends }: PackedStrings, i: number) => text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);

/** Per order, in `GatheredOrders.figures`: time, lineCents, discountCents, totalCents, refundedCents. */
const FIGURES = 5;

/**
 * The orders a later part of a file read in parts gathered, already written as rows of that part: order i's rows
 * are firstRow (i = 0) or rowEnds[i - 1] up to rowEnds[i]; the rows before firstRow are lines without an order id.
 */
export interface GatheredOrders {
	ids: PackedStrings;
	/** hashOf each id (engine/table.ts), computed in the part's worker. */
	idHashes: Uint32Array;
	customers: PackedStrings;
	firstRow: number;
	rowEnds: Uint32Array;
	figures: Float64Array;
	refunded: Uint8Array;
	/** 1 for an order rejected when written (the part's `orderRejects` has its reject). */
	rejected: Uint8Array;
}

/** The buffers of gathered orders, to move rather than copy. */
export const gatheredBuffers = (g: GatheredOrders): ArrayBuffer[] => [g.ids.ends, g.idHashes, g.customers.ends, g.rowEnds, g.figures, g.refunded, g.rejected].map((a) => a.buffer as ArrayBuffer);

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

	/**
	 * Writes every gathered order (a later part of a file read in parts, in its own worker) and tells the part before
	 * what it needs to join them (`join`): each order's id, figures and the rows it wrote, in arrays that move between
	 * workers without copying (a message of one object per order cost more than the orders' writing).
	 * `rowCount()`: the rows written so far.
	 */
	finishPart(rowCount: () => number): GatheredOrders {
		const orders = this.orders;
		const n = orders.length;
		const idHashes = new Uint32Array(n);
		const rowEnds = new Uint32Array(n);
		const figures = new Float64Array(n * FIGURES);
		const refunded = new Uint8Array(n);
		const rejected = new Uint8Array(n);
		const firstRow = rowCount();
		orders.forEach((order, i) => {
			idHashes[i] = hashOf(order.id);
			const f = i * FIGURES;
			figures[f] = order.time;
			figures[f + 1] = order.lineCents;
			figures[f + 2] = order.discountCents;
			figures[f + 3] = order.totalCents;
			figures[f + 4] = order.refundedCents;
			refunded[i] = order.refunded ? 1 : 0;
			emitOrder(order, this.emit);
			rowEnds[i] = rowCount();
			rejected[i] = order.rejected ? 1 : 0;
		});
		const gathered = { ids: packStrings(orders.map((o) => o.id)), idHashes, customers: packStrings(orders.map((o) => o.customerId)), firstRow, rowEnds, figures, refunded, rejected };
		this.clear();
		return gathered;
	}

	/**
	 * Adds to the orders here the lines that the next part of the file has of them (`finishPart`), as if they had been
	 * added one by one; returns, per order of that part, 1 when it joined an order here (its rows are then not the
	 * order's: they are to be left out), else 0.
	 */
	join(later: GatheredOrders): Uint8Array {
		const joined = new Uint8Array(later.rowEnds.length);
		for (let i = 0; i < joined.length; i++) {
			const code = this.ids.lookup(stringAt(later.ids, i), later.idHashes[i]);
			if (code < 0) continue;
			joined[i] = 1;
			const [time, lineCents, discountCents, totalCents, refundedCents] = later.figures.subarray(i * FIGURES, (i + 1) * FIGURES);
			joinOrder(this.orders[code], { customerId: stringAt(later.customers, i), time, lineCents, discountCents, totalCents, refundedCents, refunded: later.refunded[i] === 1 });
		}
		this.current = null;
		return joined;
	}

	/** Every gathered order's events, in the order the orders first appeared. */
	finish(): void {
		for (const order of this.orders) emitOrder(order, this.emit);
		this.clear();
	}

	private clear() {
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
function joinOrder(order: Order, later: Pick<Order, 'customerId' | 'time' | 'lineCents' | 'discountCents' | 'totalCents' | 'refundedCents' | 'refunded'>) {
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
