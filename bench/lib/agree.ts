/** The three approaches must give the same numbers before any of them is timed. */
import type { Numbers } from '../pages/shared';

/** Throws, naming the first difference, unless every approach's numbers equal the first one's. */
export function checkAgreement(results: Record<string, Numbers[]>): void {
	const [[reference, expected], ...others] = Object.entries(results);
	for (const [name, actual] of others) {
		expected.forEach((want, i) => {
			const got = actual[i];
			const where = `${name} vs ${reference} (${i === 0 ? 'no filter' : 'filtered'})`;
			if (JSON.stringify(got.funnel) !== JSON.stringify(want.funnel)) throw new Error(`funnel differs, ${where}: ${got.funnel} vs ${want.funnel}`);
			const cohorts = new Set([...Object.keys(want.retention), ...Object.keys(got.retention)]);
			for (const cohort of cohorts) {
				const [a, b] = [JSON.stringify(got.retention[cohort]), JSON.stringify(want.retention[cohort])];
				if (a !== b) throw new Error(`retention cohort ${cohort} differs, ${where}: ${a} vs ${b}`);
			}
		});
	}
}
