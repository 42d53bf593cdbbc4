/** One import from file to stored dataset: stream, parse, sort, fingerprint, store. */
import { timeRange } from '../engine/table';
import type { DatasetRecord, LensDatabase } from '../store/db';
import { writeDataset } from '../store/datasets';
import { importEventLog } from './event-log';
import { readTextChunks } from './read';

export interface ImportProgress {
	phase: 'reading' | 'storing';
	/** 0..1 within the phase. */
	fraction: number;
}

export interface ImportOptions {
	/** The new dataset's id; a fresh random one when omitted. */
	id?: string;
	onProgress?: (progress: ImportProgress) => void;
	signal?: AbortSignal;
}

export async function importFile(db: LensDatabase, file: File, options: ImportOptions = {}): Promise<DatasetRecord> {
	const { id = newDatasetId(), onProgress = () => {}, signal } = options;
	const chunks = readTextChunks(file, (bytes) => onProgress({ phase: 'reading', fraction: file.size ? bytes / file.size : 1 }));
	const parsed = await importEventLog(chunks, file.name, signal);
	const { table } = parsed;
	const range = timeRange(table)!;
	const sha256 = await fingerprint(file);
	signal?.throwIfAborted();
	onProgress({ phase: 'storing', fraction: 0 });
	return writeDataset(
		db,
		{
			id,
			name: file.name.replace(/\.[^.]+$/, '') || file.name,
			source: { fileName: file.name, size: file.size, lastModified: file.lastModified, sha256 },
			shape: 'event-log',
			header: parsed.header,
			mapping: parsed.mapping,
			rowCount: table.rowCount,
			customerCount: table.customerIds.length,
			eventNameCount: table.eventNames.length,
			timeMin: range.min,
			timeMax: range.max,
			rowsRead: parsed.rowsRead,
			rejectedCount: parsed.rejectedCount,
			created: Date.now()
		},
		table,
		parsed.rejects,
		(fraction) => onProgress({ phase: 'storing', fraction })
	);
}

/** Hex SHA-256 of the file; '' where WebCrypto is unavailable (pages served over plain http). */
async function fingerprint(file: Blob): Promise<string> {
	if (!globalThis.crypto?.subtle) return '';
	const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
	return toHex(new Uint8Array(digest));
}

export function newDatasetId(): string {
	return toHex(crypto.getRandomValues(new Uint8Array(12)));
}

function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
