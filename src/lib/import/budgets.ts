/**
 * How much of a file an import may take, checked while the data streams, so no file can exhaust the tab:
 * too many columns, a line too long, a compressed file that expands too far, a JSON document too large to hold,
 * or more rows than memory allows each stop the import with a message naming the limit and what to do.
 * The page's limits follow the memory the browser reports; the command line's are larger and can be raised.
 */
import { problem } from '../base/problem';
import { ImportError } from './errors';

export interface ImportBudgets {
	/** Columns in a row (CSV) or distinct keys (JSON). */
	maxColumns: number;
	/** Characters in one line or row (a quoted field with line breaks counts whole). */
	maxLineChars: number;
	/** Bytes a gzip file may expand to. */
	maxInflatedBytes: number;
	/** Characters of a JSON document, which is read whole (JSON Lines is read line by line). */
	maxJsonChars: number;
	/** Bytes a spreadsheet's (.xlsx, .ods) zipped parts may expand to: a workbook is read whole. */
	maxWorkbookBytes: number;
	/** Bytes a Parquet row group expands to, as its file's footer gives it: a row group is read whole. */
	maxRowGroupBytes: number;
	/** Rows (CSV lines, JSON records) read. */
	maxRows: number;
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

/**
 * Bytes one row costs while an import runs: the event table's columns, the sort and the storage chunks,
 * with the text of its fields alive for a while. Measured roughly; a budget, not an exact price.
 */
const BYTES_PER_ROW = 200;
/** The share of the memory the browser gives a tab that one import may plan to use. */
const MEMORY_SHARE = 1 / 4;
/** Rows when the browser says nothing about its memory. */
const FALLBACK_ROWS = 10_000_000;

/**
 * The page's budgets. `memoryBytes` is what the browser reports: the JavaScript heap limit
 * (performance.memory) or the device's memory (navigator.deviceMemory); unknown, a fixed ceiling.
 */
export function pageBudgets(memoryBytes: number | null): ImportBudgets {
	const maxRows = memoryBytes && memoryBytes > 0 ? Math.max(1_000_000, Math.floor((memoryBytes * MEMORY_SHARE) / BYTES_PER_ROW)) : FALLBACK_ROWS;
	return { maxColumns: 10_000, maxLineChars: 4 * MB, maxInflatedBytes: 2 * GB, maxJsonChars: 256 * MB, maxWorkbookBytes: 256 * MB, maxRowGroupBytes: 256 * MB, maxRows };
}

/** What the browser says about its memory, in bytes, or null. Works in a page and in a worker. */
export function reportedMemory(): number | null {
	const heap = (globalThis.performance as { memory?: { jsHeapSizeLimit?: number } } | undefined)?.memory?.jsHeapSizeLimit;
	if (heap && heap > 0) return heap;
	const device = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
	return device && device > 0 ? device * GB : null;
}

/** The command line's budgets: larger, as Node's heap is; each can be raised with a flag. */
export const CLI_BUDGETS: ImportBudgets = {
	maxColumns: 100_000,
	maxLineChars: 64 * MB,
	maxInflatedBytes: 64 * GB,
	// V8 cannot hold a string longer than about 512 M characters.
	maxJsonChars: 500 * MB,
	maxWorkbookBytes: 2 * GB,
	maxRowGroupBytes: 2 * GB,
	maxRows: 100_000_000
};

/** The command-line flag that raises each budget. */
export const BUDGET_FLAGS: Record<keyof ImportBudgets, string> = {
	maxColumns: '--max-columns',
	maxLineChars: '--max-line-chars',
	maxInflatedBytes: '--max-inflated-mb',
	maxJsonChars: '--max-json-mb',
	maxWorkbookBytes: '--max-workbook-mb',
	maxRowGroupBytes: '--max-row-group-mb',
	maxRows: '--max-rows'
};

export const formatMb = (bytes: number) => `${Math.round(bytes / MB).toLocaleString('en-US')} MB`;
export const formatCount = (n: number) => n.toLocaleString('en-US');

/** The error for a budget exceeded: what the limit is, where it was reached, and what to do. */
export function overBudget(budget: keyof ImportBudgets, file: string, limit: number, line?: number): ImportError {
	switch (budget) {
		case 'maxColumns': {
			const params = { file, limit: formatCount(limit) };
			return line === undefined
				? new ImportError(
						`${file}: the records have more than ${params.limit} different keys (columns), the most an import can take. Remove the fields you do not need, or split the file.`,
						problem('import.budget.keys', params)
					)
				: new ImportError(
						`${file}, line ${line}: more than ${params.limit} columns, the most an import can take. Remove the columns you do not need, or split the file.`,
						problem('import.budget.columns', { ...params, line })
					);
		}
		case 'maxLineChars':
			return new ImportError(
				`${file}, line ${line}: a line longer than ${formatMb(limit)}, the longest an import can take (is a quote left open, or are the lines not separated?). Check the file's line ends and quotes.`,
				problem('import.budget.line', { file, line: line ?? 1, limit: formatMb(limit) })
			);
		case 'maxInflatedBytes':
			return new ImportError(
				`${file}: the gzip data expands to more than ${formatMb(limit)}, the most an import can take. Split the file into smaller ones.`,
				problem('import.budget.inflated', { file, limit: formatMb(limit) })
			);
		case 'maxJsonChars':
			return new ImportError(
				`${file}: a JSON document larger than ${formatMb(limit)}, the most that can be read whole. Save it as JSON Lines (one record per line), which is read in parts.`,
				problem('import.budget.json', { file, limit: formatMb(limit) })
			);
		case 'maxWorkbookBytes':
			return new ImportError(
				`${file}: the workbook's parts expand to more than ${formatMb(limit)}, the most that can be read whole. Save the sheet you need as CSV, or split it.`,
				problem('import.budget.workbook', { file, limit: formatMb(limit) })
			);
		case 'maxRowGroupBytes':
			return new ImportError(
				`${file}: a row group of this Parquet file expands to more than ${formatMb(limit)}, the most that can be read whole. Write the file with smaller row groups, or export it as CSV.`,
				problem('import.budget.rowGroup', { file, limit: formatMb(limit) })
			);
		case 'maxRows':
			return new ImportError(
				`${file}: more than ${formatCount(limit)} rows, the most one import can take in the memory available. Split the file, or filter it to the rows you need.`,
				problem('import.budget.rows', { file, limit: formatCount(limit) })
			);
	}
}
