/**
 * The values of one column, found by their bytes (import/csv-bytes.ts): a field is looked up as the bytes it is, and
 * text is made only for bytes not seen before. Each distinct field stands for its text, trimmed; its code in the
 * table's dictionary is asked for when the first row that uses it is added, so codes keep their order of first use
 * whichever way (bytes or text) a row was read.
 */
import type { Dictionary } from '../engine/table';
import { grown } from './typed-arrays';

const NO_CODE = -1;

export class ByteDictionary {
	/** Every distinct field's bytes, one after another: entry e spans keyStarts[e] to keyStarts[e + 1]. */
	private keys = new Uint8Array(4096);
	private keyStarts = new Int32Array(257);
	private hashes = new Int32Array(256);
	private codes = new Int32Array(256);
	/** Open addressing: an entry + 1 per slot, 0 for an empty slot; at most half full. */
	private slots = new Int32Array(512);
	private readonly texts: string[] = [];
	/** The entry found last. */
	private last = -1;

	constructor(
		/** The table's dictionary the entries get codes in; null for a column whose values are kept as text. */
		private readonly target: Dictionary | null,
		/** Text of bytes as the file's encoding reads them. */
		private readonly decode: (bytes: Uint8Array) => string
	) {}

	get size(): number {
		return this.texts.length;
	}

	/** The entry of the field `bytes[start..end)`, made when these bytes are new. */
	find(bytes: Uint8Array, start: number, end: number): number {
		// Rows of one customer, or of one country, often follow each other: the last entry first, without hashing.
		const last = this.last;
		if (last >= 0 && this.keyStarts[last + 1] - this.keyStarts[last] === end - start && this.holds(last, bytes, start, end)) return last;
		let hash = 0x811c9dc5;
		for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
		const mask = this.slots.length - 1;
		const length = end - start;
		for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
			const entry = this.slots[slot] - 1;
			if (entry < 0) return this.add(bytes, start, end, hash, slot);
			if (this.hashes[entry] === hash && this.keyStarts[entry + 1] - this.keyStarts[entry] === length && this.holds(entry, bytes, start, end)) return (this.last = entry);
		}
	}

	/** Whether the entry's bytes are these (of the same length). */
	private holds(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
		const keys = this.keys;
		for (let i = start, at = this.keyStarts[entry]; i < end; i++, at++) if (keys[at] !== bytes[i]) return false;
		return true;
	}

	/** The entry's text, trimmed (as a text reading trims every field it reads). */
	text(entry: number): string {
		return this.texts[entry];
	}

	/** The entry's code in the table's dictionary, given to it now if it has none yet. */
	code(entry: number): number {
		const code = this.codes[entry];
		return code !== NO_CODE ? code : (this.codes[entry] = this.target!.code(this.texts[entry]));
	}

	private add(bytes: Uint8Array, start: number, end: number, hash: number, slot: number): number {
		const entry = this.texts.length;
		const at = this.keyStarts[entry];
		const length = end - start;
		if (at + length > this.keys.length) this.keys = grown(this.keys, at + length);
		this.keys.set(bytes.subarray(start, end), at);
		if (entry === this.hashes.length) {
			this.keyStarts = grown(this.keyStarts, 2 * entry + 1);
			this.hashes = grown(this.hashes, 2 * entry);
			this.codes = grown(this.codes, 2 * entry);
		}
		this.keyStarts[entry + 1] = at + length;
		this.hashes[entry] = hash;
		this.codes[entry] = NO_CODE;
		this.texts.push(this.decode(bytes.subarray(start, end)).trim());
		this.slots[slot] = entry + 1;
		if ((entry + 1) * 2 > this.slots.length) this.rehash();
		return (this.last = entry);
	}

	private rehash() {
		const slots = new Int32Array(this.slots.length * 2);
		const mask = slots.length - 1;
		for (let entry = 0; entry < this.texts.length; entry++) {
			let slot = this.hashes[entry] & mask;
			while (slots[slot] !== 0) slot = (slot + 1) & mask;
			slots[slot] = entry + 1;
		}
		this.slots = slots;
	}
}

/** The bytes of the last field kept, to tell whether the next is the same. */
export class RepeatedBytes {
	private bytes = new Uint8Array(64);
	private length = -1;

	/** Whether `bytes[start..end)` are the bytes kept. */
	holds(bytes: Uint8Array, start: number, end: number): boolean {
		const length = end - start;
		if (length !== this.length) return false;
		let i = 0;
		while (i < length && this.bytes[i] === bytes[start + i]) i++;
		return i === length;
	}

	keep(bytes: Uint8Array, start: number, end: number) {
		const length = end - start;
		if (length > this.bytes.length) this.bytes = new Uint8Array(length * 2);
		// A loop, not set(subarray): a view made per new date or customer was 2% of the order file's part worker.
		for (let i = 0; i < length; i++) this.bytes[i] = bytes[start + i];
		this.length = length;
	}
}

/**
 * A column whose value changes often but repeats on the next row (an order's id and date on each of its lines): the
 * last field's text is kept with its bytes, and made again only when the bytes differ.
 */
export class RepeatedText {
	private readonly last = new RepeatedBytes();
	private text = '';

	constructor(private readonly decode: (bytes: Uint8Array) => string) {}

	/** The text of `bytes[start..end)`, untrimmed. */
	of(bytes: Uint8Array, start: number, end: number): string {
		if (this.last.holds(bytes, start, end)) return this.text;
		this.text = this.decode(bytes.subarray(start, end));
		this.last.keep(bytes, start, end);
		return this.text;
	}
}
