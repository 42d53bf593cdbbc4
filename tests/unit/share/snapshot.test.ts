/** Snapshots: what is hidden, that nothing per customer is held, that totals give nothing away, and their size. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { EventTableBuilder } from '../../../src/lib/engine/table';
import { buildSnapshot, HIDDEN_UNDER_K, HIDDEN_WITHHELD, type Snapshot } from '../../../src/lib/share/snapshot';
import { reportHtml } from '../../../src/lib/share/report-html';
import { decodeSnapshot, encodeSnapshot } from '../../../src/lib/share/snapshot-codec';
import { fromBase64Url } from '../../../src/lib/state/compress';
import { dashboardResults } from '../../helpers/dashboard-results';
import { DAY, tableOf, type Row } from '../../helpers/tables';

const META = { dataset: 'orders.csv', model: 'Lead lifecycle', made: Date.UTC(2026, 0, 1), filtered: false };
const START = Date.UTC(2024, 0, 1);

/** Every number of a snapshot that counts customers, with where it is. */
function counts(snapshot: Snapshot): { path: string; n: number }[] {
	const out: { path: string; n: number }[] = [];
	const l = snapshot.lifecycle;
	if (l) {
		out.push({ path: 'funnel.customers', n: l.funnel.customers });
		l.funnel.steps.forEach((s, i) => out.push({ path: `step ${i}`, n: s.count }, { path: `drop ${i}`, n: s.dropOff }));
		for (const key of ['active', 'inactive', 'lost', 'wonBack'] as const) out.push({ path: key, n: l.status[key] });
		l.stages.rows.forEach((r, i) => out.push({ path: `entered ${i}`, n: r.entered }, { path: `current ${i}`, n: r.current }, { path: `inactive ${i}`, n: r.inactive }, { path: `lost ${i}`, n: r.lost }));
	}
	snapshot.flows?.nodes.forEach((n) => out.push({ path: `node ${n.id}`, n: n.customers }));
	snapshot.flows?.links.forEach((n) => out.push({ path: `link ${n.source}>${n.target}`, n: n.customers }));
	snapshot.retention?.cohorts.forEach((c) => out.push({ path: `cohort ${c.label}`, n: c.size }, ...c.counts.flatMap((n, k) => (n === null ? [] : [{ path: `cell ${c.label} ${k}`, n }]))));
	snapshot.trend?.periods.forEach((p) => out.push(...(['new', 'returning', 'resurrecting', 'dormant', 'active'] as const).map((key) => ({ path: `${p.label} ${key}`, n: p[key] }))));
	snapshot.value?.rfm.segments.forEach((s) => out.push({ path: s.name, n: s.customers }));
	snapshot.value?.rfm.grid.flat().forEach((n, i) => out.push({ path: `rfm ${i}`, n }));
	return out;
}

/** Totals and their parts: [total, ...parts]. */
function relationsOf(s: Snapshot): number[][] {
	const l = s.lifecycle!;
	const relations: number[][] = [[l.funnel.customers, l.status.active, l.status.inactive, l.status.lost]];
	l.funnel.steps.forEach((step, i) => i > 0 && relations.push([l.funnel.steps[i - 1].count, step.count, step.dropOff]));
	for (let p = 0; p < 4; p++) relations.push([s.flows!.customers, ...s.flows!.nodes.filter((n) => n.position === p).map((n) => n.customers)]);
	return relations;
}

const hidden = (n: number) => n === HIDDEN_UNDER_K || n === HIDDEN_WITHHELD;

describe('a hand-checked snapshot', () => {
	// 20 customers: all are leads, 12 reach MQL, 3 of those become customers.
	const rows: Row[] = [];
	for (let c = 0; c < 20; c++) {
		rows.push([`person-${c}`, START + c * DAY, 'lead']);
		if (c < 12) rows.push([`person-${c}`, START + (c + 20) * DAY, 'mql']);
		if (c < 3) rows.push([`person-${c}`, START + (c + 40) * DAY, 'customer', 100 + c]);
	}
	const results = dashboardResults(tableOf(rows));
	const snapshot = buildSnapshot(results, { ...META, k: 5 });

	it('shows counts of k or more, hides a count under k, and withholds what would give it away', () => {
		// Cumulative funnel: prospect 20, lead 20, MQL 12, SQL 3, SQO 3, customer 3, repeat 0 (a later stage counts
		// at every earlier one). SQL's 3 is under 5; its drop-off (12 − 3 = 9) would give it away, so it is withheld;
		// SQO and customer (3) are under 5 too, and their drop-offs of 0 are shown (0 names nobody); repeat's
		// drop-off of 3 is under 5, next to a hidden total.
		const steps = snapshot.lifecycle!.funnel.steps.map((s) => [s.stageId, s.count, s.dropOff]);
		const U = HIDDEN_UNDER_K;
		expect(steps).toEqual([
			['prospect', 20, 0],
			['lead', 20, 0],
			['mql', 12, 8],
			['sql', U, HIDDEN_WITHHELD],
			['sqo', U, 0],
			['customer', U, 0],
			['repeat', 0, U]
		]);
		const sql = snapshot.lifecycle!.funnel.steps[3];
		expect([sql.conversion, sql.stepConversion, sql.dropOffRate]).toEqual([null, null, null]);
		expect(snapshot.lifecycle!.funnel.steps[2].conversion).toBe(0.6);
		// The engine's own result is not changed.
		expect(results.lifecycle.funnel.steps[3].count).toBe(3);
	});

	it('holds no customer id, no top list, and the value of no fewer than k customers', async () => {
		const json = JSON.stringify(snapshot);
		expect(json).not.toContain('person-');
		expect(snapshot.value!.cohorts.every((c) => c.customers === HIDDEN_UNDER_K || c.customers >= 5)).toBe(true);
		expect('top' in snapshot.value!.concentration).toBe(false);
		const decoded = await decodeSnapshot(await encodeSnapshot(snapshot));
		expect(decoded.ok && JSON.stringify(decoded.snapshot)).not.toContain('person-');
	});
});

/** A random dataset: customers with random ids and a rare-or-common plan attribute. */
const datasets = fc
	.record({
		ids: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9]{10,16}$/), { minLength: 1, maxLength: 120 }),
		plans: fc.array(fc.stringMatching(/^[A-Za-z]{9,12}$/), { minLength: 1, maxLength: 6 }),
		seed: fc.integer({ min: 1, max: 1e6 }),
		k: fc.integer({ min: 2, max: 10 })
	})
	.map(({ ids, plans, seed, k }) => {
		let state = seed;
		const next = (n: number) => ((state = (state * 1103515245 + 12345) % 2 ** 31), state % n);
		const builder = new EventTableBuilder(['plan']);
		const events = ['lead', 'mql', 'sql', 'opportunity', 'customer', 'purchase'];
		const planOf = new Map<string, string>();
		for (const id of ids) {
			const plan = plans[next(plans.length)];
			planOf.set(id, plan);
			const depth = 1 + next(events.length);
			for (let e = 0; e < depth; e++) builder.add(`cust-${id}`, START + next(700) * DAY, events[e], events[e] === 'purchase' || events[e] === 'customer' ? 10 + next(500) : NaN, [plan]);
		}
		return { table: builder.build(), ids, planOf, k };
	});

describe('snapshots of random datasets', () => {
	it('hold none of the customer ids, nor a plan held by fewer than k customers, in the JSON, the link or the report', { timeout: 60_000 }, async () => {
		await fc.assert(
			fc.asyncProperty(datasets, async ({ table, ids, planOf, k }) => {
				const snapshot = buildSnapshot(dashboardResults(table, { breakdown: 'plan' }), { ...META, k });
				const encoded = await encodeSnapshot(snapshot);
				const decoded = await decodeSnapshot(encoded);
				if (!decoded.ok) throw new Error(decoded.message);
				// The report embeds the snapshot in the report page's template (its slots are all a test template needs).
				const report = reportHtml('<html lang="%lang%"><title>%title%</title><script type="application/json">"%snapshot%"</script>', snapshot, 'en', 'orders.csv');
				const texts = [JSON.stringify(snapshot), JSON.stringify(decoded.snapshot), encoded, new TextDecoder('latin1').decode(fromBase64Url(encoded)), report];
				const holders = new Map<string, number>();
				for (const plan of planOf.values()) holders.set(plan, (holders.get(plan) ?? 0) + 1);
				for (const text of texts) {
					for (const id of ids) expect(text).not.toContain(id);
					for (const [plan, n] of holders) if (n < k) expect(text).not.toContain(plan);
				}
			}),
			{ numRuns: 40 }
		);
	});

	it('show no count from 1 to k − 1, and never leave a hidden count alone in a total', { timeout: 60_000 }, () => {
		fc.assert(
			fc.property(datasets, ({ table, k }) => {
				const results = dashboardResults(table, { breakdown: 'plan' });
				const snapshot = buildSnapshot(results, { ...META, k });
				for (const { path, n } of counts(snapshot)) if (n > 0 && n < k) throw new Error(`${path} shows ${n} under k = ${k}`);
				// Whole = parts, where it holds in the engine's results: the status, each funnel step and its
				// drop-off, each Sankey position.
				const before = relationsOf(results as unknown as Snapshot);
				const after = relationsOf(snapshot);
				before.forEach(([total, ...parts], r) => {
					if (parts.reduce((a, b) => a + b, 0) !== total) return;
					const cells = after[r];
					expect(cells.filter(hidden).length).not.toBe(1);
					// Shown parts never add up to more than a shown total.
					if (!hidden(cells[0])) expect(cells.slice(1).filter((n) => !hidden(n)).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(cells[0]);
				});
			}),
			{ numRuns: 60 }
		);
	});
});

describe('size', () => {
	it('fits a five-view dashboard with monthly cohorts over two years in 8 KB of URL', { timeout: 60_000 }, async () => {
		// 2,000 customers over two years, each with a few events: 24 monthly cohorts and trend periods.
		const rows: Row[] = [];
		const events = ['lead', 'mql', 'sql', 'opportunity', 'customer', 'purchase', 'purchase'];
		let seed = 7;
		const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let c = 0; c < 2000; c++) {
			const start = START + next(730) * DAY;
			const depth = 1 + next(events.length);
			for (let e = 0; e < depth; e++) rows.push([`c${c}`, Math.min(start + e * next(60) * DAY, START + 729 * DAY), events[e], events[e] === 'purchase' ? 5 + next(300) : undefined]);
		}
		const snapshot = buildSnapshot(dashboardResults(tableOf(rows), { model: leadLifecycle }), { ...META, k: 5 });
		expect(snapshot.retention!.cohorts.length).toBe(24);
		expect(snapshot.trend!.periods.length).toBe(24);
		const url = `https://lens.example/shared/#${await encodeSnapshot(snapshot)}`;
		console.log(`A five-view snapshot link: ${url.length} characters`);
		expect(url.length).toBeLessThan(8 * 1024);
	});
});

describe('reading a snapshot', () => {
	const rows: Row[] = [];
	for (let c = 0; c < 40; c++) {
		rows.push([`c${c}`, START + (c % 90) * DAY, 'lead'], [`c${c}`, START + ((c * 7) % 300) * DAY, 'purchase', 20 + c]);
		if (c % 3 === 0) rows.push([`c${c}`, START + ((c * 11) % 400) * DAY, 'purchase', 15]);
	}
	const snapshot = buildSnapshot(dashboardResults(tableOf(rows)), { ...META, k: 5 });

	it('gives back what was shared, with numbers as the page shows them and retention rates computed again', async () => {
		const decoded = await decodeSnapshot(await encodeSnapshot(snapshot));
		if (!decoded.ok) throw new Error(decoded.message);
		expect(decoded.snapshot.lifecycle!.funnel.steps.map((s) => s.count)).toEqual(snapshot.lifecycle!.funnel.steps.map((s) => s.count));
		expect(decoded.snapshot.trend).toEqual(snapshot.trend);
		decoded.snapshot.retention!.cohorts.forEach((cohort, i) => {
			const sent = snapshot.retention!.cohorts[i];
			expect(cohort.counts).toEqual(sent.counts);
			cohort.rates.forEach((rate, k) => (rate === null ? expect(sent.rates[k]).toBeNull() : expect(rate).toBeCloseTo(sent.rates[k]!, 9)));
			cohort.revenueRetention.forEach((rate, k) => (rate === null ? expect(sent.revenueRetention[k]).toBeNull() : expect(rate).toBeCloseTo(sent.revenueRetention[k]!, 1)));
		});
	});

	it('turns a damaged, cut or hostile fragment into a problem, never an exception', async () => {
		const good = await encodeSnapshot(snapshot);
		const cases = ['', 'not base64!', good.slice(0, good.length / 2), 'A'.repeat(300_000), 'q1ZKzs8tyM_LyS8pLkksKS1SsgIA'];
		for (const fragment of cases) {
			const decoded = await decodeSnapshot(fragment);
			expect(decoded.ok).toBe(false);
			if (!decoded.ok) expect(decoded.problem.code).toMatch(/^share\./);
		}
	});

	it('refuses a field of the wrong kind, and keeps only the fields it knows', async () => {
		const { packJson } = await import('../../../src/lib/state/compress');
		const bad = structuredClone(snapshot) as unknown as Record<string, unknown>;
		(bad.lifecycle as { funnel: { customers: unknown } }).funnel.customers = '<img src=x onerror=alert(1)>';
		const refused = await decodeSnapshot(await packJson(bad));
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.message).toContain('$.lifecycle.funnel.customers');

		const extra = { ...structuredClone(snapshot), script: 'alert(1)', ['__proto__']: { polluted: true } };
		const kept = await decodeSnapshot(await packJson(JSON.parse(JSON.stringify(extra))));
		expect(kept.ok && 'script' in kept.snapshot).toBe(false);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('says so when the snapshot is from a newer version', async () => {
		const { packJson } = await import('../../../src/lib/state/compress');
		const decoded = await decodeSnapshot(await packJson({ ...snapshot, v: 99 }));
		expect(!decoded.ok && decoded.problem).toEqual({ code: 'share.newer', params: { version: 99 } });
	});
});
