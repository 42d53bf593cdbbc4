// The hostile corpus of issue 21: files that once froze, crashed or exhausted the tab, or got the wrong message.
// Small ones are committed in tests/fixtures/hostile/; large ones are made here, at test time, into
// tests/fixtures/hostile/generated/ (git-ignored). Each file's expected outcome is in tests/helpers/hostile-corpus.ts.
// Run: node scripts/make-hostile.mjs [--small]   (--small rewrites the committed files too)
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gzip, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HOSTILE_DIR = join(root, 'tests/fixtures/hostile');
export const GENERATED_DIR = join(HOSTILE_DIR, 'generated');

// The generators are exported: tests/unit/import/hostile.test.ts builds its smaller cases with the same ones.

/** Bytes that look random (a linear congruential generator), as encrypted or compressed data does. */
export function randomBytes(length, seed = 1) {
	const bytes = new Uint8Array(length);
	let x = seed;
	for (let i = 0; i < length; i++) {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		bytes[i] = x >>> 24;
	}
	return bytes;
}

const HEADER = 'customer_id,timestamp,event,value\n';

/** A PNG image's signature and the length of its first chunk, then `length` random bytes. */
export const pngBytes = (length, seed = 7) => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...randomBytes(length, seed)]);

/**
 * An event log `columns` wide: the four roles by their usual names first, then c0, c1, ...; `rows` rows
 * (customers a, b, ..., one a day, value 1, 2, ...), every extra field x or y.
 */
export function wideCsv(columns, rows) {
	const extra = Array.from({ length: columns - 4 }, (_, i) => `c${i}`);
	const lines = [`customer_id,timestamp,event,value,${extra.join(',')}`];
	for (let r = 0; r < rows; r++) {
		const filler = r % 2 ? 'y' : 'x';
		lines.push(`${String.fromCharCode(97 + r)},2025-01-${String(1 + r).padStart(2, '0')},lead,${r + 1},${extra.map(() => filler).join(',')}`);
	}
	return lines.join('\n') + '\n';
}
const row = (i) => `c${i % 997},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},e${i % 7},${i % 100}\n`;

/** The committed, small files. */
export function makeSmall() {
	mkdirSync(HOSTILE_DIR, { recursive: true });
	const files = {
		'random.csv': randomBytes(64 * 1024),
		'random.csv.gz': gzipSync(randomBytes(64 * 1024, 3)),
		'png.csv.gz': gzipSync(pngBytes(4000)),
		'report.pdf.csv': Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'),
		'commas.csv': ','.repeat(100_000),
		'scalar.json': '42\n',
		'numbers.json': '[1, 2, 3]\n',
		'deep.json': '['.repeat(200_000) + ']'.repeat(200_000),
		'multi-member.csv.gz': Buffer.concat([gzipSync(HEADER + 'a,2025-01-01,lead,1\nb,2025-01-02,lead,2\n'), gzipSync('c,2025-01-03,lead,3\n')]),
		'overflow.csv': HEADER + ['a,2025-01-01,lead,1', 'b,2025-01-02,lead,1e309', `c,2025-01-03,lead,${'9'.repeat(400)}`, 'd,2025-01-04,lead,--5', 'e,2025-01-05,lead,-5', 'f,2025-01-06,lead,2.5', 'g,2025-01-07,lead,3'].join('\n') + '\n'
	};
	for (const [name, content] of Object.entries(files)) writeFileSync(join(HOSTILE_DIR, name), content);
}

/** Writes a large file in parts, never holding it whole. */
function writeParts(path, parts) {
	const fd = openSync(path, 'w');
	try {
		for (const part of parts) writeSync(fd, part);
	} finally {
		closeSync(fd);
	}
}

function* repeat(text, times) {
	const block = text.repeat(Math.max(1, Math.floor((1 << 20) / text.length)));
	const perBlock = block.length / text.length;
	for (let done = 0; done < times; done += perBlock) yield done + perBlock <= times ? block : text.repeat(times - done);
}

/** The large files, made when missing. */
export async function makeLarge() {
	mkdirSync(GENERATED_DIR, { recursive: true });
	const make = async (name, write) => {
		const path = join(GENERATED_DIR, name);
		if (!existsSync(path)) {
			await write(`${path}.part`);
			renameSync(`${path}.part`, path);
		}
	};
	// 100,000 columns whose first four are recognisable roles: 2.6 MB, as in the issue.
	await make('wide-100k.csv', (path) => writeFileSync(path, wideCsv(100_000, 2)));
	// 5,000 columns, under the page's budget: the mapper shows the first ones, the roles are chosen by name.
	await make('wide-5k.csv', (path) => {
		const extra = Array.from({ length: 4_996 }, (_, i) => `attr${i}`);
		const lines = [`${extra.slice(0, 2000).join(',')},customer_id,timestamp,event,value,${extra.slice(2000).join(',')}`];
		for (let r = 0; r < 30; r++) lines.push(`${extra.slice(0, 2000).map(() => r % 3).join(',')},c${r % 11},2025-01-${String(1 + r).padStart(2, '0')},e${r % 3},${r},${extra.slice(2000).map(() => 'v').join(',')}`);
		writeFileSync(path, lines.join('\n') + '\n');
	});
	// 200 MB on one line.
	await make('one-line-200mb.csv', (path) => writeParts(path, repeat('x', 200 * (1 << 20))));
	// A gzip bomb of ordinary rows: 1 GB (36 million rows) in about 2 MB, one gzip member.
	await make('bomb.csv.gz', (path) => {
		const unit = Array.from({ length: 500 }, (_, i) => row(i)).join('');
		const gzip = new Gzip({ level: 6 });
		const fd = openSync(path, 'w');
		gzip.on('data', (chunk) => writeSync(fd, chunk));
		gzip.write(HEADER);
		for (const block of repeat(unit, Math.ceil(1e9 / unit.length))) gzip.write(block);
		gzip.end();
		return new Promise((done) => gzip.on('end', () => done(closeSync(fd))));
	});
	// A JSON document over the page's 256 MB: an array of one short record, repeated.
	await make('json-300mb.json', (path) => {
		const record = '{"customer_id":"a","timestamp":"2025-01-01","event":"lead","value":1},';
		writeParts(path, ['[', ...repeat(record, Math.ceil((300 * (1 << 20)) / record.length)), '{"customer_id":"z","timestamp":"2025-01-01","event":"lead"}]']);
	});
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	if (process.argv.includes('--small')) makeSmall();
	await makeLarge();
}
