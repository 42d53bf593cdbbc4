/** Label fitting, hand-checked: how many characters a room holds, shortening, and wrapping between words. */
import { describe, expect, it, vi } from 'vitest';
import { charsIn, labelCentre, labelEvery, roomFor, shorten, wrap } from '../../../src/lib/charts/text-fit';

describe('fitting a label to its room', () => {
	it('counts characters at a wide glyph: 100 px at 10 px type hold 13 (100 / 7.2), and roomFor gives the room back', () => {
		expect(charsIn(100, 10)).toBe(13);
		expect(charsIn(roomFor(16, 12.8), 12.8)).toBe(16);
		expect(charsIn(-5, 10)).toBe(0);
	});

	it('shortens only what is longer than its room, with an ellipsis inside the room', () => {
		expect(shorten('No further stage', 16)).toBe('No further stage');
		expect(shorten('No further stage', 12)).toBe('No further…');
		expect(shorten('No further stage', 12).length).toBeLessThanOrEqual(12);
	});

	it('wraps between words: "No further stage" in 10 characters is "No further" / "stage", whole', () => {
		expect(wrap('No further stage', 10, 2)).toEqual({ lines: ['No further', 'stage'], cut: false });
		expect(wrap('No further stage', 16, 2)).toEqual({ lines: ['No further stage'], cut: false });
		expect(wrap('Anonymous prospect', 9, 3)).toEqual({ lines: ['Anonymous', 'prospect'], cut: false });
	});

	it('shortens where even wrapping has no room: the last line ends in an ellipsis, a long word is cut', () => {
		expect(wrap('No further stage', 10, 1)).toEqual({ lines: ['No furthe…'], cut: true });
		expect(wrap('No further stage', 7, 2)).toEqual({ lines: ['No', 'furthe…'], cut: true });
		expect(wrap('Onboarding', 6, 2)).toEqual({ lines: ['Onboa…'], cut: true });
		expect(wrap('Lead', 10, 0)).toEqual({ lines: [], cut: true });
	});
});

describe('period labels under an axis', () => {
	it('thin out to every second label when twelve 7-character labels (56 px each at 8 px glyphs) have 400 px', () => {
		const labels = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
		expect(labelEvery(labels, 400, 8)).toBe(Math.ceil((12 * (7 * 8 + 8)) / 400));
		expect(labelEvery(labels, 10_000, 8)).toBe(1);
	});

	it('keep a label inside the chart at its ends', () => {
		expect(labelCentre(0, '2025-01', 0, 500, 8)).toBe(28);
		expect(labelCentre(500, '2025-12', 0, 500, 8)).toBe(472);
		expect(labelCentre(250, '2025-06', 0, 500, 8)).toBe(250);
	});
});

describe('the root font size', () => {
	it('is read as the module loads and again only when the root element’s classes change (presenting enlarges it)', async () => {
		// A page's root element and its computed style, counted: each read of it had the browser work out the style of
		// every element not yet styled (in a chart's first task, the whole page just built).
		const root = { className: '' };
		let reads = 0;
		vi.stubGlobal('document', { documentElement: root });
		vi.stubGlobal('getComputedStyle', () => {
			reads++;
			return { fontSize: root.className.includes('presenting') ? '28px' : '16px' };
		});
		try {
			vi.resetModules();
			const { rootFontSize, glyphWidth } = await import('../../../src/lib/charts/text-fit');
			expect(reads).toBe(1);
			expect([rootFontSize(), rootFontSize(), glyphWidth()]).toEqual([16, 16, 0.62 * 16]);
			expect(reads).toBe(1);
			root.className = 'presenting';
			expect([rootFontSize(), rootFontSize()]).toEqual([28, 28]);
			expect(reads).toBe(2);
			root.className = '';
			expect(rootFontSize()).toBe(16);
			expect(reads).toBe(3);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
