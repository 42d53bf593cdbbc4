/**
 * The hostile corpus of issue 21 (tests/fixtures/hostile, large files made by scripts/make-hostile.mjs) and what
 * each file must give: in the command line (tests/integration/hostile-cli.test.ts) and in the page
 * (tests/e2e/hostile-corpus.test.ts). docs/robustness.md lists the same cases.
 */
import { join } from 'node:path';

export type Outcome = { message: RegExp } | { events: number; rejected: number };

export interface HostileCase {
	file: string;
	/** Made at test time into generated/ (git-ignored). */
	generated?: boolean;
	/** Extra command-line flags (a lower limit, so the test stays quick). */
	cliFlags?: string[];
	cli: Outcome;
	page: Outcome;
	/**
	 * The least the import worker's memory must be seen to reach (JavaScript heap and backing stores): what the
	 * file makes it hold before it is refused, so that a measurement that misses it fails.
	 */
	workerHoldsAtLeast?: number;
}

export const HOSTILE_DIR = 'tests/fixtures/hostile';
export const pathOf = (c: HostileCase) => join(HOSTILE_DIR, c.generated ? 'generated' : '', c.file);

const notText = /holds binary data \(\d+% control bytes\), not text/;

export const HOSTILE_CASES: HostileCase[] = [
	{ file: 'random.csv', cli: { message: notText }, page: { message: notText } },
	{ file: 'random.csv.gz', cli: { message: notText }, page: { message: notText } },
	{ file: 'png.csv.gz', cli: { message: /png\.csv\.gz is gzip-compressed PNG data, not text/ }, page: { message: /png\.csv\.gz is gzip-compressed PNG data, not text/ } },
	{ file: 'report.pdf.csv', cli: { message: /report\.pdf\.csv is a PDF document, not text/ }, page: { message: /report\.pdf\.csv is a PDF document, not text/ } },
	{ file: 'commas.csv', cli: { message: /commas\.csv holds only delimiters and blank fields, no data/ }, page: { message: /commas\.csv holds only delimiters and blank fields, no data/ } },
	{ file: 'scalar.json', cli: { message: /scalar\.json: expected a JSON array of objects .*found a number/ }, page: { message: /scalar\.json: expected a JSON array of objects .*found a number/ } },
	{ file: 'numbers.json', cli: { message: /numbers\.json: .*found an array of number values, not objects/ }, page: { message: /numbers\.json: .*found an array of number values, not objects/ } },
	{ file: 'deep.json', cli: { message: /deep\.json: .*(nested too deeply|found an array of array values)/ }, page: { message: /deep\.json: .*(nested too deeply|found an array of array values)/ } },
	{ file: 'multi-member.csv.gz', cli: { events: 3, rejected: 0 }, page: { events: 3, rejected: 0 } },
	// 1e309, 400 digits and --5 are unreadable numbers, rejected by line.
	{ file: 'overflow.csv', cli: { events: 4, rejected: 3 }, page: { events: 4, rejected: 3 } },
	{
		file: 'wide-100k.csv',
		generated: true,
		cli: { events: 2, rejected: 0 },
		page: { message: /wide-100k\.csv, line 1: more than 10,000 columns, the most an import can take/ }
	},
	{
		file: 'wide-5k.csv',
		generated: true,
		cli: { events: 30, rejected: 0 },
		page: { events: 30, rejected: 0 }
	},
	{
		file: 'one-line-200mb.csv',
		generated: true,
		cli: { message: /one-line-200mb\.csv, line 1: a line longer than 64 MB/ },
		page: { message: /one-line-200mb\.csv, line 1: a line longer than 4 MB/ }
	},
	{
		file: 'bomb.csv.gz',
		generated: true,
		cliFlags: ['--max-rows', '1000000'],
		cli: { message: /bomb\.csv\.gz: more than 1,000,000 rows/ },
		page: { message: /bomb\.csv\.gz: more than [\d,]+ rows, the most one import can take in the memory available/ }
	},
	{
		file: 'json-300mb.json',
		generated: true,
		cliFlags: ['--max-json-mb', '100'],
		cli: { message: /json-300mb\.json: a JSON document larger than 100 MB/ },
		page: { message: /json-300mb\.json: a JSON document larger than 256 MB/ },
		// It gathers 256 MB of the document's text (external strings, which the heap alone does not count) first.
		workerHoldsAtLeast: 128 * 2 ** 20
	}
];
