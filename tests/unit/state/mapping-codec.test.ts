import { describe, expect, it } from 'vitest';
import { detectMapping } from '../../../src/lib/import/roles';
import { packJson } from '../../../src/lib/state/compress';
import { decodeMapping, encodeMapping, mappingForHeader } from '../../../src/lib/state/mapping-codec';
import { decodeState, encodeState } from '../../../src/lib/state/url';
import type { ColumnMapping } from '../../../src/lib/base/source-types';

const header = ['Order ID', 'Customer', 'Order date', 'Amount', 'Channel', 'Notes'];
/** An orders file the user mapped by hand: day-first dates, comma decimals, Amsterdam time, notes ignored. */
const mapping: ColumnMapping = {
	shape: 'orders',
	timeZone: 'Europe/Amsterdam',
	columns: [
		{ role: 'ignore' },
		{ role: 'customer' },
		{ role: 'timestamp', dateFormat: 'dmy' },
		{ role: 'value', decimal: ',' },
		{ role: 'attribute' },
		{ role: 'ignore' }
	]
};

describe('the column mapping in a link', () => {
	it('comes back the same for the same header', async () => {
		const decoded = await decodeMapping(await encodeMapping(header, mapping));
		if (!decoded.ok) throw new Error(decoded.message);
		expect(mappingForHeader(decoded.mapping, header)).toEqual({ mapping, missing: [] });
	});

	it('finds columns by header when the file has them in another order, and names the ones it lacks', async () => {
		const decoded = await decodeMapping(await encodeMapping(header, mapping));
		if (!decoded.ok) throw new Error(decoded.message);
		const { mapping: reordered } = mappingForHeader(decoded.mapping, ['Amount', ' Customer ', 'Order date', 'Channel']);
		expect(reordered.columns).toEqual([{ role: 'value', decimal: ',' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'dmy' }, { role: 'attribute' }]);
		expect(mappingForHeader(decoded.mapping, ['Customer', 'Date', 'Amount']).missing).toEqual(['Order date', 'Channel']);
	});

	it('carries settings it does not know by name (an order id column, derived revenue) as plain values', async () => {
		const withExtras = { ...mapping, revenue: 'quantity-times-price', columns: mapping.columns.map((c, i) => (i === 0 ? { ...c, role: 'ignore' as const } : i === 3 ? { ...c, currency: 'EUR' } : c)) };
		const decoded = await decodeMapping(await encodeMapping(header, withExtras as ColumnMapping));
		if (!decoded.ok) throw new Error(decoded.message);
		const back = mappingForHeader(decoded.mapping, header).mapping as ColumnMapping & { revenue?: string };
		expect(back.revenue).toBe('quantity-times-price');
		expect(back.columns[3]).toEqual({ role: 'value', decimal: ',', currency: 'EUR' });
	});

	it("carries a workbook's sheet; a mapping made before the sheet travelled decodes with none (the first sheet is read)", async () => {
		const decoded = await decodeMapping(await encodeMapping(header, mapping, 'Orders 2024'));
		if (!decoded.ok) throw new Error(decoded.message);
		expect(decoded.mapping.sheet).toBe('Orders 2024');
		expect(mappingForHeader(decoded.mapping, header)).toEqual({ mapping, missing: [] });
		// As an older page wrote it: no sheet key at all.
		const older = await decodeMapping(await packJson({ shape: 'orders', timeZone: 'UTC', columns: [{ header: 'Customer', role: 'customer' }] }));
		if (!older.ok) throw new Error(older.message);
		expect('sheet' in older.mapping).toBe(false);
		// A CSV file's mapping names no sheet either.
		const csv = await decodeMapping(await encodeMapping(header, mapping));
		expect(csv.ok && 'sheet' in csv.mapping).toBe(false);
	});

	it('is short: a detected six-column mapping takes under 250 characters', async () => {
		const detected = detectMapping(header, [['A1', 'c1', '01/03/2024', '12,50', 'web', '']]).mapping;
		expect((await encodeMapping(header, detected)).length).toBeLessThan(250);
	});

	it('refuses a damaged or hostile mapping with a problem', async () => {
		const cases = [
			'not base64!',
			'AAAA',
			await packJson({ shape: 'spreadsheet', timeZone: 'UTC', columns: [] }),
			await packJson({ shape: 'orders', timeZone: 'Mars/Olympus', columns: [] }),
			await packJson({ shape: 'orders', timeZone: 'UTC', columns: [{ header: 'a', role: 'admin' }] }),
			await packJson({ shape: 'orders', timeZone: 'UTC', columns: [{ header: 'a', role: 'timestamp', dateFormat: 'yyyy' }] }),
			await packJson({ shape: 'orders', timeZone: 'UTC', columns: [{ header: 'a', role: 'value', script: { nested: 1 } }] }),
			await packJson({ shape: 'orders', timeZone: 'UTC', columns: [], sheet: { name: 'Orders' } }),
			await packJson({ shape: 'orders', timeZone: 'UTC', columns: [], sheet: 'x'.repeat(501) })
		];
		for (const encoded of cases) {
			const decoded = await decodeMapping(encoded);
			expect(decoded.ok).toBe(false);
			if (!decoded.ok) expect(decoded.problem.code).toBe('link.mappingInvalid');
		}
	});

	it('travels as the map parameter, and a link made before it still opens', async () => {
		const encoded = await encodeMapping(header, mapping);
		const search = encodeState({ dataset: 'abcdef123456', model: 'lead', view: 'funnel', options: { datasetName: 'orders.csv', mapping: encoded } });
		expect(decodeState(new URLSearchParams(search)).state.options?.mapping).toBe(encoded);
		const old = decodeState(new URLSearchParams('?v=1&ds=abcdef123456&model=lead&view=funnel&dn=orders.csv&dr=120'));
		expect(old.notices).toEqual([]);
		expect(old.state.options).toEqual({ datasetName: 'orders.csv', datasetRows: 120 });
	});
});
