/**
 * A problem from the pure modules (base/problem.ts) in the interface's language. English is the module's own message,
 * as it always was; another language uses `problem.<code>` when it has one, else falls back to the English message.
 * Read where shown (in a template or a `() => string`), so it follows a language switch.
 */
import { i18n, messageTables, t } from './i18n.svelte';
import type { MessageKey } from './messages';
import { messageOf, problemOf, type Problem } from '../base/problem';

const known = (key: string): key is MessageKey => key in messageTables().en;

/** The problem's message in the current language, or null when there is no message for its code. */
export function renderProblem(problem: Problem): string | null {
	const key = `problem.${problem.code}`;
	if (!known(key)) return null;
	// A value that has a message of its own (a link option, a JSON type) is said in the language too.
	const params = Object.fromEntries(
		Object.entries(problem.params).map(([name, value]) => {
			const said = `problem.value.${name}.${value}`;
			return [name, known(said) ? t(said) : value];
		})
	);
	return t(key, params);
}

export function describeProblem(problem: Problem | null | undefined, english: string): string {
	if (i18n.locale === 'en' || !problem) return english;
	return renderProblem(problem) ?? english;
}

/** A caught error in the current language. */
export const describeError = (error: unknown): string => describeProblem(problemOf(error), messageOf(error));
