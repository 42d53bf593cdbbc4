/**
 * A chart's tooltip, shown when a mark is hovered or focused (so keyboard users get it too), hidden on leaving it,
 * on blur or with Escape. A chart's marks carry their text in data-tip under one set of handlers (delegate, which
 * ChartFrame puts on its SVG) and use tip.keys(run) as their keydown handler; a lone control may take tip.on(text).
 */
import { onActivate } from './keyboard';

export interface Tip {
	readonly text: string;
	readonly x: number;
	readonly y: number;
	readonly visible: boolean;
	on(text: () => string): {
		onmouseenter: (event: MouseEvent) => void;
		onmouseleave: () => void;
		onfocus: (event: FocusEvent) => void;
		onblur: () => void;
	};
	keys(run: () => void): (event: KeyboardEvent) => void;
	/**
	 * Handlers for a container whose marks carry their text in data-tip: one set for a chart of hundreds of
	 * marks, instead of four handlers spread on each (which made opening the retention heatmap a long task).
	 */
	delegate(): {
		onmouseover: (event: MouseEvent) => void;
		onmouseout: (event: MouseEvent) => void;
		onfocusin: (event: FocusEvent) => void;
		onfocusout: (event: FocusEvent) => void;
		onkeydown: (event: KeyboardEvent) => void;
	};
	hide(): void;
}

/** The mark an event happened in, if it carries a tooltip. */
const markOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('[data-tip]') : null);

/** container: the positioned element (position: relative) the tooltip is placed in. */
export function tooltip(container: () => HTMLElement | undefined): Tip {
	const state = $state({ text: '', x: 0, y: 0, visible: false });
	function show(target: EventTarget | null, text: string) {
		const box = container()?.getBoundingClientRect();
		const mark = (target as Element | null)?.getBoundingClientRect();
		if (!box || !mark) return;
		Object.assign(state, { text, x: mark.left + mark.width / 2 - box.left, y: mark.top - box.top, visible: true });
	}
	const hide = () => (state.visible = false);
	return {
		get text() {
			return state.text;
		},
		get x() {
			return state.x;
		},
		get y() {
			return state.y;
		},
		get visible() {
			return state.visible;
		},
		on: (text) => ({
			onmouseenter: (event) => show(event.currentTarget, text()),
			onmouseleave: hide,
			onfocus: (event) => show(event.currentTarget, text()),
			onblur: hide
		}),
		keys: (run) => {
			const activate = onActivate(run);
			return (event) => {
				if (event.key === 'Escape') hide();
				else activate(event);
			};
		},
		delegate: () => {
			const enter = (event: Event) => {
				const mark = markOf(event.target);
				if (mark) show(mark, mark.dataset.tip ?? '');
			};
			// Leaving a mark for one of its own children is not leaving it.
			const leave = (event: MouseEvent | FocusEvent) => {
				const mark = markOf(event.target);
				if (mark && !mark.contains(event.relatedTarget as Node | null)) hide();
			};
			return {
				onmouseover: enter,
				onfocusin: enter,
				onmouseout: leave,
				onfocusout: leave,
				onkeydown: (event) => {
					if (event.key === 'Escape') hide();
				}
			};
		},
		hide
	};
}
