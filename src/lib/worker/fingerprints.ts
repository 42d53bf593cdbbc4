/**
 * Files' SHA-256, computed in the background: the preview starts it and hands the page a ticket, so that the mapper
 * shows without waiting for the whole file to be read and hashed. Whatever needs the hash (the duplicate-file check,
 * a shared link's "different file" question, the stored dataset's source) waits for it then, by the ticket. Reading
 * the file and the digest take the import worker's thread (about 155 ms for 65 MB in a trace), beside the import's
 * own work: off the mapper's path, not off the import's.
 */
import { fingerprint, newDatasetId } from '../import/import-file';

/** Tickets kept: a user who previews several files without importing them leaves no more hashes than this. */
const KEPT = 4;

const hashes = new Map<string, Promise<string>>();

/** Starts hashing the file; the ticket is for `fingerprintOf`. Random: a restarted worker issues no ticket twice. */
export function startFingerprint(file: Blob): string {
	const ticket = newDatasetId();
	const hash = fingerprint(file);
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
	return (ticket !== undefined && hashes.get(ticket)) || fingerprint(file);
}
