import { afterNextPaint } from './after-next-paint';

/**
 * Runs `then` once the page's next frame is painted and the browser is idle, or `timeoutMs` after that frame at most;
 * returns a cancel function. For work the page will want soon but not while it opens: the service worker's
 * registration, the next page's code.
 */
export function whenIdle(then: () => void, timeoutMs = 2000): () => void {
	let idle: number | undefined;
	const stopWaiting = afterNextPaint(() => {
		if ('requestIdleCallback' in window) idle = requestIdleCallback(then, { timeout: timeoutMs });
		else then();
	});
	return () => {
		stopWaiting();
		if (idle !== undefined) cancelIdleCallback(idle);
	};
}
