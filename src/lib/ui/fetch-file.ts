/**
 * A public file the user pointed to with ?src=: fetched only because the link asks for it, with progress,
 * and a plain message when the server does not let the page read it (CORS) or is not there.
 */
export type FetchProgress = { bytes: number; total: number | null };

/** https only; plain http just for this computer (local testing). */
export function checkSourceUrl(text: string): URL | string {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return `"${text.slice(0, 80)}" is not a web address.`;
	}
	const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return `Only https addresses can be loaded (got ${url.protocol}).`;
	return url;
}

export async function fetchFile(url: URL, onProgress: (progress: FetchProgress) => void): Promise<File> {
	let response: Response;
	try {
		response = await fetch(url, { mode: 'cors', credentials: 'omit' });
	} catch {
		throw new Error(
			`The file at ${url.host} could not be read. Either the server is unreachable, or it does not allow other sites to read ` +
				'its files (it sends no CORS header, Access-Control-Allow-Origin). Download the file and drop it here instead.'
		);
	}
	if (!response.ok) throw new Error(`The server at ${url.host} answered ${response.status} ${response.statusText} for ${url.pathname}.`);
	const total = Number(response.headers.get('content-length')) || null;
	const reader = response.body!.getReader();
	const parts: Uint8Array[] = [];
	let bytes = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		parts.push(value);
		bytes += value.byteLength;
		onProgress({ bytes, total });
	}
	const name = decodeURIComponent(url.pathname.split('/').pop() || 'download') || 'download';
	return new File(parts as BlobPart[], name, { type: response.headers.get('content-type') ?? '' });
}
