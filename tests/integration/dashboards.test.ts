import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { deleteDashboard, listDashboards, renameDashboard, saveDashboard } from '../../src/lib/store/dashboards';
import { dashboardJson, parseDashboardJson } from '../../src/lib/state/dashboard-file';
import { openDatabase } from '../../src/lib/store/db';

describe('saved dashboards', () => {
	it('are saved, listed newest first, renamed and deleted', async () => {
		const db = openDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
		const a = await saveDashboard(db, '  Q3 funnel ', '?v=1&ds=abcdef&model=lead&view=funnel');
		await new Promise((r) => setTimeout(r, 2));
		const b = await saveDashboard(db, 'Retention', '?v=1&ds=abcdef&model=lead&view=retention');
		expect((await listDashboards(db)).map((d) => d.name)).toEqual(['Retention', 'Q3 funnel']);
		await renameDashboard(db, a.id, 'Q3 funnel, board');
		await deleteDashboard(db, b.id);
		expect((await listDashboards(db)).map((d) => [d.name, d.query])).toEqual([['Q3 funnel, board', '?v=1&ds=abcdef&model=lead&view=funnel']]);
		db.close();
	});

	it('travel as small JSON files, checked when read', () => {
		const json = dashboardJson({ name: 'Board', query: '?v=1&ds=abcdef' });
		expect(parseDashboardJson(json)).toEqual({ ok: true, name: 'Board', query: '?v=1&ds=abcdef' });
		expect(parseDashboardJson('nope')).toEqual({ ok: false, message: 'it is not JSON' });
		expect(parseDashboardJson('{"format":"other"}')).toMatchObject({ ok: false });
		expect(parseDashboardJson(JSON.stringify({ format: 'lifecycle-lens-dashboard', version: 2, name: 'x', query: '?' }))).toEqual({ ok: false, message: 'it is version 2; this page reads version 1' });
		expect(parseDashboardJson(JSON.stringify({ format: 'lifecycle-lens-dashboard', version: 1, name: 'x', query: 'javascript:alert(1)' }))).toEqual({ ok: false, message: 'its query must be a link query starting with "?"' });
	});
});
