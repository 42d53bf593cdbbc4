/**
 * Checks a lifecycle model from outside (a JSON file, a link) field by field. Every problem is named
 * with its path, so a bad file gets a clear message; nothing from the input is trusted or executed.
 */
import { problem, type Problem } from '../base/problem';
import type { LifecycleModel, ModelTargets, Rule, Stage, StageTargets } from './model';

/** On failure, `problems` says what `errors` says, index for index, as data (for the page's other languages). */
export type Validation = { ok: true; model: LifecycleModel } | { ok: false; errors: string[]; problems: Problem[] };

/** Adds an error and its problem. */
type Report = (message: string, code: string, params?: Problem['params']) => void;

const MAX_STAGES = 30;
const MAX_RULES = 20;
const MAX_NAMES = 200;
const MAX_TEXT = 200;

export function validateModel(input: unknown): Validation {
	const errors: string[] = [];
	const problems: Problem[] = [];
	const report: Report = (message, code, params = {}) => {
		errors.push(message);
		problems.push(problem(`model.${code}`, params));
	};
	const text = (value: unknown, path: string, required = true): string | undefined => {
		if (value === undefined && !required) return undefined;
		if (typeof value !== 'string' || (required && value.trim() === '') || value.length > MAX_TEXT) {
			report(`${path}: expected a text of 1 to ${MAX_TEXT} characters`, 'text', { path, max: MAX_TEXT });
			return undefined;
		}
		return value;
	};
	const count = (value: unknown, path: string, min: number, max = 1e9): number | undefined => {
		if (value === undefined) return undefined;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			report(`${path}: expected a number from ${min} to ${max}`, 'number', { path, min, max });
			return undefined;
		}
		return value;
	};

	if (!isObject(input)) {
		return { ok: false, errors: ['expected a lifecycle model: a JSON object with id, name, stages and progression'], problems: [problem('model.notObject')] };
	}
	const id = text(input.id, 'id');
	const name = text(input.name, 'name');
	const description = text(input.description, 'description', false);
	const progression = input.progression ?? 'forward-only';
	if (progression !== 'forward-only' && progression !== 'latest') report('progression: expected "forward-only" or "latest"', 'progression');

	let status: LifecycleModel['status'];
	if (input.status !== undefined) {
		if (!isObject(input.status)) report('status: expected { inactiveAfterDays, lostAfterDays }', 'status');
		else {
			const inactive = count(input.status.inactiveAfterDays, 'status.inactiveAfterDays', 1, 3650);
			const lost = count(input.status.lostAfterDays, 'status.lostAfterDays', 1, 3650);
			if (inactive !== undefined && lost !== undefined) {
				if (lost <= inactive) report('status: lostAfterDays must be more than inactiveAfterDays', 'statusOrder');
				status = { inactiveAfterDays: inactive, lostAfterDays: lost };
			}
		}
	}

	let targets: ModelTargets | undefined;
	if (input.targets !== undefined) {
		if (!isObject(input.targets)) report('targets: expected { activeShare }', 'targets');
		else {
			const activeShare = count(input.targets.activeShare, 'targets.activeShare', 0, 1);
			if (activeShare !== undefined) targets = { activeShare };
		}
	}

	const stages: Stage[] = [];
	if (!Array.isArray(input.stages) || input.stages.length === 0 || input.stages.length > MAX_STAGES) {
		report(`stages: expected a list of 1 to ${MAX_STAGES} stages`, 'stages', { max: MAX_STAGES });
	} else {
		const ids = new Set<string>();
		input.stages.forEach((raw, s) => {
			const path = `stages[${s}]`;
			if (!isObject(raw)) return void report(`${path}: expected a stage object`, 'stage', { path });
			const stageId = text(raw.id, `${path}.id`);
			if (stageId !== undefined && ids.has(stageId)) report(`${path}.id: "${stageId}" is used by another stage`, 'duplicateId', { path: `${path}.id`, id: stageId });
			if (stageId !== undefined) ids.add(stageId);
			const label = text(raw.label, `${path}.label`);
			if (raw.optional !== undefined && typeof raw.optional !== 'boolean') report(`${path}.optional: expected true or false`, 'boolean', { path: `${path}.optional` });
			const rules: Rule[] = [];
			if (!Array.isArray(raw.enter) || raw.enter.length > MAX_RULES) report(`${path}.enter: expected a list of up to ${MAX_RULES} rules`, 'rules', { path: `${path}.enter`, max: MAX_RULES });
			else raw.enter.forEach((rule, r) => {
				const checked = validateRule(rule, `${path}.enter[${r}]`, report, text, count);
				if (checked) rules.push(checked);
			});
			let stageTargets: StageTargets | undefined;
			if (raw.targets !== undefined) {
				if (!isObject(raw.targets)) report(`${path}.targets: expected { conversionToNext, medianDays }`, 'stageTargets', { path: `${path}.targets` });
				else {
					const conversionToNext = count(raw.targets.conversionToNext, `${path}.targets.conversionToNext`, 0, 1);
					const medianDays = count(raw.targets.medianDays, `${path}.targets.medianDays`, 0, 3650);
					if (conversionToNext !== undefined || medianDays !== undefined)
						stageTargets = { ...(conversionToNext !== undefined ? { conversionToNext } : {}), ...(medianDays !== undefined ? { medianDays } : {}) };
				}
			}
			if (stageId && label) stages.push({ id: stageId, label, enter: rules, ...(raw.optional === true ? { optional: true } : {}), ...(stageTargets ? { targets: stageTargets } : {}) });
		});
	}

	if (errors.length > 0 || !id || !name) return { ok: false, errors, problems };
	return {
		ok: true,
		model: {
			id,
			name,
			...(description ? { description } : {}),
			stages,
			progression: progression as LifecycleModel['progression'],
			...(status ? { status } : {}),
			...(targets ? { targets } : {})
		}
	};
}

function validateRule(
	raw: unknown,
	path: string,
	report: Report,
	text: (value: unknown, path: string, required?: boolean) => string | undefined,
	count: (value: unknown, path: string, min: number, max?: number) => number | undefined
): Rule | null {
	if (!isObject(raw)) {
		report(`${path}: expected a rule object`, 'rule', { path });
		return null;
	}
	switch (raw.kind) {
		case 'first-seen':
			return { kind: 'first-seen' };
		case 'stage-date': {
			const column = text(raw.column, `${path}.column`);
			return column ? { kind: 'stage-date', column } : null;
		}
		case 'activity': {
			const minCount = count(raw.minCount, `${path}.minCount`, 1);
			return { kind: 'activity', ...(minCount ? { minCount } : {}) };
		}
		case 'inactivity': {
			if (raw.days === undefined) report(`${path}.days: expected the number of days without activity`, 'days', { path: `${path}.days` });
			const days = count(raw.days, `${path}.days`, 1, 3650);
			return days ? { kind: 'inactivity', days } : null;
		}
		case 'event': {
			if (!Array.isArray(raw.names) || raw.names.length === 0 || raw.names.length > MAX_NAMES || !raw.names.every((n) => typeof n === 'string' && n.length <= MAX_TEXT)) {
				report(`${path}.names: expected a list of 1 to ${MAX_NAMES} event names`, 'names', { path: `${path}.names`, max: MAX_NAMES });
				return null;
			}
			const minCount = count(raw.minCount, `${path}.minCount`, 1);
			const minValue = count(raw.minValue, `${path}.minValue`, -1e15, 1e15);
			let where: { attribute: string; in: string[] } | undefined;
			if (raw.where !== undefined) {
				const w = raw.where;
				if (!isObject(w) || !Array.isArray(w.in) || !w.in.every((v) => typeof v === 'string')) {
					report(`${path}.where: expected { attribute, in: [values] }`, 'where', { path: `${path}.where` });
				} else {
					const attribute = text(w.attribute, `${path}.where.attribute`);
					if (attribute) where = { attribute, in: w.in as string[] };
				}
			}
			return {
				kind: 'event',
				names: raw.names as string[],
				...(minCount !== undefined ? { minCount } : {}),
				...(minValue !== undefined ? { minValue } : {}),
				...(where ? { where } : {})
			};
		}
		default:
			report(`${path}.kind: expected one of event, stage-date, first-seen, activity, inactivity`, 'kind', { path: `${path}.kind` });
			return null;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
