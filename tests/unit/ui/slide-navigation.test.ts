import { afterEach, describe, expect, it, vi } from 'vitest';
import { onSlideKey, swipeDirection, type SlideActions } from '../../../src/lib/ui/slide-navigation';

/** The deck's actions, each recording its name, and a key event that records whether the page's default was kept. */
function deck() {
	const calls: string[] = [];
	const actions = Object.fromEntries(['next', 'back', 'first', 'last', 'leave'].map((name) => [name, () => calls.push(name)])) as unknown as SlideActions;
	const press = (key: string, modifiers: Partial<Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey'>> = {}) => {
		const event = { key, altKey: false, ctrlKey: false, metaKey: false, ...modifiers, prevented: false, preventDefault() { this.prevented = true; } };
		onSlideKey(event as unknown as KeyboardEvent, actions);
		return event.prevented;
	};
	return { calls, press };
}

/** A document in or out of full screen, its requests recorded. */
function stubDocument(fullscreen: boolean) {
	const requested: string[] = [];
	vi.stubGlobal('document', {
		fullscreenElement: fullscreen ? {} : null,
		exitFullscreen: async () => void requested.push('exit'),
		documentElement: { requestFullscreen: async () => void requested.push('enter') }
	});
	return requested;
}

afterEach(() => vi.unstubAllGlobals());

describe('slide keys, the same in every deck', () => {
	it('moves with the arrows, Space, Page Up/Down, Home and End, and takes the key from the page', () => {
		stubDocument(false);
		const { calls, press } = deck();
		const keys = ['ArrowRight', 'ArrowDown', ' ', 'PageDown', 'ArrowLeft', 'ArrowUp', 'PageUp', 'Home', 'End'];
		expect(keys.map((key) => press(key))).toEqual(keys.map(() => true));
		expect(calls).toEqual(['next', 'next', 'next', 'next', 'back', 'back', 'back', 'first', 'last']);
	});

	it('leaves on Escape, but in full screen leaves Escape to the browser (it ends full screen)', () => {
		stubDocument(false);
		const out = deck();
		expect(out.press('Escape')).toBe(true);
		expect(out.calls).toEqual(['leave']);
		stubDocument(true);
		const full = deck();
		expect(full.press('Escape')).toBe(false);
		expect(full.calls).toEqual([]);
	});

	it('F enters full screen, or ends it', () => {
		const entering = stubDocument(false);
		expect(deck().press('f')).toBe(true);
		expect(entering).toEqual(['enter']);
		const leaving = stubDocument(true);
		expect(deck().press('F')).toBe(true);
		expect(leaving).toEqual(['exit']);
	});

	it('leaves a key with a modifier, and any other key, to the page', () => {
		stubDocument(false);
		const { calls, press } = deck();
		expect([press('ArrowRight', { ctrlKey: true }), press('ArrowLeft', { altKey: true }), press('End', { metaKey: true }), press('a'), press('Enter')]).toEqual([false, false, false, false, false]);
		expect(calls).toEqual([]);
	});
});

describe('slide swipes on a touch screen', () => {
	it('a swipe to the left is next, to the right back', () => {
		expect(swipeDirection(-80, 10)).toBe('next');
		expect(swipeDirection(120, -30)).toBe('back');
	});

	it('a tap, a short move or a scroll down the slide moves nothing', () => {
		expect(swipeDirection(0, 0)).toBeNull();
		expect(swipeDirection(-49, 0)).toBeNull();
		// More down than 1.5 times across: a scroll or a pinch, not a swipe.
		expect(swipeDirection(-90, 61)).toBeNull();
		expect(swipeDirection(-90, 59)).toBe('next');
	});
});
