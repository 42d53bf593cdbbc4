import { REJECT_REASON_LABELS } from './convert';
import { exportCsvText } from '../base/csv-writer';
import type { RejectedRow } from '../base/source-types';

/** Rejected rows as CSV: line, column, reason, the message and the row's raw text. */
export function rejectsToCsv(rejects: RejectedRow[]): string {
	return exportCsvText(
		['line', 'column', 'reason', 'message', 'raw'],
		rejects.map((r) => [r.line, r.column, REJECT_REASON_LABELS[r.reason], r.message, r.raw])
	);
}
