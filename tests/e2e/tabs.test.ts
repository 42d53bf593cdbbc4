/** Two tabs stay in step; "Delete all my data" removes everything and says so. */
import { describe, expect, it } from 'vitest';
import { newPage, storedCounts, useSite } from './browser';

const siteOf = useSite();

describe('stored data across tabs', () => {
	it('shows an import made in another tab, and deletes everything on request', async () => {
		const { page: home, errors } = await newPage(siteOf());
		await home.goto(siteOf().url);
		await home.getByText('No dataset stored in this browser yet.').waitFor();
		const other = await home.context().newPage();
		await other.goto(siteOf().url);
		await other.getByTestId('try-sample').click();
		await other.getByTestId('funnel-table').waitFor();
		// The first tab learns of it without a reload.
		await home.getByTestId('dataset-row').first().waitFor();
		expect(await home.getByTestId('dataset-row').count()).toBe(1);

		home.once('dialog', (dialog) => dialog.accept());
		await home.getByTestId('delete-all').click();
		await home.getByTestId('deleted-all').waitFor();
		expect(await home.getByTestId('dataset-row').count()).toBe(0);
		expect(await storedCounts(home, ['datasets', 'chunks', 'dicts', 'rejects', 'models', 'dashboards'])).toEqual([0, 0, 0, 0, 0, 0]);
		expect(errors).toEqual([]);
	});
});
