/**
 * lifecycle-lens compare OLD_FILE NEW_FILE: what changed between two exports of one source, through the shared
 * engine session (engine/compare-session.ts), as the site's compare view shows it.
 */
import { CHANGE_CATEGORIES, type ChangeCategory, type ComparedCustomers } from '../lib/engine/compare';
import { CompareSession } from '../lib/engine/compare-session';
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

export function compareTables(oldTable: EventTable, newTable: EventTable): CompareSession {
	return new CompareSession(new EngineSession(oldTable), new EngineSession(newTable));
}

/** The ids of a category seen in one file only, the first five named (--customers FILE writes every customer). */
function onlyIn(file: string, ids: ComparedCustomers): string {
	const named = ids.rows.slice(0, 5).map((r) => r.id);
	if (ids.total > named.length) named.push('… (--customers FILE writes every customer)');
	return `Only in the ${file} file (${ids.total})${named.length ? `: ${named.join(', ')}` : ''}`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The categories and the stage links as text tables. */
export function formatComparison(session: CompareSession, query: CompareQuery, names: [string, string]): string {
	const result = session.compare(query);
	const ids = (category: ChangeCategory) => session.customers(query, { kind: 'category', category }, 5);
	const label = new Map(result.flow.nodes.map((n) => [n.id, n.label]));
	const links = [...result.flow.links].sort((a, b) => b.customers - a.customers || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
	return [
		`${names[0]}: ${result.customersA} customers as of ${day(result.asOfA)}; ${names[1]}: ${result.customersB} customers as of ${day(result.asOfB)}; ${result.customers} in either; model ${query.model.name}`,
		'',
		'Change',
		textTable(
			['category', 'customers'],
			CHANGE_CATEGORIES.map((c, i) => [CATEGORY_TEXT[c], result.categories[i].customers])
		),
		onlyIn('new', ids('new')),
		onlyIn('old', ids('disappeared')),
		'',
		'Stage in the old file -> stage in the new file',
		textTable(
			['old', 'new', 'customers'],
			links.map((l) => [label.get(l.source)!, label.get(l.target)!, l.customers])
		),
		''
	].join('\n');
}
