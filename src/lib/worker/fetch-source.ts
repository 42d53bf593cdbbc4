/**
 * A public file the user pointed to with ?src=, downloaded in the import worker (the page's thread never holds
 * it): streamed into a Blob as it arrives, with a size cap, a stall timeout and Cancel; a plain message when the
 * server does not let the page read it (CORS), sends it elsewhere (a redirect), or is not there.
 */
import { formatMb } from '../import/budgets';
import { problem, ProblemError } from '../base/problem';

export type FetchProgress = { bytes: number; total: number | null; cap: number };

export interface FetchLimits {
	/** Bytes a link may load. */
	maxBytes: number;
	/** Milliseconds without a byte before loading stops. */
	stallMs: number;
}

export const FETCH_LIMITS: FetchLimits = { maxBytes: 1024 * 1024 * 1024, stallMs: 30_000 };

/** Bytes gathered before they are folded into the Blob, which the browser may keep outside the JavaScript heap. */
const FOLD_BYTES = 16 * 1024 * 1024;

export async function fetchSource(
	url: URL,
	onProgress: (progress: FetchProgress) => void,
	signal: AbortSignal,
	limits: FetchLimits = FETCH_LIMITS
): Promise<File> {
	const host = url.host;
	const cancelled = () => new ProblemError(`Loading the file from ${host} was cancelled.`, problem('fetch.cancelled', { host }));
	// One controller stops the request: Cancel, the stall timer or the cap.
	const controller = new AbortController();
	let stopped: ProblemError | null = null;
	const stop = (reason: ProblemError) => {
		stopped ??= reason;
		controller.abort();
	};
	const onCancel = () => stop(cancelled());
	signal.addEventListener('abort', onCancel);
	const seconds = Math.round(limits.stallMs / 1000);
	const stalled = new ProblemError(
		`The server at ${host} sent nothing for ${seconds} seconds, so loading stopped. Try again later, or download the file and drop it here instead.`,
		problem('fetch.stalled', { host, seconds })
	);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waitForBytes = () => {
		clearTimeout(timer);
		timer = setTimeout(() => stop(stalled), limits.stallMs);
	};
	try {
		if (signal.aborted) throw cancelled();
		waitForBytes();
		let response: Response;
		try {
			response = await fetch(url, { mode: 'cors', credentials: 'omit', signal: controller.signal });
		} catch {
			if (stopped) throw stopped;
			throw await unreadable(url, controller.signal);
		}
		if (!response.ok) {
			const params = { host, status: response.status, statusText: response.statusText, path: url.pathname };
			throw new ProblemError(`The server at ${host} answered ${response.status} ${response.statusText} for ${url.pathname}.`, problem('fetch.status', params));
		}
		const tooLarge = new ProblemError(
			`The file at ${host} is larger than ${formatMb(limits.maxBytes)}, the most a link can load. Download it and drop it here instead, or split it.`,
			problem('fetch.tooLarge', { host, limit: formatMb(limits.maxBytes) })
		);
		const total = Number(response.headers.get('content-length')) || null;
		if (total !== null && total > limits.maxBytes) throw tooLarge;
		const reader = response.body!.getReader();
		let blob = new Blob([]);
		let parts: Uint8Array[] = [];
		let pending = 0;
		let bytes = 0;
		try {
			for (;;) {
				let next: ReadableStreamReadResult<Uint8Array>;
				try {
					next = await reader.read();
				} catch (error) {
					throw stopped ?? error;
				}
				if (next.done) break;
				waitForBytes();
				bytes += next.value.byteLength;
				if (bytes > limits.maxBytes) throw tooLarge;
				parts.push(next.value);
				pending += next.value.byteLength;
				if (pending >= FOLD_BYTES) {
					blob = new Blob([blob, ...(parts as BlobPart[])]);
					parts = [];
					pending = 0;
				}
				onProgress({ bytes, total, cap: limits.maxBytes });
			}
		} finally {
			await reader.cancel().catch(() => {});
		}
		if (stopped) throw stopped;
		const name = decodeURIComponent(url.pathname.split('/').pop() || 'download') || 'download';
		return new File([blob, ...(parts as BlobPart[])], name, { type: response.headers.get('content-type') ?? '' });
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onCancel);
	}
}

/**
 * Why a fetch failed, as far as a page can tell: a redirect (seen by asking again without following it), else
 * a server that is unreachable or does not allow other sites to read its files.
 */
async function unreadable(url: URL, signal: AbortSignal): Promise<ProblemError> {
	const host = url.host;
	const redirected = await fetch(url, { mode: 'cors', credentials: 'omit', redirect: 'manual', signal }).then(
		(r) => r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400),
		() => false
	);
	if (redirected) {
		return new ProblemError(
			`The server at ${host} sent the link on to another address, which this page could not read: only https addresses whose server lets other sites read its files (CORS) can be loaded. Use the final https address in the link, or download the file and drop it here instead.`,
			problem('fetch.redirect', { host })
		);
	}
	return new ProblemError(
		`The file at ${host} could not be read. Either the server is unreachable, or it does not allow other sites to read ` +
			'its files (it sends no CORS header, Access-Control-Allow-Origin). Download the file and drop it here instead.',
		problem('fetch.unreachable', { host })
	);
}
