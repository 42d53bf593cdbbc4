/**
 * Properties of purchase counting and net value on random shop logs (an order is one `purchase` event at the
 * order's time, a refund a `refund` event with a negative value; see engine/purchases.ts): every purchase count is
 * the number of orders, net value is purchases plus refunds to the cent, and segments sum to the total.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { journey5, leadLifecycle } from '../../../src/lib/engine/model';
import { moneyEvents, PURCHASE_EVENT, REFUND_EVENT } from '../../../src/lib/engine/purchases';
import { netValues, rfmOfBuyers, summaryForValue, valueReport } from '../../../src/lib/engine/value-report';
import { DAY, tableOf, type Row } from '../../helpers/tables';

const START = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

interface Customer {
	/** Distinct minutes of the orders, and their amounts in cents. */
	orders: { minute: number; cents: number }[];
	/** Refunds: which order, and the share of it refunded (1 = all). */
	refunds: { order: number; share: number }[];
	visits: number[];
}

const customer: fc.Arbitrary<Customer> = fc.record({
	orders: fc.uniqueArray(fc.record({ minute: fc.integer({ min: 0, max: 400 * 24 * 60 }), cents: fc.integer({ min: 1, max: 500_000 }) }), {
		selector: (o) => o.minute,
		maxLength: 8
	}),
	refunds: fc.array(fc.record({ order: fc.nat(), share: fc.constantFrom(1, 0.5, 0.1) }), { maxLength: 3 }),
	visits: fc.array(fc.integer({ min: 0, max: 400 * 24 * 60 }), { maxLength: 4 })
});

/** The log, and per customer id the orders and the net value in cents, counted by hand. */
function shopLog(customers: Customer[]) {
	const rows: Row[] = [];
	const expected = new Map<string, { orders: number; netCents: number }>();
	customers.forEach((c, k) => {
		const id = `c${k}`;
		let netCents = 0;
		for (const o of c.orders) {
			rows.push([id, START + o.minute * MINUTE, PURCHASE_EVENT, o.cents / 100]);
			netCents += o.cents;
		}
		for (const r of c.refunds) {
			if (c.orders.length === 0) break;
			const order = c.orders[r.order % c.orders.length];
			const cents = Math.round(order.cents * r.share);
			rows.push([id, START + (order.minute + 60) * MINUTE, REFUND_EVENT, -cents / 100]);
			netCents -= cents;
		}
		for (const v of c.visits) rows.push([id, START + v * MINUTE, 'page view']);
		if (rows.some((row) => row[0] === id)) expected.set(id, { orders: c.orders.length, netCents });
	});
	return { rows, expected };
}

const logs = fc.array(customer, { minLength: 1, maxLength: 40 }).map(shopLog);

describe('purchases on random shop logs', () => {
	it('RFM frequency and the lifetime-value x + 1 are the number of orders; only customers with an order are scored; segments sum to them', () => {
		fc.assert(
			fc.property(logs, ({ rows, expected }) => {
				// Without any purchase in the data, RFM falls back to activity (tested in value.test.ts).
				fc.pre(rows.some((row) => row[2] === PURCHASE_EVENT));
				const table = tableOf(rows);
				const asOf = START + 500 * DAY;
				const result = rfmOfBuyers(table, asOf, null);
				const buyers = [...expected.entries()].filter(([, e]) => e.orders > 0);
				expect(result.customers.length).toBe(buyers.length);
				for (const row of result.customers) expect(row.frequency).toBe(expected.get(table.customerIds[row.customer])!.orders);
				expect(result.segments.reduce((n, s) => n + s.customers, 0)).toBe(buyers.length);
				expect(result.grid.flat().reduce((a, b) => a + b, 0)).toBe(buyers.length);
				// The lifetime-value summary counts the same purchases: x + 1 is the RFM frequency.
				const summary = summaryForValue(table, asOf, moneyEvents(table).purchases, null);
				expect(summary.x.length).toBe(buyers.length);
				summary.customer.forEach((c, k) => expect(summary.x[k] + 1).toBe(expected.get(table.customerIds[c])!.orders));
			}),
			{ numRuns: 150 }
		);
	});

	it('the stage rules count orders: conversion at 1, retention at 2, loyalty at 4 (journey), repeat customer at 2 (lead)', () => {
		fc.assert(
			fc.property(logs, ({ rows, expected }) => {
				const table = tableOf(rows);
				const journey = classify(table, journey5);
				const lead = classify(table, leadLifecycle);
				const reached = (classification: typeof journey, stages: number, c: number, s: number) => !Number.isNaN(classification.reached[c * stages + s]);
				table.customerIds.forEach((id, c) => {
					const orders = expected.get(id)!.orders;
					expect([2, 3, 4].map((s) => reached(journey, 5, c, s))).toEqual([orders >= 1, orders >= 2, orders >= 4]);
					expect([5, 6].map((s) => reached(lead, 7, c, s))).toEqual([orders >= 1, orders >= 2]);
				});
			}),
			{ numRuns: 150 }
		);
	});

	it('net value is the orders plus the refunds, to the cent; refunds are never purchases', () => {
		fc.assert(
			fc.property(logs, ({ rows, expected }) => {
				const table = tableOf(rows);
				const events = moneyEvents(table);
				for (const e of events.refunds) expect(events.purchases.has(e)).toBe(false);
				const values = netValues(table, Infinity, null);
				table.customerIds.forEach((id, c) => expect(values[c]).toBe(expected.get(id)!.netCents / 100));
				const report = valueReport(table, { asOf: START + 500 * DAY, horizonWeeks: 52, yearlyDiscount: 0 });
				const totalCents = [...expected.values()].reduce((n, e) => n + e.netCents, 0);
				expect(report.concentration.total).toBe(totalCents / 100);
				expect(report.concentration.customers).toBe(expected.size);
				const atOrBelowZero = [...expected.values()].filter((e) => e.netCents <= 0).length;
				expect(report.concentration.zeroOrNegative.customers).toBe(atOrBelowZero);
			}),
			{ numRuns: 100 }
		);
	});
});
