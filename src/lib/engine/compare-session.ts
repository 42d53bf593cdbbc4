/**
 * Two exports' engine sessions compared (./compare): each export is classified by its own session, so a dataset's
 * classification is shared with its dashboard, and the last comparison is kept for the drill-downs that follow it.
 */
import { compareExports, compareResult, comparedCustomers, type Comparison, type CompareResult, type CompareSelection, type ComparedCustomers, type ExportStanding } from './compare';
import { matchIds } from './match-ids';
import type { CompareQuery } from './queries';
import type { EngineSession } from './session';

export class CompareSession {
	private last: { key: string; comparison: Comparison } | null = null;
	/** The two tables' customers matched by id: the same under every model and date. */
	private matched: Int32Array | null = null;

	constructor(
		readonly a: EngineSession,
		readonly b: EngineSession
	) {}

	/** Every customer of either export with their category, kept for the next query. */
	comparison(query: CompareQuery): Comparison {
		const key = JSON.stringify([query.model.stages, query.model.progression, query.model.status ?? null, query.asOfA ?? null, query.asOfB ?? null]);
		if (this.last?.key !== key) {
			this.matched ??= matchIds(this.a.table.customerIds, this.b.table.customerIds);
			const comparison = compareExports(standingOf(this.a, query, query.asOfA), standingOf(this.b, query, query.asOfB), query.model, this.matched);
			this.last = { key, comparison };
		}
		return this.last.comparison;
	}

	/** The categories' counts and the A-to-B Sankey. */
	compare(query: CompareQuery): CompareResult {
		return compareResult(this.comparison(query));
	}

	/** The customers behind a category, a node or a link: all of them, or the first `limit`. */
	customers(query: CompareQuery, selection: CompareSelection, limit?: number): ComparedCustomers {
		return comparedCustomers(this.comparison(query), selection, limit);
	}
}

function standingOf(session: EngineSession, { model }: CompareQuery, asOf: number | undefined): ExportStanding {
	return { table: session.table, classification: session.classification(model, asOf), status: session.status({ model, asOf }) };
}
