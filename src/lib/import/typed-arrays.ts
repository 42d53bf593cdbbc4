/** A typed array at least twice as long holding the same values first: the columns an import gathers grow so. */
export function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, needed = 0): T {
	let length = Math.max(1, array.length * 2);
	while (length < needed) length *= 2;
	const larger = new (array.constructor as new (length: number) => T)(length);
	larger.set(array);
	return larger;
}
