/**
 * A small schema checker for data from outside (a link's fragment, a report's embedded JSON): every field is
 * checked against its kind and bounded in size, and only the fields the schema names are copied, so what
 * comes out is exactly the shape the page draws, whatever came in.
 */
export type Schema =
	| 'number'
	| 'boolean'
	| { string: number }
	| { int: [number, number] }
	| { oneOf: readonly string[] }
	| { nullable: Schema }
	| { array: Schema; max: number }
	| { object: Record<string, Schema>; optional?: readonly string[] };

export type Checked = { ok: true; value: unknown } | { ok: false; path: string; expected: string };

/** A copy of `value` holding only what `schema` names, or the first place where it does not fit. */
export function check(value: unknown, schema: Schema, path = '$'): Checked {
	const fail = (expected: string): Checked => ({ ok: false, path, expected });
	if (schema === 'number') return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : fail('a number');
	if (schema === 'boolean') return typeof value === 'boolean' ? { ok: true, value } : fail('true or false');
	if ('string' in schema) return typeof value === 'string' && value.length <= schema.string ? { ok: true, value } : fail(`text of at most ${schema.string} characters`);
	if ('int' in schema) {
		const [min, max] = schema.int;
		return Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? { ok: true, value } : fail(`a whole number from ${min} to ${max}`);
	}
	if ('oneOf' in schema) return typeof value === 'string' && schema.oneOf.includes(value) ? { ok: true, value } : fail(`one of ${schema.oneOf.join(', ')}`);
	if ('nullable' in schema) return value === null ? { ok: true, value } : check(value, schema.nullable, path);
	if ('array' in schema) {
		if (!Array.isArray(value) || value.length > schema.max) return fail(`a list of at most ${schema.max} items`);
		const out: unknown[] = [];
		for (const [i, item] of value.entries()) {
			const checked = check(item, schema.array, `${path}[${i}]`);
			if (!checked.ok) return checked;
			out.push(checked.value);
		}
		return { ok: true, value: out };
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('an object');
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(schema.object)) {
		if (!Object.hasOwn(value, key)) {
			if (schema.optional?.includes(key)) continue;
			return { ok: false, path: `${path}.${key}`, expected: 'a value' };
		}
		const checked = check((value as Record<string, unknown>)[key], field, `${path}.${key}`);
		if (!checked.ok) return checked;
		out[key] = checked.value;
	}
	return { ok: true, value: out };
}
