import type { Problem } from '../base/problem';

/** A file that cannot be imported at all. The message names the file and, where it can, the line and column; the problem says the same as data, for other languages. */
export class ImportError extends Error {
	constructor(
		message: string,
		readonly problem?: Problem
	) {
		super(message);
		this.name = 'ImportError';
	}
}
