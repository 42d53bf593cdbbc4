/**
 * Filters choose customers: by when they were first seen, and by attribute values on their events.
 * The result is a mask over customers that every analysis takes, so a filter change recomputes from
 * memory without reading storage or reclassifying.
 */
import type { EventTable } from './table';

/** mask[c] = 1 for a chosen customer; null chooses everyone. */
export type Mask = Uint8Array | null;

export const isIncluded = (mask: Mask | undefined, c: number) => !mask || mask[c] === 1;

export interface CustomerFilter {
	/** First seen at or after this time (epoch ms). */
	from?: number;
	/** First seen at or before this time. */
	to?: number;
	/** Customers with at least one event whose attribute has one of the values; every listed attribute must match. */
	attributes?: { name: string; values: string[] }[];
}

export function isEmptyFilter(filter: CustomerFilter): boolean {
	return filter.from === undefined && filter.to === undefined && !filter.attributes?.some((a) => a.values.length > 0);
}

export function customerMask(table: EventTable, firstSeen: Float64Array, filter: CustomerFilter): Mask {
	if (isEmptyFilter(filter)) return null;
	const customers = table.customerIds.length;
	const mask = new Uint8Array(customers);
	const from = filter.from ?? -Infinity;
	const to = filter.to ?? Infinity;
	for (let c = 0; c < customers; c++) mask[c] = firstSeen[c] >= from && firstSeen[c] <= to ? 1 : 0;

	for (const { name, values } of filter.attributes ?? []) {
		if (values.length === 0) continue;
		const column = table.attributes.find((a) => a.name === name);
		const wanted = new Set(values);
		const allowed = column ? Uint8Array.from(column.values, (v) => (wanted.has(v) ? 1 : 0)) : null;
		for (let c = 0; c < customers; c++) {
			if (!mask[c]) continue;
			let found = false;
			if (allowed && column) {
				for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && !found; i++) found = allowed[column.codes[i]] === 1;
			}
			mask[c] = found ? 1 : 0;
		}
	}
	return mask;
}
