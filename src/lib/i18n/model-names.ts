/**
 * Template and stage names in the interface's language. The engine keeps its models in English (ids and labels
 * unchanged, for the CLI, the link and the tests); what the user named is shown as they wrote it. A name is
 * translated only while it is still the template's own: a template's name and description when the model is
 * that template (same id, same name), and a stage's name when it is still the label some template gives a stage
 * of that id (so an edited copy of a template keeps translated stage names until one is renamed).
 */
import { templateById, templates, type LifecycleModel, type Stage } from '$lib/engine/model';
import type { FlowResult } from '$lib/engine/flows';
import type { FunnelResult } from '$lib/engine/funnel';
import type { StageTable } from '$lib/engine/stage-table';
import type { ConversionOverTime } from '$lib/engine/breakdown';
import { t } from './i18n.svelte';
import type { MessageKey } from './messages';

const templateOf = (model: Pick<LifecycleModel, 'id' | 'name'>) => {
	const template = templateById(model.id);
	return template && template.name === model.name ? template : undefined;
};

/** The model's name: the template's in the current language, else the user's own. */
export function modelName(model: Pick<LifecycleModel, 'id' | 'name'>): string {
	const template = templateOf(model);
	return template ? t(`template.${template.id}.name` as MessageKey) : model.name;
}

/** The model's one-line description: the template's in the current language, else the user's own ('' if none). */
export function modelDescription(model: Pick<LifecycleModel, 'id' | 'name' | 'description'>): string {
	const template = templateOf(model);
	return template && template.description === model.description ? t(`template.${template.id}.description` as MessageKey) : (model.description ?? '');
}

/** The template whose stage this still is: the model's own template first, then any template with the same stage. */
function templateStage(model: Pick<LifecycleModel, 'id'>, stage: Pick<Stage, 'id' | 'label'>): string | undefined {
	const candidates = [templateById(model.id), ...templates].filter((m) => m !== undefined);
	return candidates.find((m) => m.stages.some((s) => s.id === stage.id && s.label === stage.label))?.id;
}

/** A stage's name in the current language while it is a template's, else the label the user gave it. */
export function stageName(model: Pick<LifecycleModel, 'id'>, stage: Pick<Stage, 'id' | 'label'>): string {
	const template = templateStage(model, stage);
	return template ? t(`stage.${template}.${stage.id}` as MessageKey) : stage.label;
}

/** The name of the model's stage with this id (the id itself if the model has none such). */
export function stageNameById(model: LifecycleModel, id: string): string {
	const stage = model.stages.find((s) => s.id === id);
	return stage ? stageName(model, stage) : id;
}

/** The name of the model's stage with this (English) label, for results that carry labels only. */
export function stageNameByLabel(model: LifecycleModel, label: string): string {
	const stage = model.stages.find((s) => s.label === label);
	return stage ? stageName(model, stage) : label;
}

/** The funnel with its steps' labels in the current language. */
export function localizeFunnel(model: LifecycleModel, funnel: FunnelResult): FunnelResult {
	return { ...funnel, steps: funnel.steps.map((s) => ({ ...s, label: stageNameById(model, s.stageId) })) };
}

/** The stage table with its stage names in the current language. */
export function localizeStageTable(model: LifecycleModel, table: StageTable): StageTable {
	return { ...table, rows: table.rows.map((r) => ({ ...r, label: stageNameById(model, r.stageId) })) };
}

/** Conversion over time with its steps' names in the current language. */
export function localizeConversion(model: LifecycleModel, result: ConversionOverTime): ConversionOverTime {
	return { ...result, steps: result.steps.map((label) => stageNameByLabel(model, label)) };
}

/** The engine's names of the nodes that are not stages (see flows.ts). */
const FLOW_NODE_KEYS: Record<string, MessageKey> = {
	'No further stage': 'flows.node.end',
	Other: 'flows.node.other',
	'Not yet present': 'flows.node.absent',
	Inactive: 'flows.node.inactive',
	Lost: 'flows.node.lost'
};

/** Flows with their nodes' names in the current language. */
export function localizeFlows(model: LifecycleModel, flows: FlowResult): FlowResult {
	const name = (node: FlowResult['nodes'][number]) =>
		node.stage >= 0 && model.stages[node.stage] ? stageName(model, model.stages[node.stage]) : FLOW_NODE_KEYS[node.label] ? t(FLOW_NODE_KEYS[node.label]) : node.label;
	return { ...flows, nodes: flows.nodes.map((n) => ({ ...n, label: name(n) })) };
}
