/**
 * The funnel's per-step windows and exclusion steps, and retention's brackets, as the link writes them. Steps travel
 * by stage id, not index, so hiding a step or reordering an edited model keeps their meaning; each part of an item is
 * URI-encoded, so a stage id or an event name may hold the ':' that separates them. Reading drops what the model does
 * not have rather than guessing.
 */
import type { FunnelExclusion, StepWindow } from '../engine/funnel';
import type { LifecycleModel } from '../engine/model';

/** One per-step window: the step into stage `stageId` within `within` window units of the step before it. */
export const stepWindowItem = (stageId: string, within: number) => `${encodeURIComponent(stageId)}:${within}`;

/** One exclusion step: who did `event` between the steps of stages `from` and `to` (ids) drops out. */
export const exclusionItem = (from: string, to: string, event: string) => [from, to, event].map(encodeURIComponent).join(':');

function decoded(part: string): string | null {
	try {
		return decodeURIComponent(part);
	} catch {
		return null;
	}
}

const stageIndex = (model: LifecycleModel, id: string | null) => (id === null ? -1 : model.stages.findIndex((s) => s.id === id));

/** The per-step windows of the link's items, in stage indexes; items naming a stage the model lacks, or no time, are left out. */
export function stepWindowsOf(items: readonly string[] | undefined, model: LifecycleModel): StepWindow[] {
	return (items ?? []).flatMap((item) => {
		const [id, within] = item.split(':');
		const stage = stageIndex(model, decoded(id));
		const n = Number(within);
		return stage >= 0 && Number.isInteger(n) && n > 0 ? [{ stage, within: n }] : [];
	});
}

/** The exclusion steps of the link's items, in stage indexes; items naming a stage the model lacks are left out. */
export function exclusionsOf(items: readonly string[] | undefined, model: LifecycleModel): FunnelExclusion[] {
	return (items ?? []).flatMap((item) => {
		const [from, to, event] = item.split(':').map(decoded);
		const [f, t] = [stageIndex(model, from), stageIndex(model, to)];
		return f >= 0 && t > f && event ? [{ event, from: f, to: t }] : [];
	});
}

/** Retention brackets from the link's items: the first period offset of each, ascending, always from 0; null: none. */
export function bracketsOf(items: readonly string[] | undefined): number[] | null {
	if (!items?.length) return null;
	const starts = [...new Set([0, ...items.map(Number).filter((n) => Number.isInteger(n) && n >= 0)])].sort((a, b) => a - b);
	return starts.length > 1 ? starts : null;
}
