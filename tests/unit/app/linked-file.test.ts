/**
 * A file dropped for a link whose dataset this browser lacks (app/linked-file.ts): the link's own file with the
 * link's mapping imports with no question; anything else goes to the mapper, prefilled from the link.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkedFileStep } from '../../../src/lib/app/linked-file';
import { previewFile } from '../../../src/lib/import/preview';
import { missingRoles } from '../../../src/lib/import/roles';
import { decodeMapping, encodeMapping, type LinkedMapping } from '../../../src/lib/state/mapping-codec';
import type { ColumnMapping } from '../../../src/lib/base/source-types';

const fileOf = (name: string) => Object.assign(new Blob([readFileSync(new URL(`../../fixtures/${name}`, import.meta.url))]), { name });
const SHA = 'ab12cd34ef56' + '0'.repeat(52);
const WANTED = SHA.slice(0, 12);
const OTHER_SHA = 'ff'.repeat(32);

/** tests/fixtures/orders-unnamed.csv as its user mapped it: orders, Ref the order id, Paid the value, Items ignored. */
const MAPPED: ColumnMapping = {
	shape: 'orders',
	timeZone: 'Europe/Amsterdam',
	columns: [{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'ignore' }, { role: 'value', decimal: '.' }, { role: 'attribute' }]
};

async function linked(header: string[], mapping: ColumnMapping): Promise<LinkedMapping> {
	const decoded = await decodeMapping(await encodeMapping(header, mapping));
	if (!decoded.ok) throw new Error(decoded.message);
	return decoded.mapping;
}

describe('a file given for a link', () => {
	it('needs the mapper when detected alone: the orders fixture names no column the detector knows as the customer', async () => {
		const preview = await previewFile(fileOf('orders-unnamed.csv'));
		expect(preview.header).toEqual(['Ref', 'Buyer', 'Placed', 'Items', 'Paid', 'Region']);
		expect(missingRoles(preview.mapping)).not.toEqual([]);
		// A link made before the mapping travelled: its own file, but detection cannot settle it, so the mapper asks.
		expect(linkedFileStep(preview, SHA, WANTED, null)).toMatchObject({ kind: 'ask', other: false });
	});

	it("imports the link's own file with the link's mapping and no question", async () => {
		const preview = await previewFile(fileOf('orders-unnamed.csv'));
		const step = linkedFileStep(preview, SHA, WANTED, await linked(preview.header, MAPPED));
		expect(step.kind).toBe('import');
		expect(step.preview.mapping).toEqual(MAPPED);
	});

	it('shows another file (another fingerprint) in the mapper, prefilled from the link', async () => {
		const preview = await previewFile(fileOf('orders-unnamed.csv'));
		const step = linkedFileStep(preview, OTHER_SHA, WANTED, await linked(preview.header, MAPPED));
		expect(step).toMatchObject({ kind: 'ask', other: true });
		expect(step.preview.mapping).toEqual(MAPPED);
	});

	it('asks when the file lacks a column the link maps, keeping the columns it has', async () => {
		const preview = await previewFile(fileOf('orders-unnamed.csv'));
		const renamed = ['Ref', 'Buyer', 'Placed', 'Items', 'Paid', 'Area'];
		const step = linkedFileStep(preview, SHA, WANTED, await linked(renamed, MAPPED));
		expect(step).toMatchObject({ kind: 'ask', other: false });
		expect(step.preview.mapping.columns.map((c) => c.role)).toEqual(['order', 'customer', 'timestamp', 'ignore', 'value', 'ignore']);
	});

	it("settles an ambiguous date column by the link's day/month order, and asks without it", async () => {
		const preview = await previewFile(fileOf('dates-ambiguous.csv'));
		expect(preview.ambiguousDates.length).toBeGreaterThan(0);
		expect(linkedFileStep(preview, SHA, WANTED, null).kind).toBe('ask');
		const dayFirst: ColumnMapping = { ...preview.mapping, columns: preview.mapping.columns.map((c, i) => (preview.ambiguousDates.includes(i) ? { ...c, dateFormat: 'dmy' } : c)) };
		const step = linkedFileStep(preview, SHA, WANTED, await linked(preview.header, dayFirst));
		expect(step.kind).toBe('import');
		expect(step.preview.ambiguousDates).toEqual([]);
		expect(step.preview.mapping.columns[preview.ambiguousDates[0]].dateFormat).toBe('dmy');
	});

	it('imports a file detection settles as detected for an old link, and any file for a link naming no dataset', async () => {
		const preview = await previewFile(fileOf('events-comma.csv'));
		expect(missingRoles(preview.mapping)).toEqual([]);
		expect(linkedFileStep(preview, SHA, WANTED, null)).toMatchObject({ kind: 'import', preview: { mapping: preview.mapping } });
		expect(linkedFileStep(preview, OTHER_SHA, WANTED, null)).toMatchObject({ kind: 'ask', other: true });
		expect(linkedFileStep(preview, OTHER_SHA, '', null).kind).toBe('import');
	});
});
