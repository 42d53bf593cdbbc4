/**
 * Messages from the pure modules (import, storage, links, workers, model files) come with a problem: a code and
 * its values. The page says a problem in its language; in English it shows the module's own message, and the
 * English table says exactly that message again.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEveryLocale } from '../../helpers/locales';
import { describeProblem, renderProblem } from '../../../src/lib/i18n/describe-problem';
import { i18n, messageTables } from '../../../src/lib/i18n/i18n.svelte';
import { LOCALES } from '../../../src/lib/i18n/locales';
import { messageOf, problemOf, type Problem } from '../../../src/lib/base/problem';
import { validateModel } from '../../../src/lib/engine/validate-model';
import { parseAggregate } from '../../../src/lib/import/aggregate';
import { decodeState } from '../../../src/lib/state/url';
import { decodeModel } from '../../../src/lib/state/model-codec';
import { checkSourceUrl } from '../../../src/lib/app/fetch-file';
import { readFile } from '../../helpers/import';

beforeAll(loadEveryLocale);

afterEach(() => {
	i18n.locale = 'en';
});

const failureOf = async (run: () => unknown): Promise<unknown> => {
	try {
		await run();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
};

/** A problem has a message in every language, and the English one is the module's message, word for word. */
function expectSaidEverywhere(problem: Problem | undefined, english: string): Problem {
	expect(problem, english).toBeDefined();
	const key = `problem.${problem!.code}`;
	for (const locale of LOCALES) expect((messageTables()[locale] as Record<string, string | undefined>)[key], `${locale}: ${key}`).toBeTruthy();
	i18n.locale = 'en';
	expect(renderProblem(problem!)).toBe(english);
	expect(describeProblem(problem, english)).toBe(english);
	return problem!;
}

function inDutch(problem: Problem, english: string): string {
	i18n.locale = 'nl';
	const dutch = describeProblem(problem, english);
	i18n.locale = 'en';
	expect(dutch).not.toBe(english);
	return dutch;
}

describe('import errors', () => {
	it('an empty file', async () => {
		const error = await failureOf(() => readFile('', 'leeg.csv'));
		const problem = expectSaidEverywhere(problemOf(error), messageOf(error));
		expect(problem.code).toBe('import.empty');
		expect(inDutch(problem, messageOf(error))).toBe('leeg.csv is leeg (0 bytes): verwacht werd een kopregel en minstens één rij.');
	});

	it('a binary file', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
		const error = await failureOf(() => readFile(png, 'chart.csv'));
		const problem = expectSaidEverywhere(problemOf(error), messageOf(error));
		expect(problem.code).toBe('import.binary.png');
		expect(inDutch(problem, messageOf(error))).toMatch(/^chart\.csv is een PNG-afbeelding, geen tekst/);
	});

	it('a quote never closed names its line', async () => {
		const error = await failureOf(() => readFile('customer,time,event\na,2024-01-01,x\nb,2024-01-02,"open\n', 'quotes.csv'));
		const problem = expectSaidEverywhere(problemOf(error), messageOf(error));
		expect(problem.params).toMatchObject({ file: 'quotes.csv', line: 3 });
		expect(inDutch(problem, messageOf(error))).toMatch(/^quotes\.csv, regel 3: /);
	});

	it('a file none of whose rows can be read', async () => {
		const error = await failureOf(() => readFile('customer_id,timestamp,event\n,2024-01-01,signup\n', 'dates.csv'));
		const problem = expectSaidEverywhere(problemOf(error), messageOf(error));
		expect(problem.code).toMatch(/^import\.noRowRead/);
		expect(inDutch(problem, messageOf(error))).toMatch(/^dates\.csv: geen van de 1 rijen kon worden gelezen\. Eerste probleem: regel 2/);
	});
});

describe('a broken aggregate table', () => {
	it('names the file, line and column in every language', () => {
		const text = 'step_index,stage_id,label,optional,customers,median_ms_from_previous\n0,lead,Lead,false,100,\n1,won,Won,false,many,\n';
		const error = failureOf(() => parseAggregate(text, 'funnel.csv'));
		return error.then((e) => {
			const problem = expectSaidEverywhere(problemOf(e), messageOf(e));
			expect(problem.params).toMatchObject({ file: 'funnel.csv', line: 3, column: 'customers' });
			expect(inDutch(problem, messageOf(e))).toMatch(/^funnel\.csv: regel 3, kolom "customers": verwacht werd /);
		});
	});

	it('a row with too few fields', async () => {
		const error = await failureOf(() => parseAggregate('stage_id,customers\nlead\n', 'short.csv'));
		const problem = expectSaidEverywhere(problemOf(error), messageOf(error));
		expect(inDutch(problem, messageOf(error))).toBe('short.csv: regel 2: verwacht werden 2 velden, gevonden 1.');
	});
});

describe('link notices', () => {
	it('come with a problem each, index for index, and name link options in the language', () => {
		const { notices, problems } = decodeState(new URLSearchParams('?v=9&ds=zz&model=nope&view=cohorts&asof=2025-02-30&fm=sideways'));
		expect(problems).toHaveLength(notices.length);
		expect(notices).toHaveLength(6);
		notices.forEach((notice, i) => expectSaidEverywhere(problems[i], notice));
		expect(inDutch(problems[3], notices[3])).toBe('De link vraagt om de weergave "cohorts", die deze pagina niet heeft; je ziet de trechter.');
		expect(inDutch(problems[5], notices[5])).toBe('De waarde "sideways" voor trechtermodus in de link is hier niet geldig; de standaardwaarde wordt gebruikt.');
		i18n.locale = 'vi';
		expect(describeProblem(problems[5], notices[5])).toBe('Giá trị chế độ phễu "sideways" trong liên kết không hợp lệ ở đây; đang dùng giá trị mặc định.');
	});
});

describe('shared links', () => {
	it('a source address that cannot be loaded, and a damaged model', async () => {
		for (const address of ['not an address', 'ftp://example.com/events.csv']) {
			const refused = checkSourceUrl(address);
			expect(refused).not.toBeInstanceOf(URL);
			expectSaidEverywhere(problemOf(refused), messageOf(refused));
		}
		const damaged = await decodeModel('!!');
		expect(damaged.ok).toBe(false);
		if (!damaged.ok) expectSaidEverywhere(damaged.problem, damaged.message);
	});
});

describe('model validation', () => {
	it('every error of a bad model file has its problem', () => {
		const result = validateModel({ id: 'x', name: '', progression: 'sideways', stages: [{ id: 'a', label: 'A', enter: [{ kind: 'magic' }] }, { id: 'a', label: 'B', enter: [{ kind: 'event', names: ['x'], minCount: 0 }] }] });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toHaveLength(result.errors.length);
		result.errors.forEach((message, i) => expectSaidEverywhere(result.problems[i], message));
		expect(inDutch(result.problems[0], result.errors[0])).toBe('name: verwacht werd een tekst van 1 tot 200 tekens');
	});
});

describe('describeProblem', () => {
	it('falls back to the English message without a problem or without a message for its code', () => {
		i18n.locale = 'nl';
		expect(describeProblem(undefined, 'Something broke.')).toBe('Something broke.');
		expect(describeProblem({ code: 'no.such.code', params: {} }, 'Something broke.')).toBe('Something broke.');
	});
});
