/**
 * A dropped file that is not an event log but a funnel or retention table computed elsewhere (the SQL from
 * `lifecycle-lens sql`, run in a warehouse, or the site's own exports): recognised by its header and drawn as is.
 */
import { aggregateKind, parseAggregate, type Aggregate } from '$lib/import/aggregate';
import { detectDelimiter } from '$lib/import/csv';

/** Aggregates are small; anything larger is an event log, whatever its header. */
const LARGEST_AGGREGATE_BYTES = 20_000_000;

/** The table in the file, or null when the file is something else; a recognised but broken table throws an ImportError. */
export async function readAggregateFile(file: File): Promise<Aggregate | null> {
	if (file.size > LARGEST_AGGREGATE_BYTES) return null;
	const head = await file.slice(0, 8192).text();
	const firstLine = head.split(/\r\n|\n|\r/)[0] ?? '';
	const header = firstLine.split(detectDelimiter(head)).map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
	if (!aggregateKind(header)) return null;
	return parseAggregate(await file.text(), file.name);
}
