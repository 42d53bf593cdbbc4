/** A dataset is named after its file, without the extension of whichever format it was read from. */
import { describe, expect, it } from 'vitest';
import { datasetNameOf } from '../../../src/lib/import/dataset-name';

describe('datasetNameOf', () => {
	it('drops the extension of every format the site reads, a spreadsheet\'s and a parquet file\'s too', () => {
		expect(datasetNameOf('retail-orders.csv')).toBe('retail-orders');
		expect(datasetNameOf('retail-orders.xlsx')).toBe('retail-orders');
		expect(datasetNameOf('Orders.ODS')).toBe('Orders');
		expect(datasetNameOf('old-book.xls')).toBe('old-book');
		expect(datasetNameOf('warehouse.parquet')).toBe('warehouse');
		expect(datasetNameOf('events.jsonl.gz')).toBe('events');
		expect(datasetNameOf('events.gz')).toBe('events');
	});

	it('keeps any other name as it is, and never gives an empty one', () => {
		expect(datasetNameOf('CDNOW_master')).toBe('CDNOW_master');
		expect(datasetNameOf('report.2024.pdf')).toBe('report.2024.pdf');
		expect(datasetNameOf('.csv')).toBe('.csv');
	});
});
