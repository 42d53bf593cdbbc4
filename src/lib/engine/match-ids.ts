/**
 * Matching two tables' customers by id (comparing exports, ./compare). A hash table in a typed array, keyed by a hash
 * of each id's characters: a Map of 500,000 id strings was most of a comparison's time (bench/compare.run.ts), as V8
 * hashes and stores every string anew.
 */
import { hashOf } from './table';

/** For each id of `idsB`, the index of the same id (the same characters) in `idsA`, or -1. Ids are unique per list. */
export function matchIds(idsA: readonly string[], idsB: readonly string[]): Int32Array {
	const bits = Math.max(4, Math.ceil(Math.log2(idsA.length * 2 + 1)));
	const mask = (1 << bits) - 1;
	// Per slot, side by side: an id's hash and its index in A + 1 (0: empty). Linear probing, at most half full; the
	// hash beside the index spares reading a string that only shares the slot.
	const slots = new Int32Array((mask + 1) * 2);
	for (let a = 0; a < idsA.length; a++) {
		const hash = hashOf(idsA[a]);
		let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits);
		while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
		slots[slot * 2] = hash;
		slots[slot * 2 + 1] = a + 1;
	}
	const matched = new Int32Array(idsB.length).fill(-1);
	// Two exports of one source mostly list their customers in the same order (by first event, by record id), so the
	// id after the last one matched is tried first: a string read in order instead of a hash and a read anywhere.
	let next = 0;
	for (let b = 0; b < idsB.length; b++) {
		const id = idsB[b];
		if (next < idsA.length && idsA[next] === id) {
			matched[b] = next++;
			continue;
		}
		const hash = hashOf(id);
		for (let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits); slots[slot * 2 + 1] !== 0; slot = (slot + 1) & mask) {
			const a = slots[slot * 2 + 1] - 1;
			if (slots[slot * 2] === hash && idsA[a] === id) {
				matched[b] = a;
				next = a + 1;
				break;
			}
		}
	}
	return matched;
}
