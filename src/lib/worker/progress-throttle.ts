/** How far an import got, told to the page no more often than it can use. */
import type { ImportProgress } from '../import/import-file';

/**
 * Forwards a progress report at most every PROGRESS_EVERY_MS (and by a percent at least), and at once when it changes
 * phase or completes: the page redraws the bar for each (its label, a layout, a paint), on the cores the import needs.
 * At a percent a report, a 1M-event import redrew it 15-20 times a second while both parts read (a traced import:
 * about 60 ms on the page's thread and 30 more in the compositor while the two parts ran).
 */
export function throttle(report: (progress: ImportProgress) => void) {
	let last: ImportProgress | null = null;
	let sent = 0;
	return (progress: ImportProgress) => {
		const now = Date.now();
		if (last && last.phase === progress.phase && progress.fraction < 1 && (progress.fraction - last.fraction < 0.01 || now - sent < PROGRESS_EVERY_MS)) return;
		last = progress;
		sent = now;
		report(progress);
	};
}

/** How often the page hears how far an import got: often enough for a bar that moves. */
export const PROGRESS_EVERY_MS = 250;
