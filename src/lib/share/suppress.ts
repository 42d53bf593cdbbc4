/**
 * Small-count suppression for shared results (docs/sharing.md): primary suppression of every count of customers
 * from 1 to k − 1, then complementary (secondary) suppression so that no hidden cell can be recovered by
 * subtraction from the cells and totals that stay visible.
 *
 * A result is seen as cells (numbers) and relations among them: `total = parts[0] + parts[1] + …`. A relation
 * with exactly one hidden cell gives that cell away (total − the visible parts), so another of its cells is
 * hidden too, the smallest part that is not already hidden (least information lost); hiding it can leave
 * another relation with one hidden cell, so the rule runs until no relation has exactly one.
 */

/** A cell is shown, hidden because it is under k (shown as "<k"), or withheld to protect such a cell. */
export const SHOWN = 0;
export const UNDER_K = 1;
export const WITHHELD = 2;
export type Mark = typeof SHOWN | typeof UNDER_K | typeof WITHHELD;

export interface Relation {
	/** Index of the cell that is the sum of the parts. */
	total: number;
	parts: number[];
}

/** Whether a count of customers must be hidden at threshold k: 1 to k − 1 (zero names nobody, so it shows). */
export const isUnderK = (count: number, k: number) => count > 0 && count < k;

/**
 * The mark of every cell. `primary[i]` says cell i is itself too small to show (a count under k, or a sum of
 * money over fewer than k customers). Relations that do not hold on these values are ignored (no subtraction
 * can use them), so a caller may offer relations that only hold for some data.
 */
export function suppress(values: readonly number[], primary: readonly boolean[], relations: readonly Relation[]): Mark[] {
	const marks: Mark[] = values.map((_, i) => (primary[i] ? UNDER_K : SHOWN));
	const holding = relations.filter((r) => holds(values, r));
	for (let changed = true; changed; ) {
		changed = false;
		for (const relation of holding) {
			const cells = [relation.total, ...relation.parts];
			if (cells.filter((c) => marks[c] !== SHOWN).length !== 1) continue;
			const candidates = relation.parts.filter((c) => marks[c] === SHOWN);
			// The smallest positive part; a zero hidden alone protects nothing beyond what its relation says.
			const positive = candidates.filter((c) => values[c] > 0);
			const pool = positive.length ? positive : candidates.length ? candidates : [relation.total];
			const chosen = pool.reduce((best, c) => (Math.abs(values[c]) < Math.abs(values[best]) ? c : best));
			if (marks[chosen] !== SHOWN) continue;
			marks[chosen] = WITHHELD;
			changed = true;
		}
	}
	return marks;
}

function holds(values: readonly number[], { total, parts }: Relation): boolean {
	const sum = parts.reduce((s, c) => s + values[c], 0);
	return Math.abs(sum - values[total]) <= 1e-6 * Math.max(1, Math.abs(values[total]));
}
