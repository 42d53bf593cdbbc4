/** Matching two tables' customers by id (engine/match-ids.ts): the same answer as looking every id up in a Map. */
import { describe, expect, it } from 'vitest';
import { matchIds } from '../../../src/lib/engine/match-ids';
import { hashOf } from '../../../src/lib/engine/table';
import { seededRandom } from '../../../scripts/lib/random.mjs';

/** What matchIds must give, the plain way. */
function byMap(idsA: string[], idsB: string[]): number[] {
	const indexOf = new Map(idsA.map((id, a) => [id, a]));
	return idsB.map((id) => indexOf.get(id) ?? -1);
}

describe('matchIds', () => {
	it('finds each id of B in A by its exact characters', () => {
		const idsA = ['ann@example.com', 'bob', 'Émile', '', '42'];
		const idsB = ['42', 'Ann@example.com', 'ann@example.com', 'carol', '', 'Émile', 'bob '];
		expect(Array.from(matchIds(idsA, idsB))).toEqual([4, -1, 0, -1, 3, 2, -1]);
		expect(Array.from(matchIds([], idsB))).toEqual(idsB.map(() => -1));
		expect(Array.from(matchIds(idsA, []))).toEqual([]);
	});

	it('tells apart two ids with the same hash', () => {
		// Found by search: FNV-1a in 30 bits gives these two the same hash.
		expect(hashOf('c268724')).toBe(hashOf('c698200'));
		expect(Array.from(matchIds(['c268724', 'x'], ['c698200', 'c268724']))).toEqual([-1, 0]);
		expect(Array.from(matchIds(['c698200', 'c268724'], ['c268724', 'c698200']))).toEqual([1, 0]);
	});

	it('finds ids in the same order with some dropped and some added, and in reverse order', () => {
		const idsA = Array.from({ length: 1000 }, (_, i) => `c${i}`);
		// The next export of the same source: every third customer gone, a new one after every seventh.
		const idsB = idsA.flatMap((id, i) => [...(i % 3 === 0 ? [] : [id]), ...(i % 7 === 0 ? [`new${i}`] : [])]);
		expect(Array.from(matchIds(idsA, idsB))).toEqual(byMap(idsA, idsB));
		expect(Array.from(matchIds(idsA, [...idsB].reverse()))).toEqual(byMap(idsA, [...idsB].reverse()));
		expect(Array.from(matchIds(idsA, idsA))).toEqual(idsA.map((_, a) => a));
	});

	it.each([1, 2, 3, 4, 5])('gives what a Map gives on random id lists (seed %i)', (seed) => {
		const random = seededRandom(seed);
		const pool = Array.from({ length: 3000 }, (_, i) => (random.chance(0.5) ? `c${i}` : `C${i}`) + (random.chance(0.1) ? ' ' : ''));
		const pick = (n: number) => [...new Set(Array.from({ length: n }, () => random.pick(pool)))];
		const idsA = pick(random.int(0, 2000));
		const idsB = pick(random.int(0, 2000));
		expect(Array.from(matchIds(idsA, idsB))).toEqual(byMap(idsA, idsB));
	});
});
