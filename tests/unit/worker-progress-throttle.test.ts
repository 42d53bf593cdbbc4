/** An import's progress reaches the page a few times a second, and at once when its phase changes or it completes. */
import { afterEach, expect, it, vi } from 'vitest';
import type { ImportProgress } from '../../src/lib/import/import-file';
import { throttle } from '../../src/lib/worker/progress-throttle';

afterEach(() => vi.useRealTimers());

it('forwards a second of reading at a percent every 10 ms as five reports, and every change of phase and the end', () => {
	vi.useFakeTimers({ now: 0 });
	const sent: ImportProgress[] = [];
	const report = throttle((p) => sent.push(p));
	const at = (fraction: number, phase: ImportProgress['phase'] = 'reading') => report({ phase, fraction, bytesRead: Math.round(fraction * 1e6), rowsRead: Math.round(fraction * 1e4) });
	for (let i = 0; i < 100; i++) {
		at(i / 100);
		vi.advanceTimersByTime(10);
	}
	at(1);
	at(0, 'storing');
	at(0.5, 'storing');
	vi.advanceTimersByTime(300);
	at(0.6, 'storing');
	at(0.6005, 'storing');
	at(1, 'storing');
	const reading = sent.filter((p) => p.phase === 'reading').map((p) => p.fraction);
	// The first, one each 250 ms (0.25, 0.5, 0.75), and the end.
	expect(reading).toEqual([0, 0.25, 0.5, 0.75, 1]);
	expect(sent.filter((p) => p.phase === 'storing').map((p) => p.fraction)).toEqual([0, 0.6, 1]);
});
