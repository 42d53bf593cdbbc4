/**
 * How a presentation is driven, the same in every deck (the dashboard's and a shared snapshot's): → ↓ Space
 * PageDown next, ← ↑ PageUp back, Home and End, F full screen, Esc leave (in full screen Esc leaves full screen,
 * as the browser does); on a touch screen a swipe to the left next, to the right back (on a phone the scaled slide's
 * buttons are too small to tap).
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

/** The shortest swipe that moves a slide (CSS px), and how much more across than down it must go. */
const SWIPE = { distance: 50, slope: 1.5 };

/** A finger's move from where it touched to where it lifted: 'next' for a swipe to the left, 'back' to the right. */
export function swipeDirection(dx: number, dy: number): 'next' | 'back' | null {
	if (Math.abs(dx) < SWIPE.distance || Math.abs(dx) < SWIPE.slope * Math.abs(dy)) return null;
	return dx < 0 ? 'next' : 'back';
}

/** Moves a deck by touch swipes on its node (a mouse's drag selects text as before). */
export function slideSwipes(actions: Pick<SlideActions, 'next' | 'back'>) {
	return (node: HTMLElement) => {
		let start: { x: number; y: number; id: number } | null = null;
		const down = (event: PointerEvent) => {
			if (event.pointerType !== 'mouse' && event.isPrimary) start = { x: event.clientX, y: event.clientY, id: event.pointerId };
		};
		const up = (event: PointerEvent) => {
			if (!start || event.pointerId !== start.id) return;
			const direction = swipeDirection(event.clientX - start.x, event.clientY - start.y);
			start = null;
			if (direction) actions[direction]();
		};
		const cancel = () => (start = null);
		node.addEventListener('pointerdown', down);
		node.addEventListener('pointerup', up);
		node.addEventListener('pointercancel', cancel);
		return () => {
			node.removeEventListener('pointerdown', down);
			node.removeEventListener('pointerup', up);
			node.removeEventListener('pointercancel', cancel);
		};
	};
}
