/**
 * Lines of an orders file to purchase and refund events (the contract in docs/orders.md): the lines of one order,
 * consecutive or not, become one `purchase` at the order's first date, valued at the order's revenue; refunds and
 * cancellations become `refund` events with a negative value. Money is summed in integer cents and divided once.
 */
import { csvLine } from '../base/csv-writer';
import { PURCHASE_EVENT, REFUND_EVENT } from '../engine/purchases';
import { Dictionary, hashOf } from '../engine/table';
import { normalizeHeader } from './roles';
import { grown } from './typed-arrays';
import { codeAt } from './text-or-bytes';

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

/** What an order becomes, handed to the converter: the event, and the order it came from (read it in the book). */
export type EmitEvent = (name: string, value: number, order: number) => void;

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

/**
 * An order id as the number it writes (1 to 15 digits, no leading zero but "0": read back by String() as written),
 * or NaN for any other id ("C536379", "#1001", "007"), which is kept as text.
 */
export function idNumber(id: string): number {
	return idNumberOf(id, 0, id.length);
}

/** `idNumber` of a field's bytes (import/csv-bytes.ts): an order file's ids without their text. */
export function idNumberBytes(b: Uint8Array, start: number, end: number): number {
	return idNumberOf(b, start, end);
}

function idNumberOf(s: string | Uint8Array, start: number, end: number): number {
	const length = end - start;
	if (length === 0 || length > 15 || (length > 1 && codeAt(s, start) === 48)) return NaN;
	let value = 0;
	for (let i = start; i < end; i++) {
		const digit = codeAt(s, i) - 48;
		if (digit < 0 || digit > 9) return NaN;
		value = value * 10 + digit;
	}
	return value;
}

/**
 * Orders by their id's number, in typed arrays probed linearly (open addressing): no string hashed, no Map grown by
 * rehashing, nothing per order left to the garbage collector. Most order files number their orders.
 */
class OrdersByNumber {
	private keys = new Float64Array(2048);
	/** The order at each slot, -1 where empty. */
	private orders = new Int32Array(2048).fill(-1);
	/** 32 less log2 of the slots: a slot is the top bits of the id's hash (Fibonacci hashing). */
	private shift = 21;
	private size = 0;

	/** The order of `id`, or -1. */
	get(id: number): number {
		const mask = this.orders.length - 1;
		for (let slot = this.slotOf(id); ; slot = (slot + 1) & mask) {
			const order = this.orders[slot];
			if (order < 0 || this.keys[slot] === id) return order;
		}
	}

	/** Adds `id` (not yet here) as `order`. */
	set(id: number, order: number) {
		if (++this.size * 2 > this.orders.length) this.grow();
		this.put(id, order);
	}

	/** An id of up to 15 digits (under 2^53): its high and low 32 bits mixed, times 2^32 / the golden ratio. */
	private slotOf(id: number): number {
		return Math.imul(((id / 4294967296) | 0) ^ (id >>> 0), 0x9e3779b1) >>> this.shift;
	}

	private put(id: number, order: number) {
		const mask = this.orders.length - 1;
		let slot = this.slotOf(id);
		while (this.orders[slot] >= 0) slot = (slot + 1) & mask;
		this.keys[slot] = id;
		this.orders[slot] = order;
	}

	private grow() {
		const { keys, orders } = this;
		this.keys = new Float64Array(keys.length * 2);
		this.orders = new Int32Array(orders.length * 2).fill(-1);
		this.shift--;
		for (let slot = 0; slot < orders.length; slot++) if (orders[slot] >= 0) this.put(keys[slot], orders[slot]);
	}
}

/** Per order, in `GatheredOrders.figures`: time, lineCents, discountCents, totalCents, refundedCents. */
const FIGURES = 5;

/**
 * The orders a later part of a file read in parts gathered, already written as rows of that part: order i's rows
 * are firstRow (i = 0) or rowEnds[i - 1] up to rowEnds[i]; the rows before firstRow are lines without an order id.
 */
export interface GatheredOrders {
	/** Each order's id as a number (`idNumber`), NaN where it is text: then its id is the next of `names`. */
	idNumbers: Float64Array;
	names: PackedStrings;
	/** hashOf each of `names` (engine/table.ts), computed in the part's worker. */
	nameHashes: Uint32Array;
	customers: PackedStrings;
	firstRow: number;
	rowEnds: Uint32Array;
	figures: Float64Array;
	refunded: Uint8Array;
	/** 1 for an order rejected when written (the part's `orderRejects` has its reject). */
	rejected: Uint8Array;
}

/** The buffers of gathered orders, to move rather than copy. */
export const gatheredBuffers = (g: GatheredOrders): ArrayBuffer[] => [g.idNumbers, g.names.ends, g.nameHashes, g.customers.ends, g.rowEnds, g.figures, g.refunded, g.rejected].map((a) => a.buffer as ArrayBuffer);

/** Per order, in `OrderBook.flags`. */
const REFUNDED_FLAG = 1;
const CANCELLED = 2;
const REJECTED = 4;

/**
 * Gathers order lines by order id. Consecutive lines of one order (the usual layout) only compare the id with the
 * current order's; lines of an order seen before join it wherever they are. Orders are found by a dictionary code
 * of their id (a hash computed in JS: V8 hashing each new id string costs microseconds in Chromium's import worker)
 * and written out in the order they first appeared.
 * An order is its code's place in typed columns, not an object: a million orders kept until the part ends survived
 * the scavenges as objects (garbage collection was a sixth of the order file's worker).
 */
export class OrderBook {
	/** Orders by their id: its number (most files), or its text; an order is its place in the columns. */
	private byNumber = new OrdersByNumber();
	private byName = new Dictionary();
	/** The order of each of `byName`'s codes. */
	private orderOfName: number[] = [];
	private count = 0;
	private capacity = 1024;
	/** Per order, FIGURES of them (as in `GatheredOrders.figures`), in cents but the time; NaN while no line had one. */
	private figures = new Float64Array(this.capacity * FIGURES);
	private flags = new Uint8Array(this.capacity);
	/** Each order's `idNumber`; NaN for one whose id is text, then at `nameOf` in `byName`. */
	private idNumbers = new Float64Array(this.capacity);
	private nameOf = new Int32Array(this.capacity);
	/** The first line's number and attributes: where the order came from, and what it is broken down by. */
	private lines = new Float64Array(this.capacity);
	private attributes: string[] = [];
	private customers: string[] = [];
	/** The first line as text, of an order whose first line has no customer, for the rejected-rows list. */
	private raws = new Map<number, string>();
	private current = -1;
	/** The current order's id as written: the next line of the same order has the same text. */
	private currentId = '';
	/** Its number (`idNumber`), NaN for a text id. */
	private currentNumber = NaN;
	/** A numbered order may be a cancellation only when the prefix is digits (rare: "C" is the custom). */
	private readonly digitCancelPrefix: boolean;

	constructor(
		/** An order id starting with this prefix is a cancellation ("C536379"); '' for none. */
		private readonly cancelPrefix: string,
		/** How many attributes each line has. */
		private readonly attributeCount: number,
		private readonly emit: EmitEvent
	) {
		this.digitCancelPrefix = /^[0-9]/.test(cancelPrefix);
	}

	/**
	 * Adds a line; returns its order. A line without an order id is an order of its own, written at once (in the place
	 * after the last order's, taken by the next new order).
	 */
	add(line: OrderLine, attributes: string[]): number {
		if (line.orderId === '') {
			this.start(this.count, line, attributes, false);
			this.addLine(this.count, line);
			this.emitOrder(this.count);
			return this.count;
		}
		let order = this.current;
		if (order < 0 || this.currentId !== line.orderId) {
			order = this.current = this.orderOf(line.orderId);
			this.currentId = line.orderId;
			if (order === this.count) this.start(this.count++, line, attributes, this.cancelPrefix !== '' && line.orderId.startsWith(this.cancelPrefix));
		}
		this.addLine(order, line);
		return order;
	}

	/** `add` for a line whose order id is the number `id` (`idNumberBytes`), its text not made. */
	addNumbered(id: number, line: OrderLine, attributes: string[]): number {
		let order = this.current;
		if (order < 0 || this.currentNumber !== id) {
			order = this.current = this.orderOfNumber(id);
			this.currentNumber = id;
			// No text: a line read as text next finds its order by the number its text writes.
			this.currentId = '';
			if (order === this.count) this.start(this.count++, line, attributes, this.digitCancelPrefix && String(id).startsWith(this.cancelPrefix));
		}
		this.addLine(order, line);
		return order;
	}

	/** The order with this id, or, for an id not seen yet, the next order's place (`count`), the id then its. */
	private orderOf(id: string): number {
		const number = idNumber(id);
		this.currentNumber = number;
		if (!Number.isNaN(number)) return this.orderOfNumber(number);
		const order = this.count;
		const code = this.byName.code(id);
		if (code < this.orderOfName.length) return this.orderOfName[code];
		this.orderOfName.push(order);
		if (order === this.capacity) this.grow();
		this.nameOf[order] = code;
		this.idNumbers[order] = NaN;
		return order;
	}

	private orderOfNumber(number: number): number {
		const found = this.byNumber.get(number);
		if (found >= 0) return found;
		const order = this.count;
		this.byNumber.set(number, order);
		if (order === this.capacity) this.grow();
		this.idNumbers[order] = number;
		return order;
	}

	/** The order's first line as text when it is still needed (no line named the customer yet), else does nothing. */
	keepRaw(order: number, fields: string[]) {
		if (this.customers[order] === '' && !this.raws.has(order)) this.raws.set(order, csvLine(fields));
	}

	id(order: number): string {
		if (order >= this.count) return '';
		const number = this.idNumbers[order];
		return Number.isNaN(number) ? this.byName.values[this.nameOf[order]] : String(number);
	}
	customerId(order: number): string {
		return this.customers[order];
	}
	time(order: number): number {
		return this.figures[order * FIGURES];
	}
	line(order: number): number {
		return this.lines[order];
	}
	raw(order: number): string {
		return this.raws.get(order) ?? '';
	}
	rejected(order: number): boolean {
		return (this.flags[order] & REJECTED) !== 0;
	}
	/** Marks the order not written (the converter rejected it); its other events are then not written either. */
	reject(order: number) {
		this.flags[order] |= REJECTED;
	}
	/** The order's attributes (those of its first line), into `into`. */
	attributesOf(order: number, into: string[]): string[] {
		for (let a = 0; a < into.length; a++) into[a] = this.attributes[order * this.attributeCount + a];
		return into;
	}

	/**
	 * Writes every gathered order (a later part of a file read in parts, in its own worker) and tells the part before
	 * what it needs to join them (`join`): each order's id, figures and the rows it wrote, in arrays that move between
	 * workers without copying (a message of one object per order cost more than the orders' writing).
	 * `rowCount()`: the rows written so far.
	 */
	finishPart(rowCount: () => number): GatheredOrders {
		const n = this.count;
		const names = this.byName.values;
		const nameHashes = Uint32Array.from(names, hashOf);
		const rowEnds = new Uint32Array(n);
		const refunded = new Uint8Array(n);
		const rejected = new Uint8Array(n);
		const firstRow = rowCount();
		for (let i = 0; i < n; i++) {
			refunded[i] = this.flags[i] & REFUNDED_FLAG;
			this.emitOrder(i);
			rowEnds[i] = rowCount();
			rejected[i] = this.rejected(i) ? 1 : 0;
		}
		const idNumbers = this.idNumbers.slice(0, n);
		const gathered = { idNumbers, names: packStrings(names), nameHashes, customers: packStrings(this.customers.slice(0, n)), firstRow, rowEnds, figures: this.figures.slice(0, n * FIGURES), refunded, rejected };
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
		let name = 0;
		for (let i = 0; i < joined.length; i++) {
			const number = later.idNumbers[i];
			let code: number;
			if (Number.isNaN(number)) {
				const found = this.byName.lookup(stringAt(later.names, name), later.nameHashes[name]);
				name++;
				code = found < 0 ? -1 : this.orderOfName[found];
			} else code = this.byNumber.get(number);
			if (code < 0) continue;
			joined[i] = 1;
			const f = i * FIGURES;
			const figures = later.figures;
			this.merge(code, stringAt(later.customers, i), figures[f], figures[f + 1], figures[f + 2], figures[f + 3], figures[f + 4], later.refunded[i] === 1);
		}
		this.current = -1;
		return joined;
	}

	/** Every gathered order's events, in the order the orders first appeared. */
	finish(): void {
		for (let i = 0; i < this.count; i++) this.emitOrder(i);
		this.clear();
	}

	private clear() {
		this.byNumber = new OrdersByNumber();
		this.byName = new Dictionary();
		this.orderOfName = [];
		this.count = 0;
		this.customers = [];
		this.attributes = [];
		this.raws.clear();
		this.current = -1;
		this.currentId = '';
		this.currentNumber = NaN;
	}

	/** A new order at `order` (the columns grown to hold it), from its first line. */
	private start(order: number, line: OrderLine, attributes: string[], cancelled: boolean) {
		if (order === this.capacity) this.grow();
		const f = order * FIGURES;
		// Written one by one: fill(NaN, from, to) is a builtin call per order.
		for (let i = f; i < f + FIGURES; i++) this.figures[i] = NaN;
		this.flags[order] = cancelled ? CANCELLED : 0;
		this.lines[order] = line.line;
		this.customers[order] = '';
		for (let a = 0; a < this.attributeCount; a++) this.attributes[order * this.attributeCount + a] = attributes[a];
	}

	private grow() {
		this.capacity *= 2;
		this.figures = grown(this.figures);
		this.flags = grown(this.flags);
		this.lines = grown(this.lines);
		this.idNumbers = grown(this.idNumbers);
		this.nameOf = grown(this.nameOf);
	}

	private addLine(order: number, line: OrderLine) {
		this.merge(order, line.customerId, line.time, Number.isNaN(line.amount) ? NaN : toCents(line.amount), toCents(line.discount), toCents(line.orderTotal), toCents(line.refunded), line.status === 'refunded');
	}

	/** Lines added to `order`, their figures summed (`lineCents`) or the first kept (the rest): NaN where they had none. */
	private merge(order: number, customerId: string, time: number, lineCents: number, discountCents: number, totalCents: number, refundedCents: number, refunded: boolean) {
		if (this.customers[order] === '') this.customers[order] = customerId;
		const figures = this.figures;
		const f = order * FIGURES;
		if (Number.isNaN(figures[f])) figures[f] = time;
		if (!Number.isNaN(lineCents)) figures[f + 1] = (Number.isNaN(figures[f + 1]) ? 0 : figures[f + 1]) + lineCents;
		if (Number.isNaN(figures[f + 2])) figures[f + 2] = discountCents;
		if (Number.isNaN(figures[f + 3])) figures[f + 3] = totalCents;
		if (Number.isNaN(figures[f + 4])) figures[f + 4] = refundedCents;
		if (refunded) this.flags[order] |= REFUNDED_FLAG;
	}

	/**
	 * One order's events. Its revenue is the order total when there is one, else its lines' sum less the discount.
	 * A cancellation (negative revenue, or a cancelled invoice number) is one refund of that amount; a paid order is a
	 * purchase, followed by a refund of the refunded amount, or of the whole order when its status says refunded.
	 */
	private emitOrder(order: number) {
		const f = order * FIGURES;
		const figures = this.figures;
		const lineCents = figures[f + 1];
		const discountCents = figures[f + 2];
		const totalCents = figures[f + 3];
		const refundedCents = figures[f + 4];
		const revenue = Number.isNaN(totalCents) ? (Number.isNaN(lineCents) ? NaN : lineCents - (Number.isNaN(discountCents) ? 0 : discountCents)) : totalCents;
		if ((this.flags[order] & CANCELLED) !== 0 || revenue < 0) {
			if (revenue !== 0) this.emit(REFUND_EVENT, -Math.abs(revenue) / 100, order);
			return;
		}
		this.emit(PURCHASE_EVENT, Number.isNaN(revenue) ? NaN : revenue / 100, order);
		const refunded = !Number.isNaN(refundedCents) && refundedCents !== 0 ? Math.abs(refundedCents) : (this.flags[order] & REFUNDED_FLAG) !== 0 ? revenue : 0;
		if (refunded > 0) this.emit(REFUND_EVENT, -refunded / 100, order);
	}
}
