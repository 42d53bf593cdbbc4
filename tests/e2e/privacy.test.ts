/** Privacy: a whole session (import, every view, drill-down, export, presentation) requests nothing from another origin. */
import { describe, expect, it } from 'vitest';
import { newPage, useSite } from './browser';

const siteOf = useSite();

describe('privacy, in the browser', () => {
	it('keeps every request on the site itself, under a Content-Security-Policy', async () => {
		const { page, errors } = await newPage(siteOf());
		const requests: string[] = [];
		page.context().on('request', (request) => requests.push(request.url()));
		const violations: string[] = [];
		page.on('console', (message) => {
			if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
		});
		await page.goto(siteOf().url);
		expect(await page.locator('meta[http-equiv=content-security-policy]').getAttribute('content')).toContain("script-src 'self'");
		await page.getByTestId('try-sample').click();
		await page.getByTestId('funnel-table').waitFor();
		await page.getByTestId('funnel-bar').first().click();
		await page.getByTestId('customer-list').waitFor();
		await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').first().click()]);
		for (const tab of ['flows', 'retention', 'trend', 'value'] as const) {
			await page.getByTestId(`tab-${tab}`).click();
			await page.locator({ flows: '[data-testid=sankey]', retention: '[data-testid=retention-table]', trend: '[data-testid=trend-chart]', value: '[data-testid=top-shares]' }[tab]).waitFor();
		}
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		await page.keyboard.press('End');

		const origin = new URL(siteOf().url).origin;
		const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'));
		expect(requests.length).toBeGreaterThan(5);
		expect(foreign).toEqual([]);
		expect(violations).toEqual([]);
		expect(errors).toEqual([]);
	});
});
