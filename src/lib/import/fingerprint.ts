/** A file's fingerprint: the hex SHA-256 of its bytes, which stored datasets and shared links refer to. */

/** Hex SHA-256 of the file; '' where WebCrypto is unavailable (pages served over plain http). */
export async function fingerprint(file: Blob): Promise<string> {
	if (!globalThis.crypto?.subtle) return '';
	const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
	return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
