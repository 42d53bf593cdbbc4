/**
 * Files' SHA-256, computed in the background: the preview starts it and hands the page a ticket, so that the mapper
 * shows without waiting for the whole file to be read and hashed. Whatever needs the hash (the duplicate-file check,
 * a shared link's "different file" question, the stored dataset's source) waits for it then, by the ticket.
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

const hashes = new Map<string, Promise<string>>();

/** Starts hashing the file; the ticket is for `fingerprintOf`. Random: a restarted worker issues no ticket twice. */
export function startFingerprint(file: Blob): string {
	const ticket = newDatasetId();
	const hash = hashElsewhere(file);
	// A failed read is the caller's when it asks; until then it is no unhandled rejection.
	hash.catch(() => undefined);
	hashes.set(ticket, hash);
	for (const old of hashes.keys()) if (hashes.size > KEPT) hashes.delete(old);
	return ticket;
}

/**
 * The file's hex SHA-256: the one started for the ticket, or, when the ticket is unknown (none given, forgotten, or
 * issued by a worker that has since been restarted), computed now.
 */
export function fingerprintOf(ticket: string | undefined, file: Blob): Promise<string> {
	return (ticket !== undefined && hashes.get(ticket)) || hashElsewhere(file);
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
