/**
 * The dashboard's lifecycle model: the one shown, the saved ones to pick from, and what can be done with it (pick
 * one, edit a copy of a template, save it, export and import it as JSON). Messages are kept as functions read when
 * shown, so that they follow a language switch.
 */
import { downloadText } from '$lib/browser/download';
import { copyOfTemplate, templateById, type LifecycleModel } from '$lib/engine/model';
import { FIRST_SEEN_STAGE_ID, type ModelRecommendation } from '$lib/engine/recommend-model';
import type { DatasetRecord } from '$lib/store/db';
import { engineWorker } from '$lib/worker/clients';
import { formatList } from '$lib/i18n/format';
import { validateModel } from '$lib/engine/validate-model';
import { describeProblem } from '$lib/i18n/describe-problem';
import { t } from '$lib/i18n/i18n.svelte';
import { modelDescription, modelName } from '$lib/i18n/model-names';
import { decodeModel, isUnchangedTemplate } from '$lib/state/model-codec';
import type { DashboardState } from '$lib/state/url';
import { storageAvailable } from './client';
import { listSavedModels, saveUserModel } from './saved';

export class DashboardModel {
	model: LifecycleModel;
	saved = $state<LifecycleModel[]>([]);
	editing = $state(false);
	message = $state<(() => string) | null>(null);
	/** The model the data fits, chosen when the link names none (recommend-model.ts), and why. */
	recommendation = $state<ModelRecommendation | null>(null);
	/** What the picker shows: the template or saved model shown, '' for a model changed since. */
	readonly picked = $derived.by(() => {
		const { id } = this.model;
		const unchangedTemplate = templateById(id) !== undefined && isUnchangedTemplate($state.snapshot(this.model));
		return unchangedTemplate || this.saved.some((m) => m.id === id) ? id : '';
	});

	constructor(templateId: string) {
		this.model = $state(structuredClone(templateById(templateId)!));
	}

	/** The link's model: its template, or the edited model it carries; a notice (read when shown) when that cannot be read. */
	async fromLink(state: DashboardState): Promise<(() => string) | null> {
		if (!state.customModel) {
			this.model = structuredClone(templateById(state.model)!);
			return null;
		}
		const decoded = await decodeModel(state.customModel);
		if (decoded.ok) {
			this.model = decoded.model;
			return null;
		}
		const { message, problem } = decoded;
		return () => t('dashboard.customModelFallback', { problem: describeProblem(problem, message) });
	}

	/**
	 * Opens on the model the data fits: a template, or, when none fits, the model of the dataset's own events (never
	 * a template that would hold every customer in its first step).
	 */
	async recommend(dataset: DatasetRecord) {
		const choice = await engineWorker().recommendModel(dataset.id, dataset.shape);
		this.recommendation = choice;
		if (choice.kind === 'none') this.model = ownEventsModel(choice.suggested);
		else if (choice.templateId !== this.model.id) this.model = structuredClone(templateById(choice.templateId)!);
	}

	/** Why the model shown was chosen, in one line. */
	recommendationLine(choice: ModelRecommendation): string {
		const shown = templateById(this.model.id) ? modelName(this.model) : this.model.name;
		if (choice.kind === 'stage-dates') return t('dashboard.recommend.stageDates', { model: shown });
		if (choice.kind === 'orders') return t('dashboard.recommend.orders', { model: shown });
		if (choice.kind === 'vocabulary') return t('dashboard.recommend.vocabulary', { model: shown, events: formatList(choice.matched.slice(0, 3)) });
		const events = formatList(choice.suggested.stages.slice(1, 4).map((s) => s.label));
		if (choice.kind === 'activity') return t('dashboard.recommend.activity', { events, model: shown });
		return t('dashboard.recommend.none', { events });
	}

	/** No template fits: the editor opens on the model of the dataset's own events (shown since the dashboard opened, for 'none'). */
	editOwnEvents() {
		const choice = this.recommendation;
		if (choice?.kind !== 'none' && choice?.kind !== 'activity') return;
		if (choice.kind === 'activity') this.model = ownEventsModel($state.snapshot(choice.suggested));
		this.recommendation = null;
		this.editing = true;
	}

	async loadSaved() {
		if (await storageAvailable()) this.saved = await listSavedModels();
	}

	choose(id: string) {
		const template = templateById(id);
		const saved = this.saved.find((m) => m.id === id);
		if (template) this.model = structuredClone(template);
		else if (saved) this.model = $state.snapshot(saved);
		this.message = null;
		this.recommendation = null;
	}

	/** Opens the editor (or closes it). Templates stay as they are: editing one makes an editable copy. */
	toggleEditor() {
		if (this.editing) {
			this.editing = false;
			return;
		}
		const model = this.model;
		if (templateById(model.id)) {
			// The copy is named and described in the interface's language ("Lead lifecycle (edited)").
			const copy = copyOfTemplate($state.snapshot(model), `custom-${Date.now().toString(36)}`);
			this.model = { ...copy, name: t('dashboard.editedName', { name: modelName(model) }), ...(model.description ? { description: modelDescription(model) } : {}) };
		}
		this.editing = true;
	}

	async save() {
		if (!(await storageAvailable())) {
			this.message = () => t('dashboard.noStorage.model');
			return;
		}
		await saveUserModel($state.snapshot(this.model));
		this.saved = await listSavedModels();
		const name = this.model.name;
		this.message = () => t('dashboard.savedModel', { name });
	}

	exportJson() {
		const model = $state.snapshot(this.model);
		downloadText(JSON.stringify(model, null, 2) + '\n', `${model.name.replace(/[^\w-]+/g, '-')}.lifecycle-model.json`, 'application/json');
	}

	async importJson(file: File) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(await file.text());
		} catch {
			this.message = () => t('dashboard.notJson', { file: file.name });
			return;
		}
		const result = validateModel(parsed);
		if (!result.ok) {
			const { errors, problems } = result;
			const said = () => errors.slice(0, 5).map((message, i) => describeProblem(problems[i], message)).join('; ');
			this.message = () => t('dashboard.invalidModel', { file: file.name, errors: said() });
			return;
		}
		this.model = result.model;
		const name = result.model.name;
		this.message = () => t('dashboard.loadedModel', { name, file: file.name });
	}
}

/** The suggested model of a dataset's own events, named in the language read now (the engine's names are English). */
function ownEventsModel(suggested: LifecycleModel): LifecycleModel {
	return {
		...structuredClone(suggested),
		name: t('dashboard.recommend.suggestedName'),
		stages: suggested.stages.map((s) => (s.id === FIRST_SEEN_STAGE_ID ? { ...s, label: t('dashboard.recommend.firstSeen') } : { ...s }))
	};
}
