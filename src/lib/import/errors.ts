/** A file that cannot be imported at all. The message names the file and, where it can, the line and column. */
export class ImportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImportError';
	}
}
