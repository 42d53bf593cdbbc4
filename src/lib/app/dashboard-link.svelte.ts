/**
 * The dashboard's link. What the page shows (the view, the as-of day, every view's options) is read from the URL
 * when the page opens and when the browser goes back or forward; otherwise the page writes the URL, a little after
 * the last change. The link also names the dataset's file and carries its column mapping, for a browser that does
 * not have it.
 */
import { goto, pushState, replaceState } from '$app/navigation';
import { resolve } from '$app/paths';
import type { CustomerFilter } from '$lib/engine/filter';
import type { LifecycleModel } from '$lib/engine/model';
import { describeProblem } from '$lib/i18n/describe-problem';
import { i18n, t } from '$lib/i18n/i18n.svelte';
import { encodeMapping, MAX_ENCODED as MAX_MAPPING } from '$lib/state/mapping-codec';
import { encodeModel, isUnchangedTemplate } from '$lib/state/model-codec';
import { decodeState, encodeState, endOfDay, filterOf, type DashboardState, type View } from '$lib/state/url';
import { isoDay, withDefaults, withoutDefaults, type ResolvedOptions } from '$lib/state/view-options';
import { datasetRef } from '$lib/base/dataset-ref';
import type { DatasetRecord } from '$lib/store/db';
import { saveNamedDashboard } from './saved';

/** What the link describes: the dataset and the model shown. */
export interface Shown {
	dataset: DatasetRecord;
	model: LifecycleModel;
}

export class DashboardLink {
	/** The link the page was opened with. */
	readonly opened: DashboardState;
	/** What the link could not use, read when shown (so it follows a language switch); the page adds its own. */
	notices: (() => string)[];
	view: View;
	asOfDay: string;
	options: ResolvedOptions;
	/** Bumped when the browser goes back or forward, so the views start again from the link's options. */
	generation = $state(0);
	copied = $state(false);
	/** The as-of day's end, as the engine takes it. */
	readonly asOf: number | undefined;
	readonly filter: CustomerFilter;

	constructor(search: string) {
		const { state, notices, problems } = decodeState(new URLSearchParams(search));
		this.opened = state;
		this.notices = $state(notices.map((message, i) => () => describeProblem(problems[i], message)));
		this.view = $state(state.view);
		this.asOfDay = $state(state.asOf ?? '');
		this.options = $state(withDefaults(state.options));
		this.asOf = $derived(this.asOfDay ? endOfDay(this.asOfDay) : undefined);
		this.filter = $derived(filterOf(this.options));
	}

	/**
	 * Keeps the URL following what is shown (a new view is a new history entry), and shows what the URL says on
	 * back and forward, handing its state to `onback` for the model. Call while a component initialises.
	 */
	follow(shown: () => Shown | null, onback: (state: DashboardState) => void) {
		$effect(() => {
			const apply = () => {
				const { state } = decodeState(new URLSearchParams(location.search));
				this.view = state.view;
				this.asOfDay = state.asOf ?? '';
				this.options = withDefaults(state.options);
				this.generation++;
				onback(state);
			};
			addEventListener('popstate', apply);
			return () => removeEventListener('popstate', apply);
		});
		$effect(() => {
			const current = shown();
			const snapshot = current && { dataset: current.dataset, model: $state.snapshot(current.model) };
			const state = this.snapshot();
			void i18n.locale; // a language switch rewrites the link too
			if (!snapshot) return;
			const timer = setTimeout(() => void this.write(snapshot, state), 150);
			return () => clearTimeout(timer);
		});
	}

	/** The presentation of the same link, from the first slide. */
	async present(shown: Shown | null) {
		// The link first catches up with the latest change (it follows a little later otherwise).
		if (shown) await this.write(shown);
		const params = new URLSearchParams(location.search);
		params.set('slide', '1');
		void goto(resolve('/present/') + `?${params}`);
	}

	/** Saves the link under a name, in this browser. */
	async save(shown: Shown, name: string) {
		await this.write(shown);
		await saveNamedDashboard(name, location.search);
	}

	async copy() {
		try {
			await navigator.clipboard.writeText(location.href);
			this.copied = true;
			setTimeout(() => (this.copied = false), 2500);
		} catch {
			// No clipboard (plain http, or refused): the link is in the address bar to copy by hand.
			this.notices.push(() => t('dashboard.noClipboard'));
		}
	}

	private snapshot() {
		return { view: this.view, asOfDay: this.asOfDay, options: $state.snapshot(this.options) };
	}

	private async write({ dataset, model }: Shown, state = this.snapshot()) {
		const plain = $state.snapshot(model);
		const mapping = await encodeMapping(dataset.header, $state.snapshot(dataset.mapping), dataset.sourceInfo?.sheet);
		const search = encodeState({
			dataset: datasetRef(dataset),
			model: plain.id,
			view: state.view,
			...(isUnchangedTemplate(plain) ? {} : { customModel: await encodeModel(plain) }),
			...(state.asOfDay ? { asOf: state.asOfDay } : {}),
			// Which file the link needs, and how its columns were read, for a browser that does not have it.
			options: withoutDefaults({
				...state.options,
				language: i18n.locale,
				datasetName: dataset.name,
				datasetRows: dataset.rowCount,
				datasetFrom: isoDay(dataset.timeMin),
				datasetTo: isoDay(dataset.timeMax),
				mapping: mapping.length <= MAX_MAPPING ? mapping : undefined
			})
		});
		if (search === location.search) return;
		const newView = new URLSearchParams(location.search).get('view') !== state.view;
		(newView ? pushState : replaceState)(resolve('/dashboard/') + search, {});
	}
}
