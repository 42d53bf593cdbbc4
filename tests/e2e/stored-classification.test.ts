/**
 * Stored classifications in the browser (issue 26; worker/engine-api.ts, store/classifications.ts): the dashboard's
 * engine worker stores the classification it computed; a reload's engine answers from it with the same numbers; a
 * rule edited after the reload is classified anew (its numbers, not the stored model's), stored in turn, and a
 * reload of the edited link shows the edited numbers.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { copyOfTemplate, leadLifecycle, type LifecycleModel } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { readFile } from '../helpers/import';
import { openSample, openTab, storedCounts, useSite } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

async function expectedFunnel(model: LifecycleModel): Promise<number[]> {
	const { table } = await readFile(sample, 'lead-lifecycle.csv');
	return new EngineSession(table).lifecycleFunnel({ model, mode: 'cumulative', windowDays: null, filter: {} }).funnel.steps.map((s) => s.count);
}

const counts = (page: Page) => page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
const classificationsStored = async (page: Page) => (await storedCounts(page, ['classifications']))[0];

describe('stored classifications', () => {
	it("a reload answers from the stored classification; a rule edited after it shows the edited model's numbers", async () => {
		const lead = await expectedFunnel(leadLifecycle);
		const edited = copyOfTemplate(leadLifecycle, 'x');
		(edited.stages[2].enter[0] as { names: string[] }).names.push('webinar');
		const want = await expectedFunnel(edited);
		expect(want[2]).toBeGreaterThan(lead[2]);

		const { page, errors } = await openSample(siteOf());
		await expect.poll(() => classificationsStored(page), { timeout: 15_000 }).toBe(1);

		// A reload: the engine's own answer, from the stored classification, is the lead model's.
		const tab = await openTab(page.context(), page.url(), errors);
		await expect.poll(() => tab.getByTestId('funnel').getAttribute('data-answer'), { timeout: 30_000 }).toBe('engine');
		expect(await counts(tab)).toEqual(lead);
		await tab.getByTestId('stage-table').waitFor();

		// Let a webinar also make a contact an MQL: the edited model is classified anew, never read as the stored one.
		await tab.getByTestId('model-menu').click();
		await tab.getByTestId('edit-model').click();
		const mql = tab.locator('[data-testid=stage-editor][data-stage=mql]');
		await mql.getByTestId('event-pick').selectOption('webinar');
		await mql.getByTestId('add-event').click();
		await tab.waitForFunction((n) => document.querySelectorAll('[data-testid=funnel-count]')[2]?.getAttribute('data-count') === String(n), want[2]);
		expect(await counts(tab)).toEqual(want);
		// Stored in turn (with any model the editor asked for on the way to it).
		await expect.poll(() => classificationsStored(tab), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

		// The edited link reloaded: its own stored classification, the edited numbers.
		await tab.waitForFunction(() => /[?&]m=/.test(location.search));
		const again = await openTab(page.context(), tab.url(), errors);
		await expect.poll(() => again.getByTestId('funnel').getAttribute('data-answer'), { timeout: 30_000 }).toBe('engine');
		expect(await counts(again)).toEqual(want);
		expect(errors).toEqual([]);
		// Three pages of the dashboard in turn, as stored-answer.test.ts's longest test.
	}, 150_000);
});
