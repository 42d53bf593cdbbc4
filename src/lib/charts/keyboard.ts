/** Enter or Space on a focused chart mark does what a click does. */
export function onActivate(run: () => void) {
	return (event: KeyboardEvent) => {
		if (event.key === 'Enter' || event.key === ' ') {
			event.preventDefault();
			run();
		}
	};
}
