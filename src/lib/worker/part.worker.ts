/// <reference lib="webworker" />
/**
 * The import worker's helper: reads and converts the second part of a CSV file read in two parts (import/parts.ts),
 * on the second core, and hands back its rows (moved, not copied). Started by read-part.ts for one import.
 */
import * as Comlink from 'comlink';
import { columnBuffers } from '../engine/table';
import { gatheredBuffers } from '../import/orders';
import { readLaterPart, type LaterPart } from '../import/parts';
import { carryProblems } from './carry-problems';

carryProblems();

/** Bytes read are told at most this often: one message per chunk would keep the import worker busy. */
const REPORT_EVERY_MS = 100;

const api = {
	async read(part: LaterPart, onBytes: (bytes: number) => void) {
		let last = 0;
		const report = (bytes: number) => {
			if (Date.now() - last < REPORT_EVERY_MS) return;
			last = Date.now();
			onBytes(bytes);
		};
		const read = await readLaterPart(part, report);
		return Comlink.transfer(read, [...columnBuffers(read.rows), ...(read.orders ? gatheredBuffers(read.orders) : [])]);
	}
};

Comlink.expose(api);
export type PartWorkerApi = typeof api;
