/** A named dashboard as a small JSON file people export and import: its name and the link query that restores the view. */

export const DASHBOARD_FORMAT = 'lifecycle-lens-dashboard';
const MAX_QUERY = 20_000;

export function dashboardJson(record: { name: string; query: string }): string {
	return JSON.stringify({ format: DASHBOARD_FORMAT, version: 1, name: record.name, query: record.query }, null, 2) + '\n';
}

/** A dashboard file's name and query, or what is wrong with it. The query itself is checked when opened. */
export function parseDashboardJson(text: string): { ok: true; name: string; query: string } | { ok: false; message: string } {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, message: 'it is not JSON' };
	}
	const v = value as Record<string, unknown>;
	if (typeof v !== 'object' || v === null || v.format !== DASHBOARD_FORMAT) return { ok: false, message: `expected a JSON object with "format": "${DASHBOARD_FORMAT}"` };
	if (v.version !== 1) return { ok: false, message: `it is version ${String(v.version)}; this page reads version 1` };
	if (typeof v.name !== 'string' || v.name.trim() === '' || v.name.length > 200) return { ok: false, message: 'its name must be a text of 1 to 200 characters' };
	if (typeof v.query !== 'string' || !v.query.startsWith('?') || v.query.length > MAX_QUERY) return { ok: false, message: 'its query must be a link query starting with "?"' };
	return { ok: true, name: v.name, query: v.query };
}
