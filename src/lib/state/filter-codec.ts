/**
 * The filter's conditions and the attribution as link parameters (view-options.ts names the parameters):
 * - attribute conditions, `fa`: items `op:name:value|value`, comma-separated (`any:channel:ads|email,not:country:DE`);
 * - event conditions, `fe`: items `did:event` or `not:event`;
 * - the attribution, `at`: `first`, `last` or `stage:<stage id>`.
 * Names and values are URI-encoded inside an item, so they may hold any of `:|,`. Decoding returns undefined for
 * anything malformed; the caller drops it with a notice.
 */
import type { Attribution } from '../engine/attribution';
import type { AttributeCondition, AttributeOperator, EventCondition } from '../engine/filter';

const OPERATORS: readonly AttributeOperator[] = ['is', 'not', 'any'];
const MAX_CONDITIONS = 20;
const MAX_VALUES = 50;
const MAX_TEXT = 200;

const decode = (raw: string): string | undefined => {
	try {
		const text = decodeURIComponent(raw);
		return text.length <= MAX_TEXT ? text : undefined;
	} catch {
		return undefined;
	}
};

function items<T>(raw: string, parse: (item: string) => T | undefined): T[] | undefined {
	if (raw === '') return [];
	const parsed = raw.split(',').map(parse);
	return parsed.length <= MAX_CONDITIONS && parsed.every((p) => p !== undefined) ? (parsed as T[]) : undefined;
}

export const encodeAttributeConditions = (conditions: AttributeCondition[]) =>
	conditions.map((c) => [c.op ?? 'any', encodeURIComponent(c.name), c.values.map(encodeURIComponent).join('|')].join(':')).join(',');

export function decodeAttributeConditions(raw: string): AttributeCondition[] | undefined {
	return items(raw, (item) => {
		const [op, rawName, rawValues, ...rest] = item.split(':');
		if (rest.length || rawValues === undefined || !OPERATORS.includes(op as AttributeOperator)) return undefined;
		const name = decode(rawName);
		const values = rawValues === '' ? [] : rawValues.split('|').map(decode);
		if (!name || values.length > MAX_VALUES || values.some((v) => v === undefined)) return undefined;
		return { name, op: op as AttributeOperator, values: values as string[] };
	});
}

export const encodeEventConditions = (conditions: EventCondition[]) => conditions.map((c) => `${c.did ? 'did' : 'not'}:${encodeURIComponent(c.event)}`).join(',');

export function decodeEventConditions(raw: string): EventCondition[] | undefined {
	return items(raw, (item) => {
		const [did, rawEvent, ...rest] = item.split(':');
		const event = rawEvent === undefined ? undefined : decode(rawEvent);
		return rest.length || !event || (did !== 'did' && did !== 'not') ? undefined : { event, did: did === 'did' };
	});
}

/** The link's attribution (`first`, `last`, `stage:<id>`) as the engine takes it; undefined when malformed. */
export function parseAttribution(raw: string): Attribution | undefined {
	if (raw === 'first' || raw === 'last') return raw;
	const stage = raw.startsWith('stage:') ? raw.slice('stage:'.length) : '';
	return stage.length > 0 && stage.length <= MAX_TEXT ? { stage } : undefined;
}

export const attributionParam = (attribution: Attribution) => (typeof attribution === 'string' ? attribution : `stage:${attribution.stage}`);
