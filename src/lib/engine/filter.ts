/**
 * Filters choose customers: by when they were first seen, by the value of an attribute (attributed to each customer
 * by ./attribution), by events they did or did not do, and by their net value. The result is a mask over customers
 * that every analysis takes, so a filter change recomputes from memory without reading storage or reclassifying.
 */
import { attributedCodes, DEFAULT_ATTRIBUTION, type Attribution } from './attribution';
import { moneyEvents } from './purchases';
import type { EventTable } from './table';
import { customerValues } from './value';

/** mask[c] = 1 for a chosen customer; null chooses everyone. */
export type Mask = Uint8Array | null;

export const isIncluded = (mask: Mask | undefined, c: number) => !mask || mask[c] === 1;

const listed = new WeakMap<Uint8Array, Uint32Array>();

/**
 * The chosen customers' indexes in ascending order; null when the mask chooses everyone. Listed once per mask and kept
 * beside it (weakly), so that every analysis after a filter change visits only the chosen customers instead of testing
 * each customer's byte: 4 bytes per chosen customer while the mask lives. A mask is not changed once listed.
 */
export function chosenCustomers(mask: Mask | undefined): Uint32Array | null {
	if (!mask) return null;
	let list = listed.get(mask);
	if (!list) {
		let count = 0;
		for (let c = 0; c < mask.length; c++) count += mask[c];
		list = new Uint32Array(count);
		for (let c = 0, j = 0; c < mask.length; c++) if (mask[c] === 1) list[j++] = c;
		listed.set(mask, list);
	}
	return list;
}

/**
 * "is" and "any" keep customers whose attributed value is one of `values` ("is" names one, "any" several);
 * "not" keeps every other customer, those without a value included, so "is" and "is not" split the customers.
 */
export type AttributeOperator = 'is' | 'not' | 'any';

export interface AttributeCondition {
	name: string;
	values: string[];
	/** "any" when omitted (what links and callers before operators meant). */
	op?: AttributeOperator;
}

/** Customers who did (or did not do) the named event at least once in the data. */
export interface EventCondition {
	event: string;
	did: boolean;
}

/** Customers whose net value (purchases and refunds over all the data, ./purchases) is within [min, max]. */
export interface ValueRange {
	min?: number;
	max?: number;
}

export interface CustomerFilter {
	/** First seen at or after this time (epoch ms). */
	from?: number;
	/** First seen at or before this time. */
	to?: number;
	/** Every condition must hold. */
	attributes?: AttributeCondition[];
	events?: EventCondition[];
	value?: ValueRange;
	/** Which of a customer's events gives the attribute value: the first (default), the last, or entering a stage. */
	attribution?: Attribution;
}

/** What a filter reads beside the table and first seen; the session passes its caches, else they are computed here. */
export interface FilterInputs {
	/** Each customer's code in the attribute's column under the filter's attribution (./attribution). */
	attributed: (attribute: string) => Int32Array | null;
	/** Each customer's net value. */
	netValues: () => Float64Array;
	/** The customers who did an event (by code) at least once (customersWhoDid). */
	customersWhoDid: (code: number) => Uint32Array;
}

/**
 * The customers who did an event at least once, as bits (bit c & 31 of word c >>> 5): one pass over the events, the
 * same under every filter, so a session keeps it (an eighth of a byte per customer) and an events condition costs a
 * test per customer instead of a scan of the events of each (30-60 ms of each filter change at 10M events).
 */
export function customersWhoDid(table: EventTable, code: number): Uint32Array {
	const { customerStart, event } = table;
	const customers = table.customerIds.length;
	const bits = new Uint32Array((customers + 31) >>> 5);
	for (let c = 0; c < customers; c++)
		for (let i = customerStart[c]; i < customerStart[c + 1]; i++)
			if (event[i] === code) {
				bits[c >>> 5] |= 1 << (c & 31);
				break;
			}
	return bits;
}

function computedInputs(table: EventTable, filter: CustomerFilter): FilterInputs {
	return {
		attributed: (name) => {
			const column = table.attributes.find((a) => a.name === name);
			return column ? attributedCodes(table, column, filter.attribution ?? DEFAULT_ATTRIBUTION, null) : null;
		},
		netValues: () => customerValues(table, { valueEvents: moneyEvents(table).money }),
		customersWhoDid: (code) => customersWhoDid(table, code)
	};
}

const activeAttributes = (filter: CustomerFilter) => (filter.attributes ?? []).filter((a) => a.values.length > 0);
const hasValueRange = (filter: CustomerFilter) => filter.value !== undefined && (filter.value.min !== undefined || filter.value.max !== undefined);

export function isEmptyFilter(filter: CustomerFilter): boolean {
	return filter.from === undefined && filter.to === undefined && activeAttributes(filter).length === 0 && !filter.events?.length && !hasValueRange(filter);
}

/** Whether the filter reads attribute values, so its mask depends on the attribution. */
export const usesAttribution = (filter: CustomerFilter) => activeAttributes(filter).length > 0;

/** Whether the filter goes by when customers were first seen (customerMask reads `firstSeen` only then). */
export const hasDates = (filter: CustomerFilter) => filter.from !== undefined || filter.to !== undefined;

/**
 * `firstSeen`: each customer's first event (NaN: none); read only when the filter has dates. Every condition is tested
 * in one pass over the customers, which also lists the chosen ones (chosenCustomers): a pass per condition and two
 * more for the list were 4-5 passes over every customer per filter change.
 */
export function customerMask(table: EventTable, firstSeen: Float64Array, filter: CustomerFilter, inputs: FilterInputs = computedInputs(table, filter)): Mask {
	if (isEmptyFilter(filter)) return null;
	const customers = table.customerIds.length;
	const { customerStart } = table;
	const dates = hasDates(filter);
	const from = filter.from ?? -Infinity;
	const to = filter.to ?? Infinity;
	const attributes = activeAttributes(filter).map(({ name, values, op = 'any' }) => {
		const column = table.attributes.find((a) => a.name === name);
		const wanted = new Set(values);
		// allowed[code] for codes 0..n-1; a customer without a value (code < 0) matches only "not".
		const allowed = column ? Uint8Array.from(column.values, (v) => (wanted.has(v) ? 1 : 0)) : new Uint8Array(0);
		return { codes: inputs.attributed(name), allowed, keepIn: op !== 'not' };
	});
	const events = (filter.events ?? []).map(({ event, did }) => {
		const code = table.eventNames.indexOf(event);
		// An event the data does not have: no one did it.
		return { doers: code >= 0 ? inputs.customersWhoDid(code) : new Uint32Array((customers + 31) >>> 5), did: did ? 1 : 0 };
	});
	const values = hasValueRange(filter) ? inputs.netValues() : null;
	const min = filter.value?.min ?? -Infinity;
	const max = filter.value?.max ?? Infinity;

	const mask = new Uint8Array(customers);
	const chosen = new Uint32Array(customers);
	let count = 0;
	next: for (let c = 0; c < customers; c++) {
		// By first seen; without dates, every customer with events, as the dates' test keeps them (a customer without
		// events has no first seen).
		if (dates ? !(firstSeen[c] >= from && firstSeen[c] <= to) : customerStart[c + 1] === customerStart[c]) continue;
		for (let k = 0; k < attributes.length; k++) {
			const { codes, allowed, keepIn } = attributes[k];
			const code = codes ? codes[c] : -1;
			if ((code >= 0 && allowed[code] === 1) !== keepIn) continue next;
		}
		for (let k = 0; k < events.length; k++) if (((events[k].doers[c >>> 5] >>> (c & 31)) & 1) !== events[k].did) continue next;
		if (values && !(values[c] >= min && values[c] <= max)) continue;
		mask[c] = 1;
		chosen[count++] = c;
	}
	listed.set(mask, chosen.slice(0, count));
	return mask;
}
