/**
 * How a link's file was mapped, carried by the link: the shape, the time zone, and each mapped column by its
 * header with its role and settings (date format, so also day/month order; decimal mark; a stage date's event;
 * whatever else a column or the mapping holds, such as an order id or derived revenue); for a workbook, the sheet
 * read. Compact: ignored columns are left out, and the JSON is deflated (compress.ts). Reading validates every
 * field; a bad one is a problem. A link made before the sheet travelled has none: the first sheet is read.
 */
import { problem, type Problem } from '../base/problem';
import { DATE_FORMAT_LABELS } from '../import/dates';
import { ROLE_LABELS, SHAPE_LABELS } from '../import/roles';
import { isBase64Url, packJson, unpackText } from './compress';
import type { ColumnMapping, ColumnSpec } from '../base/source-types';

/** A mapping by header names, so that it applies to the same file whatever order its columns come in. */
export interface LinkedMapping {
	shape: ColumnMapping['shape'];
	timeZone: string;
	columns: (ColumnSpec & { header: string })[];
	/** Further settings of the mapping, as the mapping holds them. */
	extra: Record<string, Primitive>;
	/** The workbook's sheet the file was read from (.xlsx, .ods). */
	sheet?: string;
}

type Primitive = string | number | boolean;

/** The longest mapping a link carries (a file of thousands of mapped columns is mapped again instead). */
export const MAX_ENCODED = 4000;
const MAX_JSON = 64 * 1024;
const MAX_TEXT = 500;

export function encodeMapping(header: string[], mapping: ColumnMapping, sheet?: string): Promise<string> {
	const { shape, timeZone, columns, ...extra } = mapping;
	const mapped = columns.flatMap((spec, c) => (spec.role === 'ignore' ? [] : [{ header: header[c] ?? '', ...spec }]));
	return packJson({ shape, timeZone, columns: mapped, ...(Object.keys(extra).length ? { extra } : {}), ...(sheet !== undefined ? { sheet } : {}) });
}

export type DecodedMapping = { ok: true; mapping: LinkedMapping } | { ok: false; message: string; problem: Problem };

export async function decodeMapping(encoded: string): Promise<DecodedMapping> {
	const bad = (detail: string): DecodedMapping => ({ ok: false, message: `The column mapping in this link is not valid: ${detail}.`, problem: problem('link.mappingInvalid', { detail }) });
	if (encoded.length > MAX_ENCODED || !isBase64Url(encoded)) return bad('it is not base64url text of a sensible length');
	let parsed: unknown;
	try {
		parsed = JSON.parse(await unpackText(encoded, MAX_JSON));
	} catch {
		return bad('it is damaged or cut short');
	}
	if (!isRecord(parsed)) return bad('it is not an object');
	const { shape, timeZone, columns, extra = {}, sheet } = parsed;
	if (typeof shape !== 'string' || !Object.hasOwn(SHAPE_LABELS, shape)) return bad(`the shape "${String(shape).slice(0, 40)}" is not one this page knows`);
	if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) return bad(`the time zone "${String(timeZone).slice(0, 40)}" is not one this browser knows`);
	if (!Array.isArray(columns) || columns.length > 1000) return bad('its columns are not a list');
	const out: LinkedMapping['columns'] = [];
	for (const column of columns) {
		const checked = checkColumn(column);
		if (typeof checked === 'string') return bad(checked);
		out.push(checked);
	}
	const extras = primitives(extra);
	if (typeof extras === 'string') return bad(extras);
	if (sheet !== undefined && (typeof sheet !== 'string' || sheet.length > MAX_TEXT)) return bad('the sheet is not a name');
	const mapping = { shape: shape as LinkedMapping['shape'], timeZone, columns: out, extra: extras };
	return { ok: true, mapping: sheet === undefined ? mapping : { ...mapping, sheet } };
}

function checkColumn(column: unknown): (ColumnSpec & { header: string }) | string {
	if (!isRecord(column)) return 'a column is not an object';
	const { header, role, event, dateFormat, decimal, ...rest } = column;
	if (typeof header !== 'string' || header.length > MAX_TEXT) return 'a column has no header';
	if (typeof role !== 'string' || !Object.hasOwn(ROLE_LABELS, role)) return `the role "${String(role).slice(0, 40)}" is not one this page knows`;
	if (event !== undefined && (typeof event !== 'string' || event.length > MAX_TEXT)) return `the event of ${header} is not text`;
	if (dateFormat !== undefined && (typeof dateFormat !== 'string' || !Object.hasOwn(DATE_FORMAT_LABELS, dateFormat))) return `the date format of ${header} is not one this page knows`;
	if (decimal !== undefined && decimal !== '.' && decimal !== ',') return `the decimal mark of ${header} is not . or ,`;
	const others = primitives(rest);
	if (typeof others === 'string') return others;
	return { header, role: role as ColumnSpec['role'], ...(event !== undefined ? { event } : {}), ...(dateFormat ? { dateFormat } : {}), ...(decimal ? { decimal } : {}), ...others } as ColumnSpec & { header: string };
}

/** Settings this page does not know by name travel as plain values only, bounded. */
function primitives(value: unknown): Record<string, Primitive> | string {
	if (!isRecord(value)) return 'a setting is not an object';
	const out: Record<string, Primitive> = {};
	for (const [key, v] of Object.entries(value)) {
		const ok = (typeof v === 'string' && v.length <= MAX_TEXT) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
		if (!ok || key.length > 50) return `the setting "${key.slice(0, 40)}" is not a plain value`;
		out[key] = v as Primitive;
	}
	return out;
}

/**
 * The link's mapping for a file with this header: each mapped column found by its header (trimmed), the others
 * ignored. `missing` lists the link's columns the file does not have (then it is not the same file).
 */
export function mappingForHeader(linked: LinkedMapping, header: string[]): { mapping: ColumnMapping; missing: string[] } {
	const position = new Map(header.map((h, c) => [h.trim(), c]));
	const columns: ColumnSpec[] = header.map(() => ({ role: 'ignore' }));
	const missing: string[] = [];
	for (const { header: name, ...spec } of linked.columns) {
		const c = position.get(name.trim());
		if (c === undefined) missing.push(name);
		else columns[c] = spec;
	}
	return { mapping: { ...linked.extra, shape: linked.shape, timeZone: linked.timeZone, columns }, missing };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isTimeZone(zone: string): boolean {
	if (zone.length > 100) return false;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
