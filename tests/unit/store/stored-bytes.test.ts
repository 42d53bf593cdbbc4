/**
 * What an import stores, byte for byte: every chunk, dictionary and rejected row, and the dataset's record, for the
 * import fixtures and for two generated files of over 2 MB read in two parts (an event log and order lines, the second
 * part read in-process as the part worker reads it). A change to the import's inner loops, its sort or its writes must
 * store exactly what was stored before: the digests below were taken from main at 5d3cc73, before the import's work
 * of issue 26's second pass (importparse), and are what that code stores.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planOf } from '../../../src/lib/import/import-file';
import { MIN_SPLIT_BYTES, readLaterPart, type ReadLaterPart } from '../../../src/lib/import/parts';
import { previewFile } from '../../../src/lib/import/preview';
import { openDatabase, type LensDatabase } from '../../../src/lib/store/db';
import { importToStore } from '../../../src/lib/worker/store-import';
import { fileOf } from '../../helpers/import';

/**
 * A digest of everything a database holding one dataset stores, in key order: its record (but the id and the time,
 * which differ per import), its chunks, dictionaries and rejected rows.
 */
async function storedDigest(db: LensDatabase): Promise<string> {
	const hash = createHash('sha256');
	const [{ id: _id, created: _created, ...record }] = await db.datasets.toArray();
	hash.update(JSON.stringify(record));
	for (const chunk of await db.chunks.toArray()) {
		hash.update(`${chunk.column}/${chunk.seq}:`);
		hash.update(new Uint8Array(chunk.buffer));
	}
	for (const dict of await db.dicts.toArray()) hash.update(JSON.stringify([dict.column, dict.values]));
	for (const batch of await db.rejects.toArray()) hash.update(JSON.stringify(batch.rows));
	return hash.digest('hex');
}

/** Imports as Import with the detected mapping does; with `inParts`, a file of 2 MB or more is read in two parts. */
async function digestOf(content: string | Uint8Array, name: string, inParts = false): Promise<string> {
	const db = openDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
	try {
		const file = fileOf(content, name);
		let partsRead = 0;
		const readLater: ReadLaterPart = (...args) => (partsRead++, readLaterPart(...args));
		await importToStore(db, file, planOf(await previewFile(file)), { sha256: 'fixed', readLaterPart: inParts ? readLater : undefined });
		expect(partsRead).toBe(inParts ? 1 : 0);
		return await storedDigest(db);
	} finally {
		db.close();
	}
}

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));

/** A generated event log of over 2 MB: repeat customers, ISO times, sparse values, a few rejects, two attributes. */
function eventLog(): string {
	const lines = ['customer_id,timestamp,event,value,channel,country'];
	const names = ['page_view', 'signup', 'purchase', 'email_open'];
	for (let i = 0, length = 0; length < MIN_SPLIT_BYTES * 1.2; i++, length += lines.at(-1)!.length + 1) {
		const customer = `C${String((i * 7919) % 9973).padStart(6, '0')}`;
		const day = 1 + ((i * 31) % 28);
		const time = i % 997 === 0 ? 'not a date' : `2024-0${1 + (i % 9)}-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07Z`;
		const event = names[(i * 13) % names.length];
		lines.push(`${customer},${time},${event},${event === 'purchase' ? ((i % 500) / 4).toFixed(2) : ''},${['ads', 'email', 'organic'][i % 3]},${['FR', 'DE', 'UK', 'ES'][customer.length % 4 === 0 ? 0 : i % 4]}`);
	}
	return lines.join('\n');
}

/** Generated order lines of over 2 MB in the retail layout: orders of 1-4 lines, some cancelled, some written further down. */
function orderLines(): string {
	const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
	let length = 0;
	const push = (line: string) => (lines.push(line), (length += line.length + 1));
	for (let order = 0; length < MIN_SPLIT_BYTES * 1.2; order++) {
		const id = `${order % 40 === 0 ? 'C' : ''}${500000 + order}`;
		const customer = `${10000 + ((order * 7919) % 4001)}.0`;
		const date = `${1 + (order % 12)}/${1 + (order % 28)}/2024 ${order % 24}:${String(order % 60).padStart(2, '0')}`;
		for (let line = 0; line <= order % 4; line++) push(`${id},${22000 + line},ITEM ${line},${1 + ((order + line) % 9)},${date},${(1 + ((order * 3 + line) % 997) / 100).toFixed(2)},${customer},${['France', 'Germany'][order % 2]}`);
		if (order % 50 === 7) push(`${500000 + order - 5},23000,LATE LINE,2,${date},1.25,,France`);
	}
	return lines.join('\n');
}

describe('stored bytes of an import', () => {
	it.each([
		['events-comma.csv', 'b42128c2a237b87d2b70ff1f575c868be25a49bc0d4b6f86e1691123c561a485'],
		['quoted.csv', 'b3c6b0b8ee53633489e39ef1f8360749e484db9e7eee6c220d8c928f14adc14f'],
		['snapshot.csv', '521d40895d59a41f629dab2a24c774de06c019b721b788f20df5d0bd3b9cc86a'],
		['hubspot-contacts.csv', 'bb42b6a12e3c00e61d93a601d500c081e064f9e023e4cfafe7f0e37cf59a2192'],
		['vietnamese-events.csv', '00ee098a8fae989458eb8eb7cf663c1134a9943d02ab2b48cac3003fb1134a18'],
		['orders-us.csv', '2dc1a5964cae5b474ee770617fd6202b3a626022e0e46293999e49968e3e3513'],
		['shops/retail-orders.csv', '58c2cb4398a8fe704c922e5ac34ffe18a6cbd2cada6fe0bfafaa8bc3bb92d06b'],
		['shops/shopify-orders.csv', 'da8104cbe211d910a8bdf5b5206841814ee9c9f7ab8a6c122d6aac47e322b90e'],
		['shops/woocommerce-orders.csv', 'e781b4d08da8b5f001f303ff0007342bb74f0adac3ed94f4360ac05461da3f1d'],
		['shops/stripe-payments.csv', 'bae0c92c804d03b17c84473a6a9188c7288667bc7cc907a4536df5aa4aab693b']
	])('%s is stored as before', async (path, digest) => {
		expect(await digestOf(fixture(path), path.replace(/^.*\//, ''))).toBe(digest);
	});

	it('a generated event log of over 2 MB, read in two parts, is stored as before and as in one part', async () => {
		const content = eventLog();
		expect(content.length).toBeGreaterThan(MIN_SPLIT_BYTES);
		const inParts = await digestOf(content, 'events.csv', true);
		expect(inParts).toBe(await digestOf(content, 'events.csv'));
		expect(inParts).toBe('81b95a16632d9417a153dd83ec9f16363c739c2c025231c01806cd4b538188f3');
	});

	it('generated order lines of over 2 MB, read in two parts, are stored as before and as in one part', async () => {
		const content = orderLines();
		expect(content.length).toBeGreaterThan(MIN_SPLIT_BYTES);
		const inParts = await digestOf(content, 'orders.csv', true);
		expect(inParts).toBe(await digestOf(content, 'orders.csv'));
		expect(inParts).toBe('52a31d739e3057723d640e7bbf40c0ca50359fe4381ac8fef3749e6a46a57a8e');
	});
});
