/**
 * The import worker's warm-up previews these files while the user looks for one: they must take the paths a real
 * event log's and order file's preview take (detected shape and roles), or the first real preview still runs cold.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/lib/base/source-types';
import { previewFile } from '../../../src/lib/import/preview';
import { warmUpFiles } from '../../../src/lib/import/warm-up';

describe('the preview warm-up', () => {
	it('previews an event log and an order file, each detected as such', async () => {
		const [events, orders] = await Promise.all(warmUpFiles().map((file) => previewFile(file)));
		const roles = (preview: typeof events, wanted: Role[]) => wanted.map((role) => preview.header[preview.mapping.columns.findIndex((c) => c.role === role)]);
		expect(events.mapping.shape).toBe('event-log');
		expect(roles(events, ['customer', 'timestamp', 'event', 'value'])).toEqual(['customer_id', 'timestamp', 'event', 'value']);
		expect(orders.mapping.shape).toBe('orders');
		expect(roles(orders, ['order', 'customer', 'timestamp', 'quantity', 'unit-price'])).toEqual(['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice']);
	});
});
