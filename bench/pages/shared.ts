/**
 * What every approach computes, in one plain shape, so the runner can check that they agree:
 * funnel step counts of the lead lifecycle (cumulative), the monthly retention matrix (cohort by first
 * seen, any event returns, counted "on"), the Sankey of stage paths (4 positions, nodes under 1% of the
 * customers folded into "other") and the monthly lifecycle trend, with and without a customer filter.
 */
export interface Numbers {
	funnel: number[];
	/** Cohort label (YYYY-MM) → [size, count at k = 0, 1, …] up to the data's last month. */
	retention: Record<string, number[]>;
	paths: PathNumbers;
	/** Month label (YYYY-MM), every month from the first event's to the last's → TREND_COUNTS in that order. */
	trend: Record<string, number[]>;
}

/** The Sankey as counts: nodes keyed by pathNode, links by "source->target". */
export interface PathNumbers {
	customers: number;
	nodes: Record<string, number>;
	links: Record<string, number>;
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
/** Entered at the first event (first seen), and at the second purchase. */
export const FIRST_SEEN_STAGE = 0;
export const REPEAT_STAGE = 6;
/** The template's stage ids, in model order: the funnel's steps and the Sankey's node names. */
export const STAGE_IDS = ['prospect', 'lead', 'mql', 'sql', 'sqo', 'customer', 'repeat'];
export const FUNNEL_STEPS = STAGE_IDS.length;

/** Sankey options the dashboard uses: positions followed, and the share under which a node folds into "other". */
export const PATH_POSITIONS = 4;
export const PATH_MIN_SHARE = 0.01;
/** A Sankey node's name: position and stage index, or the end node (no further stage) or "other". */
export const pathNode = (position: number, stage: number | 'end' | 'other') =>
	`${position}:${typeof stage === 'number' ? STAGE_IDS[stage] : stage}`;

export const TREND_COUNTS = ['new', 'returning', 'resurrecting', 'dormant'] as const;

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
