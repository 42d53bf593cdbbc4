/**
 * What a purchase and a refund are: the one definition behind every purchase count and every sum of money
 * (RFM, lifetime value, the 80/20 shares and Gini, the stage table's value, revenue retention, customer lists).
 *
 * The import writes an order as ONE event named `purchase` at the order's time, carrying the order's revenue, and a
 * refund or cancellation as an event named `refund` with a negative value. Event logs from elsewhere may have no
 * `purchase` events, or name their purchases otherwise (`order`, `payment`): so the purchases are the events named
 * `purchase` and every other event that carries a value somewhere in the data, refunds excepted.
 *
 * Purchases of one customer at the same instant are one purchase: they are lines of one order written one row
 * each, or, in a file with dates only, one day's purchases (as the published CDNOW summary counts them). A refund
 * lowers the customer's net value and is never a purchase.
 */
import { normalizeName } from './model';
import type { EventTable } from './table';
import { forEachValue } from './values';

export const PURCHASE_EVENT = 'purchase';
export const REFUND_EVENT = 'refund';

export interface MoneyEvents {
	/** Codes of the purchase events: counted as purchases, their values summed. */
	purchases: Set<number>;
	/** Codes of the refund events: their values lower the net value; never counted as purchases. */
	refunds: Set<number>;
	/** Purchases and refunds: the events whose values make up a customer's net value. */
	money: Set<number>;
}

/** The purchase and refund events of a table (see the module comment). */
export function moneyEvents(table: Pick<EventTable, 'eventNames' | 'event' | 'value'>): MoneyEvents {
	const codesNamed = (name: string) => new Set(table.eventNames.flatMap((n, code) => (normalizeName(n) === name ? [code] : [])));
	const refunds = codesNamed(REFUND_EVENT);
	const purchases = codesNamed(PURCHASE_EVENT);
	forEachValue(table.value, (i) => {
		if (!refunds.has(table.event[i])) purchases.add(table.event[i]);
	});
	return { purchases, refunds, money: new Set([...purchases, ...refunds]) };
}
