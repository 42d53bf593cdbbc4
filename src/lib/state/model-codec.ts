/**
 * An edited model in a link: JSON compressed with deflate-raw, then base64url. Decoding is bounded
 * (length in, bytes out) and validated field by field; a bad value gives a message, never an exception.
 */
import type { LifecycleModel } from '../engine/model';
import { validateModel } from '../engine/validate-model';
import { problem, type Problem } from '../base/problem';

const MAX_ENCODED = 16_000;
const MAX_JSON_BYTES = 256 * 1024;

export async function encodeModel(model: LifecycleModel): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(model));
	const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
	return toBase64Url(compressed);
}

export async function decodeModel(encoded: string): Promise<{ ok: true; model: LifecycleModel } | { ok: false; message: string; problem: Problem }> {
	if (encoded.length > MAX_ENCODED || !/^[A-Za-z0-9_-]*$/.test(encoded)) {
		return { ok: false, message: 'The model in this link is damaged (it is not base64url text of a sensible length).', problem: problem('link.modelDamaged') };
	}
	let json: string;
	try {
		const inflated = await collect(new Blob([fromBase64Url(encoded) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')), MAX_JSON_BYTES);
		json = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
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

/** Reads a byte stream whole, refusing more than `limit` bytes (a small link must not inflate into a huge one). */
async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
	const reader = stream.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			throw new Error('too large');
		}
		parts.push(value);
	}
	const out = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
