/// <reference lib="webworker" />
/**
 * Hashes one file, off the import worker's thread (worker/fingerprints.ts starts it and stops it once it has
 * answered): reading 65 MB and digesting them takes the calling thread's time, which the import's conversion needs.
 */
import { fingerprint } from '../import/fingerprint';

/** What the worker answers: the file's hex SHA-256, or why it could not be read. */
export type HashAnswer = { sha256: string } | { error: { name: string; message: string } };

self.onmessage = async ({ data: file }: MessageEvent<Blob>) => {
	const answer: HashAnswer = await fingerprint(file).then(
		(sha256) => ({ sha256 }),
		(error: unknown) => ({ error: { name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) } })
	);
	self.postMessage(answer);
};
