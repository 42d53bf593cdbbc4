/**
 * What went wrong, as data: a code and its raw values, next to the English message. Pure (no Svelte), so the
 * import and engine code, the workers and the command line can make problems; the page turns one into its
 * language with describeProblem (describe-problem.ts), and falls back to the English message.
 * Problems cross the worker boundary as plain data.
 */
export interface Problem {
	/** The message key is `problem.<code>`. */
	code: string;
	params: Record<string, string | number>;
}

export const problem = (code: string, params: Record<string, string | number> = {}): Problem => ({ code, params });

/** An error whose message also comes as a problem. */
export class ProblemError extends Error {
	constructor(
		message: string,
		readonly problem?: Problem
	) {
		super(message);
	}
}

/** The problem an error (or any thrown value, also one rebuilt from a worker's message) carries, if any. */
export function problemOf(error: unknown): Problem | undefined {
	const candidate = (error as { problem?: unknown } | null | undefined)?.problem;
	if (!candidate || typeof candidate !== 'object') return undefined;
	const { code, params } = candidate as Partial<Problem>;
	return typeof code === 'string' && params && typeof params === 'object' ? { code, params } : undefined;
}

/** A thrown value's message, as the page showed it before. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
