/**
 * A chart's width, from a ResizeObserver only. bind:clientWidth also reads clientWidth while the view mounts,
 * which forces a layout of the half-built page once per chart (20-30 ms of a view's first frame at a million
 * events); the observer reports after the browser's own layout, before paint, so the chart never shows at the
 * wrong width.
 */
import type { Attachment } from 'svelte/attachments';

export function observeWidth(set: (width: number) => void): Attachment<HTMLElement> {
	return (element) => {
		const observer = new ResizeObserver(() => set(element.clientWidth));
		observer.observe(element);
		return () => observer.disconnect();
	};
}
