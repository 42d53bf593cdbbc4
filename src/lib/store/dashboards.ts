/** Named dashboards in IndexedDB: a name and the link query that restores the view (their file form is state/dashboard-file.ts). */
import type { DashboardRecord, LensDatabase } from './db';

export async function saveDashboard(db: LensDatabase, name: string, query: string): Promise<DashboardRecord> {
	const record = { id: crypto.getRandomValues(new Uint32Array(2)).join('-'), name: name.trim().slice(0, 200) || 'Dashboard', query, saved: Date.now() };
	await db.dashboards.add(record);
	return record;
}

export async function listDashboards(db: LensDatabase): Promise<DashboardRecord[]> {
	return (await db.dashboards.toArray()).sort((a, b) => b.saved - a.saved);
}

export async function renameDashboard(db: LensDatabase, id: string, name: string): Promise<void> {
	await db.dashboards.update(id, { name: name.trim().slice(0, 200) || 'Dashboard' });
}

export async function deleteDashboard(db: LensDatabase, id: string): Promise<void> {
	await db.dashboards.delete(id);
}
