import type { RejectRecord } from '$lib/store/db';

const quote = (v: string | number) => {
	const s = String(v);
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rejected rows as CSV: line, column, reason and the row's raw text. */
export function rejectsToCsv(rejects: Pick<RejectRecord, 'line' | 'column' | 'reason' | 'raw'>[]): string {
	const lines = rejects.map((r) => [r.line, r.column, r.reason, r.raw].map(quote).join(','));
	return ['line,column,reason,raw', ...lines].join('\n') + '\n';
}
