/**
 * "Share without data": the dashboard's five views asked of the engine with the link's options, made into a
 * snapshot (share/snapshot.ts), as a link or as a one-file report (docs/sharing.md).
 */
import { resolve } from '$app/paths';
import type { DatasetRecord } from '$lib/store/db';
import type { LifecycleModel } from '$lib/engine/model';
import { DEFAULT_QUERY_OPTIONS } from '$lib/engine/queries';
import { lifecycleQuery } from '$lib/state/queries';
import { endOfDay, filterOf } from '$lib/state/url';
import { isoDay, type ResolvedOptions } from '$lib/state/view-options';
import { buildSnapshot, type Snapshot } from '$lib/share/snapshot';
import { encodeSnapshot } from '$lib/share/snapshot-codec';

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

/** Every view's result with the dashboard's options, then made safe to share. */
export async function makeSnapshot({ dataset, model, modelName, asOfDay, options, k }: ShareRequest): Promise<Snapshot> {
	const engine = engineWorker();
	const filter = filterOf(options);
	const asOf = asOfDay ? endOfDay(asOfDay) : undefined;
	const base = { model, filter, ...(asOf ? { asOf } : {}) };
	// The dashboard's funnel, its windows and exclusion steps included (the snapshot keeps its counts, not the marks).
	const funnel = lifecycleQuery(options, { model, asOf, filter });
	const transitions = () =>
		engine.transitions(dataset.id, { ...base, dateA: endOfDay(options.flowA ?? isoDay(dataset.timeMin)), dateB: endOfDay(options.flowB ?? isoDay(dataset.timeMax)) });
	const [lifecycle, breakdown, flows, retention, trend, value] = await Promise.all([
		engine.lifecycle(dataset.id, funnel),
		options.breakdown ? engine.breakdown(dataset.id, { ...funnel, attribute: options.breakdown }) : undefined,
		options.flowKind === 'paths' ? engine.paths(dataset.id, { ...base, positions: options.flowPositions, minShare: options.flowFold / 100 }) : transitions(),
		engine.retention(dataset.id, { ...base, period: options.retentionPeriod, cohortStage: options.retentionCohort, returnEvent: options.retentionReturn ?? null, mode: options.retentionMode }),
		engine.trend(dataset.id, { model, period: options.trendPeriod, filter }),
		engine.value(dataset.id, { ...base, horizonWeeks: DEFAULT_QUERY_OPTIONS.horizonWeeks, yearlyDiscount: DEFAULT_QUERY_OPTIONS.yearlyDiscount })
	]);
	const filtered = Object.keys(filter).length > 0;
	return buildSnapshot(
		{
			lifecycle: { ...lifecycle, ...(breakdown ? { breakdown } : {}) },
			flows: { kind: options.flowKind, ...flows },
			retention: { show: options.retentionShow, ...retention },
			trend,
			value
		},
		{ k, dataset: dataset.name, model: modelName, made: Date.now(), filtered }
	);
}

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
	return reportHtml(await response.text(), snapshot, language, title);
}
