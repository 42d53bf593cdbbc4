/**
 * A long list of marks drawn a part per task. The page's budget is no main-thread task over 50 ms, and a chart of
 * thousands of cells (the retention heatmap at a million events) made in the task its answer arrives in runs over it
 * (bench:profile). What was drawn once follows a later answer in that answer's task, so a chart never shows part
 * of one answer beside part of another: only items beyond what was ever drawn come a part per task.
 */
export function drawnInParts(length: () => number, perPart: () => number): { readonly count: number } {
	/** The most items drawn so far: the high-water mark, not reset by a shorter answer. */
	let reached = $state(0);
	const count = $derived(Math.min(length(), Math.max(reached, perPart())));
	$effect(() => {
		if (count >= length()) return;
		const drawnNow = count;
		const timer = setTimeout(() => (reached = drawnNow + perPart()), 0);
		return () => clearTimeout(timer);
	});
	return {
		get count() {
			return count;
		}
	};
}
