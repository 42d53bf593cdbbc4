/** The right model on first open: the data chooses it when the link names none, and the page says why. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPage, useSite } from './browser';

const siteOf = useSite();
const VIETNAMESE = readFileSync(new URL('../fixtures/vietnamese-events.csv', import.meta.url));

const funnelCounts = (page: import('playwright-core').Page) =>
	page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));

describe('the model on first open', () => {
	it('a Vietnamese event log opens on the customer journey, not 10 → 0 → 0 …, and says why', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'su-kien.csv', mimeType: 'text/csv', buffer: VIETNAMESE });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('model-recommendation').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('journey5');
		await expect.poll(() => funnelCounts(page), { timeout: 15_000 }).toEqual([10, 7, 5, 4, 2]);
		expect(await page.getByTestId('model-recommendation').textContent()).toContain('đăng ký');
		// One click to change it: the picker takes the focus and its list is asked to open (showPicker, recorded here:
		// a select's open list is drawn by the browser, outside the page).
		await page.evaluate(() => {
			const proto = HTMLSelectElement.prototype as HTMLSelectElement & { showPicker: () => void };
			const open = proto.showPicker;
			proto.showPicker = function (this: HTMLSelectElement) {
				document.body.dataset.pickerOpened = this.getAttribute('data-testid') ?? '';
				return open.call(this);
			};
		});
		await page.getByTestId('change-model').click();
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('model-picker');
		expect(await page.evaluate(() => document.body.dataset.pickerOpened)).toBe('model-picker');
		await page.keyboard.press('Escape');
		expect(errors).toEqual([]);
	});

	it('asks the engine for the model it opens on only, its funnel first: no default model asked, dropped, and asked again after it', async () => {
		const { page, errors } = await newPage(siteOf());
		// Every model the page sends a worker a query for, as `method:model id` (Comlink's APPLY messages).
		await page.addInitScript(() => {
			const asked: string[] = [];
			Object.assign(window, { modelsAsked: asked });
			const post = Worker.prototype.postMessage as (this: Worker, message: unknown, ...rest: unknown[]) => void;
			Worker.prototype.postMessage = function (this: Worker, message: { path?: string[]; argumentList?: { value?: { model?: { id?: unknown } } }[] }, ...rest: unknown[]) {
				for (const argument of message?.argumentList ?? []) {
					const id = argument?.value?.model?.id;
					if (typeof id === 'string') asked.push(`${(message.path ?? []).join('.')}:${id}`);
				}
				return post.call(this, message, ...rest);
			} as typeof Worker.prototype.postMessage;
		});
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'su-kien.csv', mimeType: 'text/csv', buffer: VIETNAMESE });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await expect.poll(() => funnelCounts(page), { timeout: 15_000 }).toEqual([10, 7, 5, 4, 2]);
		await page.getByTestId('figure-conversion').waitFor();
		const asked = await page.evaluate(() => (window as unknown as { modelsAsked: string[] }).modelsAsked);
		expect(asked.filter((query) => !query.endsWith(':journey5'))).toEqual([]);
		// The first funnel is asked as soon as the model is known (app/dashboard-start.ts), ahead of what mounts after it.
		expect(asked[0]).toBe('lifecycleFunnel:journey5');
		// … and the funnel view took that answer rather than asking again.
		expect(asked.filter((query) => query.startsWith('lifecycleFunnel:'))).toHaveLength(1);
		expect(errors).toEqual([]);
	});

	it("a link's model always wins", async () => {
		const { page } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'su-kien.csv', mimeType: 'text/csv', buffer: VIETNAMESE });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		await page.waitForURL(/model=journey5/);
		const url = new URL(page.url());
		url.searchParams.set('model', 'status');
		await page.goto(url.toString());
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('status');
		expect(await page.getByTestId('model-recommendation').count()).toBe(0);
		// Its stages are states, not steps: no "overall conversion Onboarding → Lost" among the key figures.
		await page.getByTestId('figure-active').waitFor();
		expect(await page.getByTestId('figure-conversion').count()).toBe(0);
		// Client status moves both ways: the stage table says its "entered" counts everyone ever in the stage.
		const headers = await page.getByTestId('stage-table').locator('thead th').allInnerTexts();
		expect(headers.slice(1, 3)).toEqual(['Ever in it', 'In it now']);
	});
});

describe('no template fits', () => {
	// Game events no template names: every template would hold all four players in its first step.
	const GAME = ['customer_id,timestamp,event', 'a,2025-01-01,opened app', 'a,2025-01-02,played level', 'a,2025-01-03,shared score', 'b,2025-01-01,opened app', 'b,2025-01-04,played level', 'c,2025-01-02,opened app', 'd,2025-01-05,opened app'].join('\n');

	it('opens on a model of the dataset’s own events, named in the reader’s language, never 4 → 0 → 0 …; the editor is one click away, prefilled', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('language').selectOption('es');
		await page.getByTestId('file-input').setInputFiles({ name: 'juego.csv', mimeType: 'text/csv', buffer: Buffer.from(GAME) });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		// Without a click: first seen 4, opened app 4, played level 2 (a, b), shared score 1 (a); the line says no template fits.
		await page.getByTestId('model-recommendation').waitFor();
		await expect.poll(() => funnelCounts(page), { timeout: 15_000 }).toEqual([4, 4, 2, 1]);
		const steps = await page.getByTestId('funnel-table').locator('tbody th').allInnerTexts();
		expect(steps).toEqual(['Visto por primera vez', 'opened app', 'played level', 'shared score']);
		const line = await page.getByTestId('model-recommendation').textContent();
		expect(line).toContain('Ninguna plantilla se ajusta');
		expect(line).toContain('se muestra un modelo de sus propios eventos');
		expect(await page.getByTestId('model-picker').locator('option:checked').textContent()).toContain('Sus eventos');
		// One click opens the editor on that model: its name and its stages, the dataset's own event names.
		await page.getByTestId('edit-own-events').click();
		await page.getByTestId('model-editor').waitFor();
		expect(await page.getByTestId('model-name').inputValue()).toBe('Sus eventos');
		const labels = await page.getByTestId('stage-label').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
		expect(labels).toEqual(['Visto por primera vez', 'opened app', 'played level', 'shared score']);
		expect(errors).toEqual([]);
	});

	it('one event everyone has: not First seen 4 → ping 4 (every step 100%), but the client status, and the editor one click away', async () => {
		const PING = ['customer_id,timestamp,event', 'a,2025-01-01,ping', 'a,2025-03-02,ping', 'b,2025-01-01,ping', 'b,2025-04-04,ping', 'c,2025-02-02,ping', 'd,2025-04-05,ping'].join('\n');
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'ping.csv', mimeType: 'text/csv', buffer: Buffer.from(PING) });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('model-recommendation').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('status');
		// Onboarding 4; Active 3 (d's one event is on the last day: still onboarding); Inactive 3 (quiet 30 days or more:
		// a from Jan 1 to Mar 2, b from Jan 1 to Apr 4, c since Feb 2); Lost 1 (b, 93 days quiet).
		await expect.poll(() => funnelCounts(page), { timeout: 15_000 }).toEqual([4, 3, 3, 1]);
		expect(await page.getByTestId('model-recommendation').textContent()).toContain('No template fits these events (ping), and one step per event would hold every customer at every step');
		await page.getByTestId('edit-own-events').click();
		await page.getByTestId('model-editor').waitFor();
		const labels = await page.getByTestId('stage-label').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
		expect(labels).toEqual(['First seen', 'ping']);
		expect(errors).toEqual([]);
	});
});
