/**
 * The filter flags of `lifecycle-lens analyze`: the dashboard's filter (engine/filter.ts) on the command line, asked
 * of the same engine session. Each flag may be given more than once; every condition must hold.
 */
import type { Attribution } from '../lib/engine/attribution';
import { DEFAULT_TOP } from '../lib/engine/breakdown';
import type { AttributeCondition, CustomerFilter } from '../lib/engine/filter';
import type { BreakdownSpec } from '../lib/engine/queries';
import type { EventTable } from '../lib/engine/table';
import { UsageError } from './model';

export const FILTER_HELP = `filters (analyze; every one must hold, each flag may be repeated):
  --from DATE --to DATE first seen on or after / on or before a day, YYYY-MM-DD
  --where ATTR=V[,V…]   the customer's value of ATTR is V (or any of the Vs); --where ATTR!=V[,V…]: is none of them
  --attribution A       which event gives a customer's value: first (default), last, or stage:ID (entering that stage)
  --did EVENT           did EVENT at least once; --did-not EVENT: never did it
  --min-value N         net value (purchases less refunds) at least N; --max-value N: at most N
`;

export const FILTER_OPTIONS = {
	from: { type: 'string' },
	to: { type: 'string' },
	where: { type: 'string', multiple: true },
	attribution: { type: 'string' },
	did: { type: 'string', multiple: true },
	'did-not': { type: 'string', multiple: true },
	'min-value': { type: 'string' },
	'max-value': { type: 'string' }
} as const;

export interface FilterFlags {
	from?: string;
	to?: string;
	where?: string[];
	attribution?: string;
	did?: string[];
	'did-not'?: string[];
	'min-value'?: string;
	'max-value'?: string;
}

function dayOf(flag: string, value: string | undefined, end: boolean): number | undefined {
	if (value === undefined) return undefined;
	const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T${end ? '23:59:59.999' : '00:00:00'}Z`) : NaN;
	if (Number.isNaN(time)) throw new UsageError(`--${flag} ${value}: expected a day, YYYY-MM-DD.`);
	return time;
}

function amountOf(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} ${value}: expected a number.`);
	return n;
}

/** --where channel=email,ads (is / any of) or channel!=email (is not). */
function conditionOf(raw: string): AttributeCondition {
	const match = /^([^=!]+)(!?=)(.+)$/.exec(raw);
	const values = match?.[3].split(',').filter((v) => v !== '') ?? [];
	if (!match || values.length === 0) throw new UsageError(`--where ${raw}: expected ATTRIBUTE=VALUE[,VALUE…] or ATTRIBUTE!=VALUE[,VALUE…].`);
	const op = match[2] === '!=' ? 'not' : values.length > 1 ? 'any' : 'is';
	return { name: match[1].trim(), op, values };
}

function attributionOf(value: string | undefined): Attribution | undefined {
	if (value === undefined) return undefined;
	if (value === 'first' || value === 'last') return value;
	if (value.startsWith('stage:') && value.length > 'stage:'.length) return { stage: value.slice('stage:'.length) };
	throw new UsageError(`--attribution ${value}: expected first, last or stage:STAGE_ID.`);
}

export { DEFAULT_TOP };

/** --breakdown ATTR [--top N], by the filter's --attribution; undefined without --breakdown. */
export function breakdownOfFlags(flags: FilterFlags & { breakdown?: string; top?: string }): BreakdownSpec | undefined {
	if (flags.top !== undefined && flags.breakdown === undefined) throw new UsageError(`--top ${flags.top}: give --breakdown ATTRIBUTE too.`);
	if (flags.breakdown === undefined) return undefined;
	const top = flags.top === undefined ? DEFAULT_TOP : Number(flags.top);
	if (!Number.isInteger(top) || top < 1 || top > 20) throw new UsageError(`--top ${flags.top}: expected a whole number from 1 to 20.`);
	const attribution = attributionOf(flags.attribution);
	return { attribute: flags.breakdown, top, ...(attribution ? { attribution } : {}) };
}

/** The filter the flags ask for; undefined when they ask for none. */
export function filterOfFlags(flags: FilterFlags): CustomerFilter | undefined {
	const attributes = (flags.where ?? []).map(conditionOf);
	const events = [...(flags.did ?? []).map((event) => ({ event, did: true })), ...(flags['did-not'] ?? []).map((event) => ({ event, did: false }))];
	const min = amountOf('min-value', flags['min-value']);
	const max = amountOf('max-value', flags['max-value']);
	const from = dayOf('from', flags.from, false);
	const to = dayOf('to', flags.to, true);
	const attribution = attributionOf(flags.attribution);
	const filter: CustomerFilter = {
		...(from !== undefined ? { from } : {}),
		...(to !== undefined ? { to } : {}),
		...(attributes.length ? { attributes } : {}),
		...(events.length ? { events } : {}),
		...(min !== undefined || max !== undefined ? { value: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } } : {}),
		...(attribution ? { attribution } : {})
	};
	return Object.keys(filter).length ? filter : undefined;
}

/** A condition on an attribute the file does not have is a mistake worth saying, not an empty result. */
export function checkFilterAgainst(filter: CustomerFilter | undefined, table: EventTable): void {
	for (const { name } of filter?.attributes ?? []) checkAttribute('where', name, table);
}

/** A breakdown by an attribute the file does not have, likewise. */
export function checkBreakdownAgainst(breakdown: BreakdownSpec | undefined, table: EventTable): void {
	if (breakdown) checkAttribute('breakdown', breakdown.attribute, table);
}

function checkAttribute(flag: string, name: string, table: EventTable): void {
	const names = table.attributes.map((a) => a.name);
	if (!names.includes(name)) throw new UsageError(`--${flag} ${name}: the file has no attribute "${name}"; its attributes: ${names.length ? names.join(', ') : 'none'}.`);
}
