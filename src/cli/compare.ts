/**
 * lifecycle-lens compare OLD_FILE NEW_FILE: what changed between two exports of one source, through the shared
 * engine session (engine/compare-session.ts), as the site's compare view shows it.
 */
import { CHANGE_CATEGORIES, type ChangeCategory, type CompareResult } from '../lib/engine/compare';
import { CompareSession } from '../lib/engine/compare-session';
import type { LifecycleModel } from '../lib/engine/model';
import type { CompareQuery } from '../lib/engine/queries';
import { EngineSession } from '../lib/engine/session';
import type { EventTable } from '../lib/engine/table';
import { textTable } from './format';

/** How the CLI's text names each category (docs/compare.md defines them). */
export const CATEGORY_TEXT: Record<ChangeCategory, string> = {
	new: 'new (only in the new file)',
	disappeared: 'disappeared (only in the old file)',
	wonBack: 'won back',
	forward: 'moved forward',
	back: 'slipped back',
	quiet: 'went quiet',
	unchanged: 'unchanged'
};

export function compareTables(oldTable: EventTable, newTable: EventTable, query: CompareQuery): CompareResult {
	return new CompareSession(new EngineSession(oldTable), new EngineSession(newTable)).compare(query);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The categories and the stage links as text tables. */
export function formatComparison(result: CompareResult, model: LifecycleModel, names: [string, string]): string {
	const label = new Map(result.flow.nodes.map((n) => [n.id, n.label]));
	const links = [...result.flow.links].sort((a, b) => b.customers - a.customers || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
	return [
		`${names[0]}: ${result.customersA} customers as of ${day(result.asOfA)}; ${names[1]}: ${result.customersB} customers as of ${day(result.asOfB)}; ${result.customers} in either; model ${model.name}`,
		'',
		'Change',
		textTable(
			['category', 'customers'],
			CHANGE_CATEGORIES.map((c, i) => [CATEGORY_TEXT[c], result.categories[i].customers])
		),
		'',
		'Stage in the old file -> stage in the new file',
		textTable(
			['old', 'new', 'customers'],
			links.map((l) => [label.get(l.source)!, label.get(l.target)!, l.customers])
		),
		''
	].join('\n');
}
