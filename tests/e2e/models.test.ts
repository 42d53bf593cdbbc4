/** Lifecycle models in the browser: edit a rule and see the funnel and stage table change to the engine's numbers. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { funnel } from '../../src/lib/engine/funnel';
import { copyOfTemplate, leadLifecycle, templateById, type LifecycleModel } from '../../src/lib/engine/model';
import { stageTable } from '../../src/lib/engine/stage-table';
import { customerStatus } from '../../src/lib/engine/status';
import { readFile } from '../helpers/import';
import { openSample, useSite } from './browser';
import { readFileSync } from 'node:fs';

const siteOf = useSite();

const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

async function expected(model: LifecycleModel) {
	const { table } = await readFile(sample, 'lead-lifecycle.csv');
	const classification = classify(table, model);
	const status = customerStatus(table, classification, model.status!);
	return {
		funnel: funnel(classification, model).steps.map((s) => s.count),
		current: stageTable(table, classification, model, status).rows.map((r) => r.current)
	};
}

const shownCounts = (page: import('playwright-core').Page) =>
	page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
const shownCurrent = (page: import('playwright-core').Page) =>
	page.locator('[data-testid=stage-table] td[data-key=current]').evaluateAll((cells) => cells.map((c) => Number(c.textContent!.replace(/,/g, ''))));

describe('lifecycle models, in the browser', () => {
	it('recomputes the funnel and stage table live when a rule is edited, and carries the edit in the link', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('stage-table').waitFor();
		const lead = await expected(leadLifecycle);
		expect(await shownCounts(page)).toEqual(lead.funnel);
		expect(await shownCurrent(page)).toEqual(lead.current);

		// Let a webinar also make a contact an MQL: add "webinar" to the names of its rule.
		await page.getByTestId('model-menu').click();
		await page.getByTestId('edit-model').click();
		const mql = page.locator('[data-testid=stage-editor][data-stage=mql]');
		await mql.getByTestId('event-pick').selectOption('webinar');
		await mql.getByTestId('add-event').click();
		const edited = copyOfTemplate(leadLifecycle, 'x');
		(edited.stages[2].enter[0] as { names: string[] }).names.push('webinar');
		const want = await expected(edited);
		expect(want.funnel).not.toEqual(lead.funnel);
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=funnel-count]')[2]?.getAttribute('data-count') === String(n), want.funnel[2]);
		expect(await shownCounts(page)).toEqual(want.funnel);
		expect(await shownCurrent(page)).toEqual(want.current);

		// The edited model is in the link: opening it shows the same numbers.
		await page.waitForFunction(() => /[?&]m=/.test(location.search));
		const again = await page.context().newPage();
		await again.goto(page.url());
		await again.getByTestId('stage-table').waitFor();
		expect(await shownCounts(again)).toEqual(want.funnel);
		expect(errors).toEqual([]);
	});

	it('switches templates and says when an imported model file is not valid', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('stage-table').waitFor();
		await page.getByTestId('model-picker').selectOption('journey5');
		const journey = await expected(templateById('journey5')!);
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=funnel-count]').length === n, journey.funnel.length);
		expect(await shownCounts(page)).toEqual(journey.funnel);
		await expect.poll(() => page.url()).toContain('model=journey5');

		await page.getByTestId('import-model').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id":"x","name":"X","stages":[]}') });
		expect(await page.getByTestId('model-message').textContent()).toBe('broken.json is not a valid lifecycle model: stages: expected a list of 1 to 30 stages.');
		expect(errors).toEqual([]);
	});
});
