/**
 * Shop, billing and retail exports, built from each product's public column list (tests/fixtures/shops/README.md,
 * where every figure below is computed by hand), import with nothing beyond pressing Import: the detected plan is
 * used as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventTable } from '../../../src/lib/engine/table';
import { derivedEvents, refundRules, revenueRule } from '../../../src/lib/import/revenue';
import { readFile } from '../../helpers/import';
import { customerOfRows } from '../../helpers/tables';
import type { Role } from '../../../src/lib/base/source-types';
import { valueAt } from '../../../src/lib/engine/values';

const utc = Date.UTC;
type Event = [customer: string, time: number, event: string, value: number];

function eventsOf(table: EventTable): Event[] {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [table.customerIds[customer[i]], table.time[i], table.eventNames[table.event[i]], valueAt(table.value, i)]);
}

async function readShop(name: string) {
	const result = await readFile(new Uint8Array(readFileSync(new URL(`../../fixtures/shops/${name}`, import.meta.url))), name);
	const roleOf = (role: Role) => {
		const c = result.plan.mapping.columns.findIndex((spec) => spec.role === role);
		return c >= 0 ? result.preview.header[c] : null;
	};
	return { ...result, roleOf };
}

/** Net value in cents and the purchase count, as the contract defines them (docs/orders.md). */
function totals(table: EventTable) {
	let purchases = 0;
	let purchaseCents = 0;
	let refundCents = 0;
	for (let i = 0; i < table.rowCount; i++) {
		const cents = Math.round(valueAt(table.value, i) * 100);
		if (table.eventNames[table.event[i]] === 'purchase') {
			purchases++;
			purchaseCents += cents;
		} else refundCents += cents;
	}
	return { purchases, purchaseCents, refundCents, netCents: purchaseCents + refundCents };
}

describe('shop exports', () => {
	it('retail-orders.csv: invoice lines, quantity × unit price, C invoices cancelled, float ids as integers', async () => {
		const { preview, table, roleOf, rejects } = await readShop('retail-orders.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(preview.ambiguousDates).toEqual([]);
		expect(['order', 'customer', 'timestamp', 'quantity', 'unit-price', 'value', 'order-total'].map((r) => roleOf(r as Role))).toEqual([
			'InvoiceNo',
			'CustomerID',
			'InvoiceDate',
			'Quantity',
			'UnitPrice',
			null,
			null
		]);
		expect(eventsOf(table)).toEqual([
			['17850', utc(2010, 11, 1, 8, 26), 'purchase', 72.94],
			['17850', utc(2010, 11, 1, 8, 28), 'purchase', 22.2],
			['17850', utc(2010, 11, 13, 10, 0), 'purchase', 25.5],
			['17850', utc(2010, 11, 13, 10, 5), 'refund', -25.5],
			['13047', utc(2010, 11, 1, 8, 34), 'purchase', 66.68],
			['12583', utc(2010, 11, 1, 8, 45), 'purchase', 144],
			['14527', utc(2010, 11, 1, 9, 41), 'refund', -27.5],
			['14527', utc(2010, 11, 1, 9, 41), 'purchase', 34.8],
			['15311', utc(2010, 11, 1, 9, 49), 'refund', -4.65],
			['15311', utc(2010, 11, 1, 9, 53), 'purchase', 19.35],
			['12347', utc(2010, 11, 7, 14, 57), 'purchase', 42.2],
			['12347', utc(2010, 11, 7, 15, 10), 'refund', -17]
		]);
		expect(totals(table)).toEqual({ purchases: 8, purchaseCents: 42767, refundCents: -7465, netCents: 35302 });
		expect(rejects.map((r) => [r.line, r.reason])).toEqual([
			[15, 'customer'],
			[16, 'customer']
		]);
	});

	it('shopify-orders.csv: line items grouped by Name, the order-level Total once, refunds netted', async () => {
		const { preview, table, roleOf, rejectedCount } = await readShop('shopify-orders.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(['order', 'customer', 'timestamp', 'order-total', 'refund-amount', 'status', 'quantity', 'unit-price', 'value'].map((r) => roleOf(r as Role))).toEqual([
			'Name',
			'Email',
			'Created at',
			'Total',
			'Refunded Amount',
			'Financial Status',
			'Lineitem quantity',
			'Lineitem price',
			null
		]);
		expect(rejectedCount).toBe(0);
		expect(eventsOf(table)).toEqual([
			['ann@example.com', utc(2024, 2, 1, 15, 15), 'purchase', 50],
			['ann@example.com', utc(2024, 2, 10, 17, 30), 'purchase', 54],
			['ann@example.com', utc(2024, 2, 10, 17, 30), 'refund', -18],
			['bob@example.com', utc(2024, 2, 2, 14), 'purchase', 24],
			['bob@example.com', utc(2024, 2, 2, 14), 'refund', -24],
			['cara@example.com', utc(2024, 2, 15, 13), 'purchase', 30.5],
			['cara@example.com', utc(2024, 2, 20, 21, 45), 'purchase', 12],
			['cara@example.com', utc(2024, 2, 20, 21, 45), 'refund', -12]
		]);
		expect(totals(table)).toEqual({ purchases: 5, purchaseCents: 17050, refundCents: -5400, netCents: 11650 });
	});

	it('woocommerce-orders.csv: one row per item with the order repeated, order_total once, refunded and cancelled orders', async () => {
		const { preview, table, roleOf, rejectedCount } = await readShop('woocommerce-orders.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(['order', 'customer', 'timestamp', 'order-total', 'refund-amount', 'status', 'value'].map((r) => roleOf(r as Role))).toEqual([
			'order_id',
			'customer_id',
			'order_date',
			'order_total',
			'refunded_total',
			'status',
			null
		]);
		expect(rejectedCount).toBe(0);
		expect(eventsOf(table)).toEqual([
			['7', utc(2024, 2, 1, 10), 'purchase', 45],
			['7', utc(2024, 2, 9, 9, 5), 'purchase', 27],
			['8', utc(2024, 2, 3, 14, 20), 'purchase', 30],
			['8', utc(2024, 2, 3, 14, 20), 'refund', -30],
			['9', utc(2024, 2, 12, 16, 40), 'purchase', 15.5],
			['9', utc(2024, 2, 12, 16, 40), 'refund', -15.5],
			['9', utc(2024, 2, 20, 11), 'purchase', 61.25]
		]);
		expect(totals(table)).toEqual({ purchases: 5, purchaseCents: 17875, refundCents: -4550, netCents: 13325 });
	});

	it('stripe-payments.csv: one payment a row, Amount Refunded as refunds, failed payments left out and counted', async () => {
		const { preview, table, roleOf, rejects } = await readShop('stripe-payments.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(['order', 'customer', 'timestamp', 'value', 'refund-amount', 'status'].map((r) => roleOf(r as Role))).toEqual([
			null,
			'Customer ID',
			'Created (UTC)',
			'Amount',
			'Amount Refunded',
			'Status'
		]);
		expect(eventsOf(table)).toEqual([
			['cus_PaA1', utc(2024, 2, 1, 10), 'purchase', 20],
			['cus_PaA1', utc(2024, 3, 1, 10), 'purchase', 20],
			['cus_PaB2', utc(2024, 2, 5, 11, 30), 'purchase', 49.99],
			['cus_PaB2', utc(2024, 2, 5, 11, 30), 'refund', -49.99],
			['cus_PaC3', utc(2024, 2, 7, 15, 45), 'purchase', 100],
			['cus_PaC3', utc(2024, 2, 7, 15, 45), 'refund', -25],
			['cus_PaC3', utc(2024, 2, 8, 8), 'purchase', 0.1],
			['cus_PaC3', utc(2024, 2, 8, 8, 5), 'purchase', 0.2]
		]);
		expect(totals(table)).toEqual({ purchases: 6, purchaseCents: 19029, refundCents: -7499, netCents: 11530 });
		expect(rejects.map((r) => [r.line, r.column, r.reason])).toEqual([[5, 'Status', 'failed']]);
	});

	it('stripe-payments.csv exported without its Customer ID column: the customer is the Customer Email, not the payment id', async () => {
		// Stripe lets the export leave columns out; the issue names "Customer ID/Customer Email". A bare "id" (the
		// payment's) ranked above a header that names the customer only as a word, so every payment was a customer.
		const lines = readFileSync(new URL('../../fixtures/shops/stripe-payments.csv', import.meta.url), 'utf8').trimEnd().split('\n');
		const without = lines.map((line) => line.split(',').filter((_, c) => c !== 14).join(','));
		expect(lines[0].split(',')[14]).toBe('Customer ID');
		const { plan, preview, table } = await readFile(new TextEncoder().encode(without.join('\n')), 'payments.csv');
		expect(preview.header[plan.mapping.columns.findIndex((c) => c.role === 'customer')]).toBe('Customer Email');
		expect(eventsOf(table).map(([customer, , event]) => `${customer} ${event}`)).toEqual([
			'ann@example.com purchase',
			'ann@example.com purchase',
			'bob@example.com purchase',
			'bob@example.com refund',
			'cara@example.com purchase',
			'cara@example.com refund',
			'cara@example.com purchase',
			'cara@example.com purchase'
		]);
	});
});

describe('what the mapper says of each export', () => {
	it.each([
		['retail-orders.csv', { kind: 'lines', quantity: 'Quantity', price: 'UnitPrice', perOrder: true, discount: null }, 'C'],
		['shopify-orders.csv', { kind: 'total', total: 'Total' }, null],
		['woocommerce-orders.csv', { kind: 'total', total: 'order_total' }, 'C'],
		['stripe-payments.csv', { kind: 'value', value: 'Amount', perOrder: false, discount: null }, null]
	])('%s', async (name, rule, prefix) => {
		const { preview } = await readShop(name);
		expect(revenueRule(preview.mapping, preview.header)).toEqual(rule);
		expect(refundRules(preview.mapping, preview.header).prefix).toBe(prefix);
	});

	it('the first rows of the retail file become the events the import makes of them', async () => {
		const { preview } = await readShop('retail-orders.csv');
		expect(derivedEvents(preview.header, preview.rows, preview.mapping, 3)).toEqual([
			{ customer: '17850', time: utc(2010, 11, 1, 8, 26), event: 'purchase', value: 72.94 },
			{ customer: '17850', time: utc(2010, 11, 1, 8, 28), event: 'purchase', value: 22.2 },
			{ customer: '17850', time: utc(2010, 11, 13, 10), event: 'purchase', value: 25.5 }
		]);
	});
});
