/**
 * An edited model in a link: JSON compressed with deflate-raw, then base64url (compress.ts). Decoding is bounded
 * (length in, bytes out) and validated field by field; a bad value gives a message, never an exception.
 */
import { templateById, type LifecycleModel } from '../engine/model';
import { validateModel } from '../engine/validate-model';
import { problem, type Problem } from '../base/problem';
import { isBase64Url, packJson, unpackText } from './compress';

const MAX_ENCODED = 16_000;
const MAX_JSON_BYTES = 256 * 1024;

/** A model equal to its template travels as the template's id; anything else travels whole (encodeModel). */
export function isUnchangedTemplate(model: LifecycleModel): boolean {
	const template = templateById(model.id);
	return template !== undefined && JSON.stringify(template) === JSON.stringify(model);
}

export async function encodeModel(model: LifecycleModel): Promise<string> {
	return packJson(model);
}

export async function decodeModel(encoded: string): Promise<{ ok: true; model: LifecycleModel } | { ok: false; message: string; problem: Problem }> {
	if (encoded.length > MAX_ENCODED || !isBase64Url(encoded)) {
		return { ok: false, message: 'The model in this link is damaged (it is not base64url text of a sensible length).', problem: problem('link.modelDamaged') };
	}
	let json: string;
	try {
		json = await unpackText(encoded, MAX_JSON_BYTES);
	} catch {
		return { ok: false, message: 'The model in this link is damaged or cut short; it could not be unpacked.', problem: problem('link.modelUnpack') };
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		return { ok: false, message: 'The model in this link is not valid JSON.', problem: problem('link.modelJson') };
	}
	const result = validateModel(parsed);
	if (result.ok) return result;
	const errors = result.errors.slice(0, 3).join('; ');
	return { ok: false, message: `The model in this link is not valid: ${errors}.`, problem: problem('link.modelInvalid', { errors }) };
}
