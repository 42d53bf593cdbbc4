/**
 * Runs `then` in a task after the frame that shows the page as it is now has been painted (a task queued from a
 * frame's callback runs after that frame); the returned function cancels it. For work that should not compete with
 * the page's first frame of something, such as a file's hash once its mapper is drawn.
 */
export function afterNextPaint(then: () => void): () => void {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const frame = requestAnimationFrame(() => (timer = setTimeout(then, 0)));
	return () => {
		cancelAnimationFrame(frame);
		clearTimeout(timer);
	};
}
