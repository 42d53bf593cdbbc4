/**
 * What every approach computes, in one plain shape, so the runner can check that they agree:
 * funnel step counts of the lead lifecycle (cumulative) and the monthly retention matrix (cohort by first
 * seen, any event returns, counted "on"), with and without a customer filter.
 */
export interface Numbers {
	funnel: number[];
	/** Cohort label (YYYY-MM) → [size, count at k = 0, 1, …] up to the data's last month. */
	retention: Record<string, number[]>;
}

/** A filter: customers with at least one event whose attribute has this value. */
export interface BenchFilter {
	attribute: string;
	value: string;
}

/** Milliseconds a call takes, and its answer. */
export async function timed<T>(call: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
	const start = performance.now();
	const result = await call();
	return { ms: performance.now() - start, result };
}

/** The lead lifecycle's stages by event name (lower case), as the site's template reads them. */
export const STAGE_OF_EVENT: Record<string, number> = { lead: 1, mql: 2, sql: 3, opportunity: 4, purchase: 5 };
export const FUNNEL_STEPS = 7;

/** A month as YYYY-MM (UTC) and as a number that counts months. */
export const monthIndex = (t: number) => {
	const d = new Date(t);
	return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
export const monthLabel = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** Waits for the page's file input to get a file (the runner sets it). */
export function chosenFile(): Promise<File> {
	const input = document.querySelector<HTMLInputElement>('[data-testid=file]')!;
	return new Promise((done) => {
		if (input.files?.length) done(input.files[0]);
		else input.addEventListener('change', () => done(input.files![0]), { once: true });
	});
}
