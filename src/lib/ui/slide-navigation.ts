/**
 * How a presentation is driven, the same in every deck (the dashboard's and a shared snapshot's): → ↓ Space
 * PageDown next, ← ↑ PageUp back, Home and End, F full screen, Esc leave (in full screen Esc leaves full screen,
 * as the browser does).
 */

export interface SlideActions {
	next: () => void;
	back: () => void;
	first: () => void;
	last: () => void;
	leave: () => void;
}

export function toggleFullScreen(): void {
	if (document.fullscreenElement) void document.exitFullscreen();
	else void document.documentElement.requestFullscreen?.().catch(() => {});
}

/** Runs the action of a slide key; any other key (or one with a modifier) is left to the page. */
export function onSlideKey(event: KeyboardEvent, actions: SlideActions): void {
	if (event.altKey || event.ctrlKey || event.metaKey) return;
	const key = event.key;
	if (['ArrowRight', 'ArrowDown', ' ', 'PageDown'].includes(key)) actions.next();
	else if (['ArrowLeft', 'ArrowUp', 'PageUp'].includes(key)) actions.back();
	else if (key === 'Home') actions.first();
	else if (key === 'End') actions.last();
	else if (key === 'f' || key === 'F') toggleFullScreen();
	else if (key === 'Escape' && !document.fullscreenElement) actions.leave();
	else return;
	event.preventDefault();
}
