/** Lifecycle models: ordered stages, each entered when any of its rules first holds. */

export type Rule =
	| {
			kind: 'event';
			/** Event names, matched ignoring case, spaces, '-' and '_'. */
			names: string[];
			/** The stage is entered at the minCount-th matching event (default 1). */
			minCount?: number;
			/** Only events whose value is at least this count. */
			minValue?: number;
			where?: { attribute: string; in: string[] };
	  }
	| { kind: 'stage-date'; column: string }
	| { kind: 'first-seen' };

export interface Stage {
	id: string;
	label: string;
	optional?: boolean;
	enter: Rule[];
}

export interface LifecycleModel {
	id: string;
	name: string;
	stages: Stage[];
	/** forward-only: the stage never moves back (CRM default); latest: the latest stage entered wins. */
	progression: 'forward-only' | 'latest';
	status?: { inactiveAfterDays: number; lostAfterDays: number };
}

/** How event names and stage-date columns are compared: case, spaces, '-' and '_' do not matter. */
export function normalizeName(name: string): string {
	return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const event = (...names: string[]): Rule => ({ kind: 'event', names });

export const leadLifecycle: LifecycleModel = {
	id: 'lead',
	name: 'Lead lifecycle',
	progression: 'forward-only',
	stages: [
		{ id: 'prospect', label: 'Anonymous prospect', enter: [{ kind: 'first-seen' }] },
		{ id: 'lead', label: 'Lead', enter: [event('lead')] },
		{ id: 'mql', label: 'MQL', enter: [event('mql', 'marketing qualified lead')] },
		{ id: 'sql', label: 'SQL', enter: [event('sql', 'sales qualified lead')] },
		{ id: 'sqo', label: 'SQO', enter: [event('sqo', 'opportunity', 'sales qualified opportunity')] },
		{ id: 'customer', label: 'Customer', enter: [event('customer', 'purchase', 'order')] },
		{
			id: 'repeat',
			label: 'Repeat customer',
			enter: [{ kind: 'event', names: ['purchase', 'order'], minCount: 2 }]
		}
	]
};

export const templates: LifecycleModel[] = [leadLifecycle];

export function templateById(id: string): LifecycleModel | undefined {
	return templates.find((t) => t.id === id);
}
