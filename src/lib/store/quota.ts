/** Storage room: checked before a large write, so a full disk stops an import before it starts. */
import { problem } from '../base/problem';
import { StorageError } from './datasets';

const MB = 1024 * 1024;

/** Throws a plain message when the browser reports less free room than `bytes` (plus a margin). */
export async function ensureRoom(bytes: number): Promise<void> {
	const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
	if (!estimate?.quota) return;
	const free = estimate.quota - (estimate.usage ?? 0);
	if (free < bytes * 1.2) {
		const needed = Math.ceil(bytes / MB);
		const available = Math.floor(free / MB);
		throw new StorageError(
			`This dataset needs about ${needed} MB of browser storage, but only ${available} MB is free. ` +
				'Delete a dataset you no longer need, or free disk space, and try again. Nothing was stored.',
			problem('storage.noRoom', { needed, available })
		);
	}
}
