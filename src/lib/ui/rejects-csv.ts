import { REJECT_REASON_LABELS, type RejectedRow } from '$lib/import/convert';
import { exportCsvLine } from '$lib/import/csv';

/** Rejected rows as CSV: line, column, reason, the message and the row's raw text. */
export function rejectsToCsv(rejects: RejectedRow[]): string {
	const lines = rejects.map((r) => exportCsvLine([r.line, r.column, REJECT_REASON_LABELS[r.reason], r.message, r.raw]));
	return ['line,column,reason,message,raw', ...lines].join('\n') + '\n';
}
