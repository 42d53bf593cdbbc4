import { describe, expect, it } from 'vitest';
import { CsvParser, RowLimitError, UnterminatedQuoteError, detectDelimiter } from '../../../src/lib/import/csv';
import { seededRandom } from '../../../scripts/lib/random.mjs';

/** A parsed row as [line it starts on, fields]. */
type Row = [line: number, fields: string[]];

/** Parses text given whole or as a list of chunks; every row with its line. */
function parse(chunks: string | string[], delimiter = ','): Row[] {
	const rows: Row[] = [];
	const parser = new CsvParser(delimiter, (fields, line) => rows.push([line, fields]));
	for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) parser.push(chunk);
	parser.end();
	return rows;
}

function thrownBy(run: () => void): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	throw new Error('expected an error');
}

describe('CsvParser', () => {
	it('counts a row\'s characters from after the line end before it, CRLF included: a row of the limit is read', () => {
		const rows: string[][] = [];
		const parser = new CsvParser(',', (fields) => rows.push(fields), { maxFields: 10, maxChars: 5 });
		parser.push('a\r\nbc,de');
		parser.end();
		expect(rows).toEqual([['a'], ['bc', 'de']]);
		const over = new CsvParser(',', () => {}, { maxFields: 10, maxChars: 5 });
		expect(() => over.push('a\r\nbc,def')).toThrow(RowLimitError);
	});

	it.each<[string, string, Row[]]>([
		['plain rows', 'a,b,c\n1,2,3\n', [[1, ['a', 'b', 'c']], [2, ['1', '2', '3']]]],
		['a single column', 'x\ny\n', [[1, ['x']], [2, ['y']]]],
		['spaces kept as they are', ' a , b \n', [[1, [' a ', ' b ']]]],
		['a quoted field holding the delimiter', '"a,b",c\n', [[1, ['a,b', 'c']]]],
		['doubled quotes inside quotes', '"say ""hi""",""""\n', [[1, ['say "hi"', '"']]]],
		['an empty quoted field', '"",x,""\n', [[1, ['', 'x', '']]]],
		['a quote inside an unquoted field', 'a"b,c\n', [[1, ['a"b', 'c']]]],
		['text after a closing quote', '"a"b,c\n', [[1, ['ab', 'c']]]],
		['unicode', 'é,日本,😀\n', [[1, ['é', '日本', '😀']]]],
		['CRLF line ends', 'a,b\r\nc,d\r\n', [[1, ['a', 'b']], [2, ['c', 'd']]]],
		['lone CR line ends', 'a,b\rc,d\r', [[1, ['a', 'b']], [2, ['c', 'd']]]],
		['mixed line ends', 'a\r\nb\nc\rd\n', [[1, ['a']], [2, ['b']], [3, ['c']], [4, ['d']]]],
		['line ends right after a closing quote', '"a"\r\n"b"\n"c"\r"d"', [[1, ['a']], [2, ['b']], [3, ['c']], [4, ['d']]]],
		['no final line end', 'a,b\nc,d', [[1, ['a', 'b']], [2, ['c', 'd']]]],
		['no final line end after a quoted field', 'a,"b"', [[1, ['a', 'b']]]],
		['an empty middle field', 'a,,b\n', [[1, ['a', '', 'b']]]],
		['an empty last field', 'a,b,\n', [[1, ['a', 'b', '']]]],
		['an empty last field at the end of the input', 'a,b,', [[1, ['a', 'b', '']]]],
		['only delimiters', ',\n,,', [[1, ['', '']], [2, ['', '', '']]]],
		['an empty first field', ',a\n', [[1, ['', 'a']]]],
		['blank lines skipped but counted', '\na,b\n\n\r\nc,d\n\r\n', [[2, ['a', 'b']], [5, ['c', 'd']]]],
		['empty input', '', []],
		['only line ends', '\n\r\n\r', []]
	])('%s', (_, text, expected) => {
		expect(parse(text)).toEqual(expected);
	});

	it('keeps newlines inside quotes and counts them in the following line numbers', () => {
		const text = 'id,note\n1,"two\nlines"\n2,"three\r\nline\rends"\n3,x\n"\n",y';
		expect(parse(text)).toEqual([
			[1, ['id', 'note']],
			[2, ['1', 'two\nlines']],
			[4, ['2', 'three\r\nline\rends']],
			[7, ['3', 'x']],
			[8, ['\n', 'y']]
		]);
	});

	it('counts LF then CR inside quotes as two line ends', () => {
		expect(parse('"a\n\rb"\nc')).toEqual([[1, ['a\n\rb']], [4, ['c']]]);
	});

	it.each<[string, string, Row[]]>([
		[';', 'a;b,c;"d;e"\n', [[1, ['a', 'b,c', 'd;e']]]],
		['\t', 'a\tb c\t"d\te"\n', [[1, ['a', 'b c', 'd\te']]]],
		['|', 'a|b,c|\n', [[1, ['a', 'b,c', '']]]]
	])('splits on the delimiter %j only', (delimiter, text, expected) => {
		expect(parse(text, delimiter)).toEqual(expected);
	});

	it('rejects a delimiter that is not one character', () => {
		expect(() => new CsvParser(',,', () => {})).toThrow(/one character/);
		expect(() => new CsvParser('', () => {})).toThrow(/one character/);
	});

	describe('chunks', () => {
		it.each<[string, string[], Row[]]>([
			['a CRLF split after the CR', ['a\r', '\nb'], [[1, ['a']], [2, ['b']]]],
			['a CRLF split after the CR of a blank line', ['a\r\n\r', '\nb'], [[1, ['a']], [3, ['b']]]],
			['a CRLF split after a closing quote and CR', ['"a"\r', '\nb'], [[1, ['a']], [2, ['b']]]],
			['a CRLF inside quotes split after the CR', ['"x\r', '\ny"\nz'], [[1, ['x\r\ny']], [3, ['z']]]],
			['a CR at the end of a chunk and a LF later', ['a\r', 'b\nc'], [[1, ['a']], [2, ['b']], [3, ['c']]]],
			['an unquoted field split', ['ab', 'c,d', 'e\n'], [[1, ['abc', 'de']]]],
			['a quoted field split', ['"ab', 'c,d', 'e"\n'], [[1, ['abc,de']]]],
			['a doubled quote split', ['"a"', '"b"'], [[1, ['a"b']]]],
			['a closing quote then the delimiter in the next chunk', ['"a"', ',b'], [[1, ['a', 'b']]]],
			['a closing quote then text in the next chunk', ['"a"', 'b,c'], [[1, ['ab', 'c']]]],
			['a surrogate pair split', ['\ud83d', '\ude00,x'], [[1, ['😀', 'x']]]],
			['empty chunks between a CR and its LF', ['a\r', '', '\nb', ''], [[1, ['a']], [2, ['b']]]]
		])('%s', (_, chunks, expected) => {
			expect(parse(chunks)).toEqual(expected);
			expect(parse(chunks.join(''))).toEqual(expected);
		});
	});

	describe('an unterminated quote', () => {
		it.each([
			['on the first line', '"abc', 1],
			['after rows', 'a,b\n1,"oops\n2,3\n', 2],
			['after a multi-line field', 'a\n"x\ny"\nb,"open\nmore\r\nstill', 4],
			['after blank lines', '\n\n\nx,"', 4]
		])('%s: end() throws with the line the row started on', (_, text, line) => {
			const rows: number[] = [];
			const parser = new CsvParser(',', (_fields, at) => rows.push(at));
			parser.push(text); // only end() knows the quote never closes
			const error = thrownBy(() => parser.end());
			expect(error).toBeInstanceOf(UnterminatedQuoteError);
			expect((error as UnterminatedQuoteError).line).toBe(line);
			expect((error as Error).message).toContain(`line ${line}`);
			expect(rows.every((at) => at < line)).toBe(true);
		});
	});
});

describe('CsvParser property: any split gives the rows of the whole text', () => {
	const PIECES = ['a', 'b', 'Z', '0', '42', ' ', ',', ';', '\t', '"', '""', '\n', '\r\n', '\r', 'é', '日本', '😀', 'x y'];
	const LINE_ENDS = ['\n', '\r\n', '\r'];

	function randomTable(random: ReturnType<typeof seededRandom>): string[][] {
		const columns = random.int(1, 6);
		return Array.from({ length: random.int(1, 25) }, () =>
			Array.from({ length: columns }, () => {
				if (random.chance(0.15)) return '';
				let cell = '';
				for (let k = random.int(1, 5); k > 0; k--) cell += random.pick(PIECES);
				return cell;
			})
		);
	}

	/** RFC 4180 quoting; a lone empty field is quoted so the row is not a blank line. */
	function quote(cell: string, row: string[], alwaysQuote: boolean): string {
		const needsQuotes = alwaysQuote || /[",\r\n]/.test(cell) || (row.length === 1 && cell === '');
		return needsQuotes ? `"${cell.replaceAll('"', '""')}"` : cell;
	}

	/** The CSV text and the line each row starts on, counted independently of the parser. */
	function serialise(table: string[][], random: ReturnType<typeof seededRandom>): { text: string; lines: number[] } {
		const alwaysQuote = random.chance(0.2);
		let text = '';
		const lines: number[] = [];
		table.forEach((row, r) => {
			lines.push(1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0));
			text += row.map((cell) => quote(cell, row, alwaysQuote)).join(',');
			if (r < table.length - 1 || random.chance(0.5)) text += random.pick(LINE_ENDS);
		});
		return { text, lines };
	}

	function randomSplit(text: string, random: ReturnType<typeof seededRandom>, maxChunk: number): string[] {
		const chunks: string[] = [];
		for (let i = 0; i < text.length; ) {
			const size = random.chance(0.05) ? 0 : random.int(1, maxChunk);
			chunks.push(text.slice(i, i + size));
			i += size;
		}
		return chunks;
	}

	it.each(Array.from({ length: 60 }, (_, i) => i + 1))('seed %i', (seed) => {
		const random = seededRandom(seed);
		const table = randomTable(random);
		const { text, lines } = serialise(table, random);

		const whole = parse(text);
		expect(whole).toEqual(table.map((row, r) => [lines[r], row]));

		const splits = [
			Array.from(text), // by code point
			text.split(''), // by UTF-16 unit: surrogate pairs split too
			...[2, 3, 8, 64].map((max) => randomSplit(text, random, max))
		];
		for (const chunks of splits) {
			expect(chunks.join('')).toBe(text);
			expect(parse(chunks)).toEqual(whole);
		}
	});

	it('the generated tables cover the awkward cases', () => {
		const random = seededRandom(1);
		const texts = Array.from({ length: 60 }, () => serialise(randomTable(random), random).text).join('');
		for (const piece of ['""', '\r\n', '\r', '\n', ',', '😀']) expect(texts).toContain(piece);
	});
});

describe('detectDelimiter', () => {
	it.each([
		['commas', 'a,b,c\n1,2,3\n4,5,6\n', ','],
		['semicolons', 'a;b;c\n1;2;3\n', ';'],
		['tabs', 'a\tb\tc\n1\t2\t3\n', '\t'],
		['pipes', 'a|b|c\r\n1|2|3\r\n', '|'],
		['semicolons with commas inside quotes', '"a,b,c,d";x;y\n"1,2,3,4";"5,6";7\n', ';'],
		['semicolons with decimal commas', 'name;amount\nSmith;1,5\nDoe;2\n', ';'],
		['tabs with commas in the text', 'note\tdate\nhi, there\t2024-03-01\n', '\t'],
		['commas with a cut-off last line', 'a,b,c\n1,2,3\n4;5', ','],
		['commas with no line end at all', 'a,b', ','],
		['one column (the default)', 'a\nb\n', ','],
		['nothing (the default)', '', ',']
	])('%s', (_, sample, expected) => {
		expect(detectDelimiter(sample)).toBe(expected);
	});

	it('prefers the delimiter that splits every line the same way', () => {
		// Commas give more fields on the header but not on the rows.
		expect(detectDelimiter('a,b,c;d\n1;2\n3;4\n5;6\n')).toBe(';');
	});
});
