/**
 * How an orders mapping makes revenue and refunds, for the column mapper to say in words, and what the first rows
 * become under it (the same converter as the import, on the preview's rows).
 */
import { RowConverter } from './convert';
import { missingRoles } from './roles';
import type { ColumnMapping, Role } from '../base/source-types';
import { valueAt } from '../engine/values';

export type RevenueRule =
	| { kind: 'total'; total: string }
	| { kind: 'value'; value: string; perOrder: boolean; discount: string | null }
	| { kind: 'lines'; quantity: string; price: string; perOrder: boolean; discount: string | null }
	| { kind: 'none' };

export interface RefundRules {
	negative: boolean;
	prefix: string | null;
	status: string | null;
	amount: string | null;
}

const columnOf = (mapping: ColumnMapping, header: string[], role: Role): string | null => {
	const c = mapping.columns.findIndex((spec) => spec.role === role);
	return c >= 0 ? header[c] : null;
};

/** The revenue of an order, by the converter's order of precedence (import/orders.ts): total, value, quantity × price. */
export function revenueRule(mapping: ColumnMapping, header: string[]): RevenueRule {
	const column = (role: Role) => columnOf(mapping, header, role);
	const perOrder = column('order') !== null;
	const discount = column('discount');
	const total = column('order-total');
	if (total) return { kind: 'total', total };
	const value = column('value');
	if (value) return { kind: 'value', value, perOrder, discount };
	const quantity = column('quantity');
	const price = column('unit-price');
	if (quantity && price) return { kind: 'lines', quantity, price, perOrder, discount };
	return { kind: 'none' };
}

export function refundRules(mapping: ColumnMapping, header: string[]): RefundRules {
	const order = mapping.columns.find((spec) => spec.role === 'order');
	return {
		negative: true,
		prefix: order?.cancelPrefix || null,
		status: columnOf(mapping, header, 'status'),
		amount: columnOf(mapping, header, 'refund-amount')
	};
}

export interface DerivedEvent {
	customer: string;
	time: number;
	event: string;
	value: number;
}

/** The events the rows become under the mapping (at most `limit`), or null while the mapping is incomplete. */
export function derivedEvents(header: string[], rows: string[][], mapping: ColumnMapping, limit = 10): DerivedEvent[] | null {
	if (missingRoles(mapping).length > 0) return null;
	const converter = new RowConverter('preview', header, mapping, 0);
	rows.forEach((row, i) => converter.read(row, i + 2));
	let table;
	try {
		table = converter.finish().table;
	} catch {
		return [];
	}
	const events: DerivedEvent[] = [];
	for (let c = 0; c < table.customerIds.length && events.length < limit; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && events.length < limit; i++) {
			events.push({ customer: table.customerIds[c], time: table.time[i], event: table.eventNames[table.event[i]], value: valueAt(table.value, i) });
		}
	}
	return events;
}
