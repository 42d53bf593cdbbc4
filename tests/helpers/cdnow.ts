/**
 * The CDNOW data set, vendored gzipped in tests/fixtures/cdnow (source and licence: tests/fixtures/README.md), so that
 * the tests need nothing beside the clone.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { EventTableBuilder, type EventTable } from '../../src/lib/engine/table';

export type CdnowFile = 'CDNOW_master.txt' | 'CDNOW_sample.txt' | 'cdnow_customers_summary.csv' | 'cdnow_customers_summary_with_transactions.csv';

/** A CDNOW file's text. */
export function cdnowText(name: CdnowFile): string {
	return gunzipSync(readFileSync(new URL(`../fixtures/cdnow/${name}.gz`, import.meta.url))).toString('utf8');
}

/** One of the numeric summary CSVs, a record per customer keyed by the header's column names. */
export function cdnowSummary(name: 'cdnow_customers_summary.csv' | 'cdnow_customers_summary_with_transactions.csv'): Record<string, number>[] {
	const [header, ...lines] = cdnowText(name).trim().split(/\r?\n/);
	const columns = header.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		return Object.fromEntries(columns.map((c, i) => [c, Number(cells[i])]));
	});
}

/** The 1-in-10 sample's 6,919 purchases as an event table: customer = sample id, event 'purchase', value = dollars. */
export function cdnowSampleTable(): EventTable {
	const builder = new EventTableBuilder();
	for (const line of cdnowText('CDNOW_sample.txt').split(/\r?\n/)) {
		const cells = line.trim().split(/\s+/);
		if (cells.length < 5) continue;
		const [, sampleId, date, , dollars] = cells;
		const time = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
		builder.add(String(Number(sampleId)), time, 'purchase', Number(dollars));
	}
	return builder.build();
}
