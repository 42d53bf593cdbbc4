/** The three approaches must give the same numbers before any of them is timed. */
import type { Numbers } from '../pages/shared';

/** Throws, naming the first difference, unless every approach's numbers equal the first one's. */
export function checkAgreement(results: Record<string, Numbers[]>): void {
	const [[reference, expected], ...others] = Object.entries(results);
	for (const [name, actual] of others) {
		expected.forEach((want, i) => {
			const got = actual[i];
			const where = `${name} vs ${reference} (${i === 0 ? 'no filter' : 'filtered'})`;
			same('funnel', got.funnel, want.funnel, where);
			sameEntries('retention cohort', got.retention, want.retention, where);
			same('paths customers', got.paths.customers, want.paths.customers, where);
			sameEntries('paths node', got.paths.nodes, want.paths.nodes, where);
			sameEntries('paths link', got.paths.links, want.paths.links, where);
			sameEntries('trend month', got.trend, want.trend, where);
		});
	}
}

function same(what: string, got: unknown, want: unknown, where: string) {
	const [a, b] = [JSON.stringify(got), JSON.stringify(want)];
	if (a !== b) throw new Error(`${what} differs, ${where}: ${a} vs ${b}`);
}

/** Key by key, so that the message names the first key that differs or that one side lacks. */
function sameEntries(what: string, got: Record<string, unknown>, want: Record<string, unknown>, where: string) {
	for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) same(`${what} ${key}`, got[key], want[key], where);
}
