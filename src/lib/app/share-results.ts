/**
 * "Share without data": the dashboard's five views asked of the engine with the link's options, made into a
 * snapshot (share/snapshot.ts), as a link or as a one-file report (docs/sharing.md).
 */
import { resolve } from '$app/paths';
import type { DatasetRecord } from '$lib/store/db';
import type { LifecycleModel } from '$lib/engine/model';
import { breakdownQuery, lifecycleQuery, pathsQuery, retentionQuery, transitionsQuery, trendQuery, valueQuery } from '$lib/state/queries';
import { endOfDay, filterOf } from '$lib/state/url';
import { isoDay, type ResolvedOptions } from '$lib/state/view-options';
import { buildSnapshot, funnelSettings, type Snapshot } from '$lib/share/snapshot';
import { encodeSnapshot, sharedForm } from '$lib/share/snapshot-codec';

export { LINK_LIMIT } from '$lib/share/snapshot-codec';
import { reportHtml } from '$lib/share/report-html';
import { engineWorker } from '$lib/worker/clients';

export interface ShareRequest {
	dataset: DatasetRecord;
	model: LifecycleModel;
	/** The model's name as the page shows it (in the interface's language). */
	modelName: string;
	asOfDay: string;
	options: ResolvedOptions;
	k: number;
}

/**
 * Every view's result asked with the dashboard's own queries (state/queries.ts), so a snapshot says what the live
 * views said: the funnel's window and its unit, per-step windows and exclusion steps, retention's brackets, the
 * lifetime value's horizon and discount. Only the funnel is shared per segment: the other views' segments
 * (attribute values, uncounted per-segment links) are asked for without the breakdown. The model and the options
 * may be the page's live state: everything read of them is read before the first answer is awaited (the worker's
 * client copies what it posts).
 */
export async function makeSnapshot({ dataset, model, modelName, asOfDay, options, k }: ShareRequest): Promise<Snapshot> {
	const engine = engineWorker();
	const filter = filterOf(options);
	const asOf = asOfDay ? endOfDay(asOfDay) : undefined;
	const context = { model, asOf, filter };
	// The snapshot counts customers: entries are not suppressed as counts are, and would tell what a hidden count holds.
	const byCustomers = { ...options, funnelCounting: 'customers' as const };
	const funnel = lifecycleQuery(byCustomers, context);
	const breakdown = breakdownQuery(byCustomers, context);
	const days = { first: isoDay(dataset.timeMin), last: isoDay(dataset.timeMax) };
	const transitions = transitionsQuery(options, context, days);
	const settings = funnelSettings(funnel, model);
	const { flowKind, retentionShow } = options;
	const [lifecycle, funnelBySegment, flows, retention, trend, value] = await Promise.all([
		engine.lifecycle(dataset.id, funnel),
		breakdown ? engine.breakdown(dataset.id, breakdown) : undefined,
		flowKind === 'paths' ? engine.paths(dataset.id, whole(pathsQuery(options, context))) : transitions ? engine.transitions(dataset.id, whole(transitions)) : undefined,
		engine.retention(dataset.id, retentionQuery(options, context)),
		engine.trend(dataset.id, trendQuery(options, context)),
		engine.value(dataset.id, valueQuery(options, context))
	]);
	return buildSnapshot(
		{
			lifecycle: { ...lifecycle, ...(funnelBySegment ? { breakdown: funnelBySegment } : {}), ...(settings ? { settings } : {}) },
			...(flows ? { flows: { kind: flowKind, ...flows } } : {}),
			retention: { show: retentionShow, ...retention },
			trend,
			value
		},
		{ k, dataset: dataset.name, model: modelName, made: Date.now(), filtered: Object.keys(filter).length > 0 }
	);
}

/** A query without its breakdown: the view as a whole. */
const whole = <Q extends { breakdown?: unknown }>({ breakdown: _, ...query }: Q): Omit<Q, 'breakdown'> => query;

/** The snapshot's link: the shared page, with the snapshot in the fragment. */
export async function snapshotLink(snapshot: Snapshot, language: string): Promise<string> {
	const page = new URL(resolve('/shared/'), location.href);
	page.search = `?lang=${language}`;
	return `${page.href}#${await encodeSnapshot(snapshot)}`;
}

/** The one-file report: the template built with the site (src/report/), fetched from the site when asked for. */
export async function snapshotReport(snapshot: Snapshot, language: string, title: string): Promise<string> {
	const response = await fetch(new URL(`${resolve('/')}report/template.html`, location.href));
	if (!response.ok) throw new Error(`The report template could not be loaded (${response.status}).`);
	return reportHtml(await response.text(), sharedForm(snapshot), language, title);
}
