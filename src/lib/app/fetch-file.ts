/**
 * A public file the user pointed to with ?src=: which addresses may be fetched. The import worker downloads it
 * (worker/fetch-source.ts), so the page's thread never holds the file.
 */
import { problem, ProblemError } from '../base/problem';

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
