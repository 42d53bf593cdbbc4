/**
 * Comlink sends a thrown error to the page as its name, message and stack only; this keeps its problem
 * (src/lib/base/problem.ts) too, so the page can say it in its language. Called once in each worker.
 */
import * as Comlink from 'comlink';
import { problemOf } from '../base/problem';

type Serialized = { isError: boolean; value: Record<string, unknown> };

export function carryProblems(): void {
	const handler = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<{ value: unknown }, Serialized> | undefined;
	if (!handler) return;
	Comlink.transferHandlers.set('throw', {
		...handler,
		serialize(thrown: { value: unknown }) {
			const [serialized, transfer] = handler.serialize(thrown);
			const problem = problemOf(thrown.value);
			if (serialized.isError && problem) serialized.value = { ...serialized.value, problem };
			return [serialized, transfer];
		}
	} as Comlink.TransferHandler<unknown, unknown>);
}
