/**
 * JSON in a link: deflate-raw (the browser's own CompressionStream, in every current browser and in Node, so
 * no library), then base64url. Unpacking is bounded: a small link must not inflate into a huge one.
 */

export async function packJson(value: unknown, replacer?: (key: string, value: unknown) => unknown): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(value, replacer as never));
	return toBase64Url(await deflate(bytes));
}

/** The text packed by packJson; throws when it is not base64url, not deflate-raw, or inflates past `limit` bytes. */
export async function unpackText(encoded: string, limit: number): Promise<string> {
	const inflated = await collect(new Blob([fromBase64Url(encoded) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')), limit);
	return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
}

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
	return collect(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
}

export const isBase64Url = (text: string) => /^[A-Za-z0-9_-]*$/.test(text);

/** Reads a byte stream whole, refusing more than `limit` bytes. */
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

export function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
	return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
