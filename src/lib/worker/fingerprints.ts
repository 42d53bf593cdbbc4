/**
 * Files' SHA-256, computed in the background: the preview hands the page a ticket, so that the mapper shows without
 * waiting for the whole file to be read and hashed. The hash starts when first asked for by the ticket: the page's
 * `identify` once the mapper is drawn (so the file's read and digest do not compete with the mapper's first render
 * for the two cores), or the import, whichever comes first. Whatever needs the hash (the duplicate-file check, a
 * shared link's "different file" question, the stored dataset's source) waits for it then.
 *
 * Each file is hashed in a short-lived worker of its own (hash.worker.ts), not on the import worker's thread:
 * reading 65 MB and digesting them there held an import clicked at once back by that long (a traced 1M import:
 * `digest` the import worker's first 0.6 s, the conversion queued behind it). The digest is the same SHA-256 of the
 * same bytes, so stored datasets and shared links keep matching. A small file, or one where no worker can be
 * started (Node, a worker that fails to load), is hashed here.
 */
import { fingerprint } from '../import/fingerprint';
import { newDatasetId } from '../import/import-file';
import type { HashAnswer } from './hash.worker';

/** Smaller files are hashed on this thread: a few milliseconds of digest, less than a worker's start. */
const HASH_HERE_BELOW = 2 * 1024 * 1024;

/** Tickets kept: a user who previews several files without importing them leaves no more hashes than this. */
const KEPT = 4;

/** Each ticket's hash, null until asked for. */
const hashes = new Map<string, Promise<string> | null>();

/** A ticket for the file's hash, started by the first `fingerprintOf`. Random: a restarted worker issues no ticket twice. */
export function reserveFingerprint(): string {
	const ticket = newDatasetId();
	hashes.set(ticket, null);
	for (const old of hashes.keys()) if (hashes.size > KEPT) hashes.delete(old);
	return ticket;
}

/**
 * The file's hex SHA-256: the ticket's, started now if it was not yet, and kept for the next to ask; when the ticket
 * is unknown (none given, forgotten, or issued by a worker that has since been restarted), computed now.
 */
export function fingerprintOf(ticket: string | undefined, file: Blob): Promise<string> {
	if (ticket === undefined || !hashes.has(ticket)) return hashElsewhere(file);
	let hash = hashes.get(ticket);
	if (!hash) {
		hash = hashElsewhere(file);
		// A failed read is the caller's when it asks; until then it is no unhandled rejection.
		hash.catch(() => undefined);
		hashes.set(ticket, hash);
	}
	return hash;
}

/** The file's fingerprint from a worker started for it and stopped once it answered; here for a small file or where none starts. */
function hashElsewhere(file: Blob): Promise<string> {
	if (file.size < HASH_HERE_BELOW || typeof Worker === 'undefined') return fingerprint(file);
	let worker: Worker;
	try {
		worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'file hash' });
	} catch {
		return fingerprint(file);
	}
	return new Promise<string>((resolve, reject) => {
		const hashHere = () => fingerprint(file).then(resolve, reject);
		worker.onmessage = ({ data }: MessageEvent<HashAnswer>) => {
			if ('sha256' in data) resolve(data.sha256);
			else reject(Object.assign(new Error(data.error.message), { name: data.error.name }));
		};
		// A worker that cannot load (or whose message cannot be read) leaves the hash to this thread, as before.
		worker.onerror = (event) => {
			event.preventDefault();
			hashHere();
		};
		worker.onmessageerror = hashHere;
		worker.postMessage(file);
	}).finally(() => worker.terminate());
}
