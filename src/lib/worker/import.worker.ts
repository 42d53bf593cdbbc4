/// <reference lib="webworker" />
/** The import worker: previews, parses and stores files, off the main thread. */
import * as Comlink from 'comlink';
import { columnBuffers, storedColumns } from '../engine/table';
import type { SessionReceiver } from './engine.worker';
import { convertFile, newDatasetId, type ImportPlan, type ImportProgress } from '../import/import-file';
import { mayBeSplit } from '../import/parts';
import { previewFile, type Preview } from '../import/preview';
import { warmUpFiles } from '../import/warm-up';
import { headerSignature } from '../import/roles';
import { announceChange } from '../browser/storage-changes';
import { importLockName, listDatasets, readyRecord } from '../store/datasets';
import { openDatabase, type DatasetRecord } from '../store/db';
import { messageOf, problem, problemOf, type Problem } from '../base/problem';
import { carryProblems } from './carry-problems';
import { appendToStore, convertForStore, datasetOf, storeConverted, type Appended, type HandOff } from './store-import';
import type { RejectedRow, SourceInfo } from '../base/source-types';
import { fetchSource, type FetchProgress } from './fetch-source';
import { readPartInWorker, warmPartWorker } from './read-part';
import { fingerprintOf, reserveFingerprint } from './fingerprints';
import { throttle } from './progress-throttle';
import { timeZoneChoices, type TimeZones } from '../import/time-zones';

export type ImportOutcome =
	| { ok: true; dataset: DatasetRecord; appended?: Omit<Appended, 'dataset'> }
	| { ok: false; cancelled: boolean; message: string; problem?: Problem };

/** A previewed file's SHA-256 and a stored dataset made from the same bytes (null when there is none). */
export interface Identity {
	sha256: string;
	duplicate: DatasetRecord | null;
}

export type FetchOutcome = { ok: true; file: File } | { ok: false; message: string; problem?: Problem };

export type PreviewOutcome =
	| {
			ok: true;
			preview: Preview;
			/**
			 * The ticket of the file's SHA-256, computed in the background from the preview on: `identify` waits for it,
			 * and an import given it stores it (worker/fingerprints.ts).
			 */
			hashTicket: string;
			/** The stored dataset whose mapping was reused (same header). */
			reusedFrom: string | null;
	  }
	| { ok: false; message: string; problem?: Problem };

/** A failed outcome's message, and its problem (for the page's other languages). */
const failure = (error: unknown) => ({ message: messageOf(error), problem: problemOf(error) });

carryProblems();
const db = openDatabase();
let running: AbortController | null = null;
/** The last preview's ticket when its file may be read in two parts: `identify` then starts the second part's worker. */
let warmWithIdentity: string | null = null;

const api = {
	async preview(file: File, chosen: Partial<SourceInfo> = {}, timeZone = 'UTC'): Promise<PreviewOutcome> {
		try {
			// The stored datasets are listed while the file's head is read: a mapping reused by header needs both.
			const stored = storedDatasets();
			const preview = await previewFile(file, chosen, timeZone);
			// The mapper is shown from the file's head. The whole file's hash and, for a file that will be read in two
			// parts, the second part's worker's start wait for `identify`: the page asks once the mapper is drawn.
			const hashTicket = reserveFingerprint();
			warmWithIdentity = mayBeSplit(preview.source, file.size) ? hashTicket : null;
			const signature = headerSignature(preview.header);
			const previous = (await stored).find((d) => headerSignature(d.header) === signature && d.mapping.columns.length === preview.header.length);
			if (previous) preview.mapping = { ...previous.mapping, timeZone: previous.mapping.timeZone ?? timeZone };
			return { ok: true, preview, hashTicket, reusedFrom: previous?.name ?? null };
		} catch (error) {
			return { ok: false, ...failure(error) };
		}
	},

	/**
	 * The previewed file's SHA-256, once computed, and a stored dataset made from the same bytes. Starts the hash if
	 * nothing did yet and, for a file to be read in two parts, the second part's worker, so that it is loaded and
	 * compiled by the time Import is clicked.
	 */
	async identify(file: File, hashTicket: string): Promise<Identity> {
		if (hashTicket === warmWithIdentity) {
			warmWithIdentity = null;
			warmPartWorker();
		}
		const sha256 = await fingerprintOf(hashTicket, file);
		const duplicate = (sha256 && (await storedDatasets()).find((d) => d.source.sha256 === sha256)) || null;
		return { sha256, duplicate };
	},

	/**
	 * `hashTicket`: the preview's (its hash is computed while the file is read, and waited for only to store).
	 * `engine`: a channel to the engine worker, which is handed the table once it is stored.
	 */
	async importFile(file: File, plan: ImportPlan, hashTicket: string | undefined, onProgress: (progress: ImportProgress) => void, engine?: MessagePort): Promise<ImportOutcome> {
		const controller = new AbortController();
		running = controller;
		const { handOff, release } = handOffTo(engine);
		try {
			const id = newDatasetId();
			const sha256 = fingerprintOf(hashTicket, file);
			const options = { id, sha256, onProgress: throttle(onProgress), signal: controller.signal, handOff, readLaterPart: readPartInWorker };
			const run = async () => {
				const converted = await convertForStore(file, plan, options);
				const hash = await sha256;
				const storedBefore = async () => (hash ? (await listDatasets(db)).find((d) => d.source.sha256 === hash) : undefined);
				const once = async () => (await storedBefore()) ?? (await storeConverted(db, file, plan, converted, options));
				// Two tabs importing the same bytes at the same moment: the second waits for the first and opens its dataset.
				return hash && navigator.locks ? navigator.locks.request(bytesLockName(hash), once) : once();
			};
			// The lock tells other tabs' start-up clean-up that this import is alive.
			const dataset = navigator.locks ? await navigator.locks.request(importLockName(id), run) : await run();
			announceChange();
			return { ok: true, dataset };
		} catch (error) {
			return storingFailed(controller, error);
		} finally {
			release();
			if (running === controller) running = null;
		}
	},

	/**
	 * Adds a file's events to a stored dataset (docs/compare.md), replacing it in one transaction: on any failure the
	 * stored dataset stays exactly as it was. `engine`: as importFile's, given the dataset it became.
	 */
	async appendFile(datasetId: string, file: File, plan: ImportPlan, hashTicket: string | undefined, onProgress: (progress: ImportProgress) => void, engine?: MessagePort): Promise<ImportOutcome> {
		const controller = new AbortController();
		running = controller;
		const { handOff, release } = handOffTo(engine);
		try {
			const id = newDatasetId();
			const sha256 = fingerprintOf(hashTicket, file);
			const run = () =>
				appendToStore(db, datasetId, file, plan, { id, sha256, onProgress: throttle(onProgress), signal: controller.signal, handOff, readLaterPart: readPartInWorker });
			const { dataset, added, duplicates } = navigator.locks ? await navigator.locks.request(importLockName(id), run) : await run();
			announceChange();
			return { ok: true, dataset, appended: { added, duplicates } };
		} catch (error) {
			return storingFailed(controller, error);
		} finally {
			release();
			if (running === controller) running = null;
		}
	},

	/**
	 * Reads the file into columns and hands them straight to the engine worker (transferred, not copied),
	 * storing nothing: for browsers that do not let the site use IndexedDB.
	 */
	async importToMemory(
		file: File,
		plan: ImportPlan,
		hashTicket: string | undefined,
		onProgress: (progress: ImportProgress) => void,
		engine: MessagePort
	): Promise<ImportOutcome & { rejects?: RejectedRow[] }> {
		const controller = new AbortController();
		running = controller;
		const receiver = Comlink.wrap<SessionReceiver>(engine);
		try {
			const sha256 = fingerprintOf(hashTicket, file);
			const parts = { read: readPartInWorker };
			const converted = await convertFile(file, plan, { onProgress: throttle(onProgress), signal: controller.signal, parts });
			const columns = storedColumns(converted.table);
			const dataset = readyRecord(datasetOf(file, plan, converted, newDatasetId(), await sha256), columns);
			controller.signal.throwIfAborted();
			await receiver.hold(dataset.id, Comlink.transfer(columns, columnBuffers(columns)));
			return { ok: true, dataset, rejects: converted.rejects };
		} catch (error) {
			const cancelled = controller.signal.aborted;
			if (cancelled) return { ok: false, cancelled, message: 'Import cancelled.', problem: problem('import.cancelled') };
			return { ok: false, cancelled, ...failure(error) };
		} finally {
			receiver[Comlink.releaseProxy]();
			engine.close();
			if (running === controller) running = null;
		}
	},

	/** Downloads a ?src= file here, off the page's thread; Cancel stops it. */
	async fetchSource(address: string, onProgress: (progress: FetchProgress) => void): Promise<FetchOutcome> {
		const controller = new AbortController();
		running = controller;
		try {
			return { ok: true, file: await fetchSource(new URL(address), throttleBytes(onProgress), controller.signal) };
		} catch (error) {
			return { ok: false, ...failure(error) };
		} finally {
			if (running === controller) running = null;
		}
	},

	cancel() {
		running?.abort();
	},

	/** The mapper's list of time zones (import/time-zones.ts): built here, off the page's thread. */
	timeZones(): TimeZones {
		return (zoneChoices ??= timeZoneChoices());
	},

	/**
	 * Previews a few built-in lines of an event log and of an order file, as a chosen file is previewed, while the user
	 * looks for a file: the first file's preview then runs compiled code (in the bench, 33-46 ms in this worker for a
	 * second file against 54-96 for the first; bench/README.md). Nothing is kept.
	 */
	async warmUp(): Promise<void> {
		for (const file of warmUpFiles()) await previewFile(file).catch(() => undefined);
	}
};
let zoneChoices: TimeZones | null = null;

/**
 * The hand-off of a table being stored to the engine worker on `engine`. Copied for the write, the columns are no longer
 * needed here: moved, not copied, and early, so that the engine worker takes them and works out the model to open on
 * while they are written. Awaited after the write, so the engine worker holds them before the page opens the dashboard;
 * but never for long: an engine worker that was stopped cannot answer, and a hand-off that fails costs only the read
 * back it was to save. Taken back if the write fails.
 */
function handOffTo(engine: MessagePort | undefined) {
	const receiver = engine ? Comlink.wrap<SessionReceiver>(engine) : null;
	const handOff: HandOff | undefined = receiver
		? {
				give: (dataset, columns) =>
					Promise.race([receiver.adopt(dataset.id, Comlink.transfer(columns, columnBuffers(columns)), dataset.shape).catch(() => undefined), delay(HAND_OFF_WAIT_MS)]),
				takeBack: (datasetId) => void receiver.drop(datasetId).catch(() => undefined)
			}
		: undefined;
	const release = () => {
		receiver?.[Comlink.releaseProxy]();
		engine?.close();
	};
	return { handOff, release };
}

/** The stored datasets; none without storage (a private window), where there is nothing stored to compare with. */
const storedDatasets = () => listDatasets(db).catch((): DatasetRecord[] => []);

/** A stored import's failed outcome: cancelled (nothing stored), or what went wrong. */
function storingFailed(controller: AbortController, error: unknown): ImportOutcome {
	const cancelled = controller.signal.aborted;
	if (cancelled) return { ok: false, cancelled, message: 'Import cancelled; nothing was stored.', problem: problem('import.cancelledNothingStored') };
	return { ok: false, cancelled, ...failure(error) };
}

/** How long an import waits for the engine worker to take the stored table. */
const HAND_OFF_WAIT_MS = 2000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The lock an import of these bytes holds, across tabs. */
const bytesLockName = (sha256: string) => `lifecycle-lens-import-bytes-${sha256}`;

/** Forwards download progress at most every 100 ms. */
function throttleBytes(report: (progress: FetchProgress) => void) {
	let last = 0;
	return (progress: FetchProgress) => {
		if (Date.now() - last < 100) return;
		last = Date.now();
		report(progress);
	};
}


Comlink.expose(api);
export type ImportWorkerApi = typeof api;
