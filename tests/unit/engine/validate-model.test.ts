/** Validation of lifecycle models from outside: templates pass unchanged, bad input is named by its path. */
import { describe, expect, it } from 'vitest';
import { copyOfTemplate, leadLifecycle, templates, type LifecycleModel } from '../../../src/lib/engine/model';
import { validateModel } from '../../../src/lib/engine/validate-model';

/** A minimal valid model, as plain JSON-like data, with `patch` applied. */
function modelWith(patch: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: 'm',
		name: 'My model',
		progression: 'forward-only',
		stages: [
			{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }] },
			{ id: 'b', label: 'B', enter: [{ kind: 'event', names: ['buy'] }] }
		],
		...patch
	};
}

/** A model whose one stage has the given rule. */
const withRule = (rule: unknown) => modelWith({ stages: [{ id: 'a', label: 'A', enter: [rule] }] });

function errorsOf(input: unknown): string[] {
	const result = validateModel(input);
	if (result.ok) throw new Error('expected the model to be refused');
	return result.errors;
}

describe('templates', () => {
	it.each(templates.map((t) => [t.id, t] as const))('%s validates and comes back unchanged', (_, template) => {
		const before = structuredClone(template);
		const result = validateModel(template);
		expect(result).toEqual({ ok: true, model: template });
		// Also through JSON, as from a file or a link.
		expect(validateModel(JSON.parse(JSON.stringify(template)))).toEqual({ ok: true, model: template });
		expect(template).toEqual(before);
	});

	it('accepts an edited copy with every rule field', () => {
		const copy: LifecycleModel = copyOfTemplate(leadLifecycle, 'mine');
		copy.progression = 'latest';
		copy.status = { inactiveAfterDays: 14, lostAfterDays: 60 };
		copy.stages[1].optional = true;
		copy.stages[2].enter.push(
			{ kind: 'event', names: ['webinar'], minCount: 2, minValue: 0, where: { attribute: 'channel', in: ['web'] } },
			{ kind: 'stage-date', column: 'Became MQL date' },
			{ kind: 'activity', minCount: 5 },
			{ kind: 'inactivity', days: 45 }
		);
		expect(validateModel(copy)).toEqual({ ok: true, model: copy });
	});
});

describe('valid input', () => {
	it('defaults progression to forward-only and drops fields it does not know', () => {
		const input = modelWith({ progression: undefined, extra: 'x' });
		(input.stages as Record<string, unknown>[])[0].colour = 'red';
		const result = validateModel(input);
		expect(result.ok && result.model).toEqual({
			id: 'm',
			name: 'My model',
			progression: 'forward-only',
			stages: [
				{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }] },
				{ id: 'b', label: 'B', enter: [{ kind: 'event', names: ['buy'] }] }
			]
		});
	});
});

describe('clear errors, named by path', () => {
	it('a missing or empty name', () => {
		expect(errorsOf(modelWith({ name: undefined }))).toEqual(['name: expected a text of 1 to 200 characters']);
		expect(errorsOf(modelWith({ name: '   ' }))).toEqual(['name: expected a text of 1 to 200 characters']);
	});

	it('a missing id and a bad progression', () => {
		expect(errorsOf(modelWith({ id: 7, progression: 'backwards' }))).toEqual([
			'id: expected a text of 1 to 200 characters',
			'progression: expected "forward-only" or "latest"'
		]);
	});

	it('no stages, or stages that are no list', () => {
		expect(errorsOf(modelWith({ stages: [] }))).toEqual(['stages: expected a list of 1 to 30 stages']);
		expect(errorsOf(modelWith({ stages: undefined }))).toEqual(['stages: expected a list of 1 to 30 stages']);
		expect(errorsOf(modelWith({ stages: { a: 1 } }))).toEqual(['stages: expected a list of 1 to 30 stages']);
	});

	it('duplicate stage ids', () => {
		const stages = [
			{ id: 'a', label: 'A', enter: [] },
			{ id: 'b', label: 'B', enter: [] },
			{ id: 'a', label: 'Again', enter: [] }
		];
		expect(errorsOf(modelWith({ stages }))).toEqual(['stages[2].id: "a" is used by another stage']);
	});

	it('a stage that is no object, or lacks a label or rules', () => {
		const stages = [{ id: 'a', label: 'A', enter: [] }, 'b', { id: 'c', enter: [] }, { id: 'd', label: 'D' }];
		expect(errorsOf(modelWith({ stages }))).toEqual([
			'stages[1]: expected a stage object',
			'stages[2].label: expected a text of 1 to 200 characters',
			'stages[3].enter: expected a list of up to 20 rules'
		]);
	});

	it('an unknown rule kind, or a rule that is no object', () => {
		expect(errorsOf(withRule({ kind: 'magic' }))).toEqual(['stages[0].enter[0].kind: expected one of event, stage-date, first-seen, activity, inactivity']);
		expect(errorsOf(withRule({ names: ['x'] }))).toEqual(['stages[0].enter[0].kind: expected one of event, stage-date, first-seen, activity, inactivity']);
		expect(errorsOf(withRule(null))).toEqual(['stages[0].enter[0]: expected a rule object']);
	});

	it('an event rule with no names', () => {
		const message = 'stages[0].enter[0].names: expected a list of 1 to 200 event names';
		expect(errorsOf(withRule({ kind: 'event', names: [] }))).toEqual([message]);
		expect(errorsOf(withRule({ kind: 'event' }))).toEqual([message]);
		expect(errorsOf(withRule({ kind: 'event', names: ['ok', 3] }))).toEqual([message]);
	});

	it('a negative or zero minCount', () => {
		expect(errorsOf(withRule({ kind: 'event', names: ['x'], minCount: -1 }))).toEqual(['stages[0].enter[0].minCount: expected a number from 1 to 1000000000']);
		expect(errorsOf(withRule({ kind: 'activity', minCount: 0 }))).toEqual(['stages[0].enter[0].minCount: expected a number from 1 to 1000000000']);
		expect(errorsOf(withRule({ kind: 'event', names: ['x'], minCount: '2' }))).toEqual(['stages[0].enter[0].minCount: expected a number from 1 to 1000000000']);
	});

	it('an inactivity rule without days', () => {
		expect(errorsOf(withRule({ kind: 'inactivity' }))).toEqual(['stages[0].enter[0].days: expected the number of days without activity']);
		expect(errorsOf(withRule({ kind: 'inactivity', days: 0 }))).toContain('stages[0].enter[0].days: expected a number from 1 to 3650');
	});

	it('a stage-date rule without a column, and a bad where', () => {
		expect(errorsOf(withRule({ kind: 'stage-date' }))).toEqual(['stages[0].enter[0].column: expected a text of 1 to 200 characters']);
		expect(errorsOf(withRule({ kind: 'event', names: ['x'], where: { attribute: 'channel', in: 'web' } }))).toEqual([
			'stages[0].enter[0].where: expected { attribute, in: [values] }'
		]);
	});

	it('names the rule by stage and rule index', () => {
		const stages = [
			{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }] },
			{ id: 'b', label: 'B', enter: [{ kind: 'first-seen' }, { kind: 'inactivity', days: 5 }, { kind: 'event', names: [] }] }
		];
		expect(errorsOf(modelWith({ stages }))).toEqual(['stages[1].enter[2].names: expected a list of 1 to 200 event names']);
	});

	it('lostAfterDays not more than inactiveAfterDays', () => {
		const message = 'status: lostAfterDays must be more than inactiveAfterDays';
		expect(errorsOf(modelWith({ status: { inactiveAfterDays: 30, lostAfterDays: 30 } }))).toEqual([message]);
		expect(errorsOf(modelWith({ status: { inactiveAfterDays: 90, lostAfterDays: 30 } }))).toEqual([message]);
		expect(validateModel(modelWith({ status: { inactiveAfterDays: 30, lostAfterDays: 31 } })).ok).toBe(true);
		expect(errorsOf(modelWith({ status: 'soon' }))).toEqual(['status: expected { inactiveAfterDays, lostAfterDays }']);
	});

	it.each([
		['null', null],
		['an array', [leadLifecycle]],
		['a string', JSON.stringify(leadLifecycle)],
		['a number', 42],
		['undefined', undefined]
	])('input that is no object: %s', (_, input) => {
		expect(errorsOf(input)).toEqual(['expected a lifecycle model: a JSON object with id, name, stages and progression']);
	});

	it('reports several problems at once', () => {
		const errors = errorsOf({ id: 'x', stages: [], status: { inactiveAfterDays: -1, lostAfterDays: 10 } });
		expect(errors).toEqual([
			'name: expected a text of 1 to 200 characters',
			'status.inactiveAfterDays: expected a number from 1 to 3650',
			'stages: expected a list of 1 to 30 stages'
		]);
	});
});

describe('targets', () => {
	it('carries stage and model targets, and leaves them out where none are given', () => {
		const input = modelWith({
			targets: { activeShare: 0.6 },
			stages: [
				{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }], targets: { conversionToNext: 0.35, medianDays: 7 } },
				{ id: 'b', label: 'B', enter: [{ kind: 'event', names: ['buy'] }], targets: {} }
			]
		});
		const result = validateModel(JSON.parse(JSON.stringify(input)));
		expect(result.ok && result.model.targets).toEqual({ activeShare: 0.6 });
		expect(result.ok && result.model.stages.map((s) => s.targets)).toEqual([{ conversionToNext: 0.35, medianDays: 7 }, undefined]);
		expect(result.ok && 'targets' in result.model.stages[1]).toBe(false);
	});

	it('refuses a rate outside 0–1, a negative time and targets that are no object, naming the path', () => {
		expect(errorsOf(modelWith({ targets: { activeShare: 60 } }))).toEqual(['targets.activeShare: expected a number from 0 to 1']);
		expect(errorsOf(modelWith({ targets: 'high' }))).toEqual(['targets: expected { activeShare }']);
		const stages = (targets: unknown) => modelWith({ stages: [{ id: 'a', label: 'A', enter: [{ kind: 'first-seen' }], targets }] });
		expect(errorsOf(stages({ conversionToNext: 1.5, medianDays: -1 }))).toEqual([
			'stages[0].targets.conversionToNext: expected a number from 0 to 1',
			'stages[0].targets.medianDays: expected a number from 0 to 3650'
		]);
		expect(errorsOf(stages({ conversionToNext: '40%' }))).toEqual(['stages[0].targets.conversionToNext: expected a number from 0 to 1']);
		expect(errorsOf(stages([0.4]))).toEqual(['stages[0].targets: expected { conversionToNext, medianDays }']);
	});
});
