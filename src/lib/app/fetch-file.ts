/**
 * A public file the user pointed to with ?src=: fetched only because the link asks for it, with progress,
 * and a plain message when the server does not let the page read it (CORS) or is not there.
 */
import { problem, ProblemError } from '../base/problem';

export type FetchProgress = { bytes: number; total: number | null };

/** https only; plain http just for this computer (local testing). Otherwise what is wrong, as an error to show (not thrown). */
export function checkSourceUrl(text: string): URL | ProblemError {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		const address = text.slice(0, 80);
		return new ProblemError(`"${address}" is not a web address.`, problem('fetch.notAddress', { address }));
	}
	const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
		return new ProblemError(`Only https addresses can be loaded (got ${url.protocol}).`, problem('fetch.notHttps', { protocol: url.protocol }));
	}
	return url;
}

export async function fetchFile(url: URL, onProgress: (progress: FetchProgress) => void): Promise<File> {
	let response: Response;
	try {
		response = await fetch(url, { mode: 'cors', credentials: 'omit' });
	} catch {
		throw new ProblemError(
			`The file at ${url.host} could not be read. Either the server is unreachable, or it does not allow other sites to read ` +
				'its files (it sends no CORS header, Access-Control-Allow-Origin). Download the file and drop it here instead.',
			problem('fetch.unreachable', { host: url.host })
		);
	}
	if (!response.ok) {
		const params = { host: url.host, status: response.status, statusText: response.statusText, path: url.pathname };
		throw new ProblemError(`The server at ${url.host} answered ${response.status} ${response.statusText} for ${url.pathname}.`, problem('fetch.status', params));
	}
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
