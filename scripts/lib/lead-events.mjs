/**
 * A seeded lead-lifecycle event log: prospects browse, some become leads, MQLs, SQLs,
 * opportunities, customers and repeat customers, with realistic delays between steps.
 */
import { seededRandom } from './random.mjs';

const DAY = 86_400_000;
const CHANNELS = ['organic', 'paid search', 'referral', 'email', 'social'];

/** The next step in the lead lifecycle: [event name, chance to reach it, min and max days after the previous step]. */
const STEPS = [
	['lead', 0.75, 0, 10],
	['MQL', 0.65, 1, 20],
	['SQL', 0.6, 2, 30],
	['opportunity', 0.65, 3, 30],
	['purchase', 0.6, 5, 45]
];

/**
 * @param {{ customers: number, seed: number, start: string, months: number }} options
 * @returns {{ customer_id: string, timestamp: string, event: string, value: string, channel: string }[]} sorted by time
 */
export function generateLeadEvents({ customers, seed, start, months }) {
	const random = seededRandom(seed);
	const begin = Date.parse(start);
	const endDate = new Date(begin);
	endDate.setUTCMonth(endDate.getUTCMonth() + months);
	const end = endDate.getTime();
	const rows = [];

	for (let c = 1; c <= customers; c++) {
		const id = `C${String(c).padStart(5, '0')}`;
		const channel = random.pick(CHANNELS);
		const add = (time, event, value = '') => {
			if (time < end) rows.push({ customer_id: id, time, event, value, channel });
		};
		const jitter = () => random.int(0, 86_399) * 1000;
		let t = begin + random.next() * (end - begin - 30 * DAY);
		const first = t;
		for (let v = random.int(1, 4); v > 0; v--) add(t + v * random.int(0, 2) * DAY + jitter(), 'page_view');

		let purchased = false;
		for (const [event, chance, minDays, maxDays] of STEPS) {
			if (!random.chance(chance)) break;
			t += random.int(minDays, maxDays) * DAY + jitter();
			add(t, event, event === 'purchase' ? orderValue(random) : '');
			purchased = event === 'purchase';
		}
		// Customers come back and buy again.
		if (purchased) {
			while (random.chance(0.5)) {
				t += random.int(20, 120) * DAY + jitter();
				add(t, 'purchase', orderValue(random));
			}
		}
		// Background activity across the customer's life.
		for (let k = random.int(3, 9); k > 0; k--) {
			add(first + random.next() * (end - first), random.pick(['page_view', 'email_open', 'email_open', 'webinar']));
		}
	}
	rows.sort((a, b) => a.time - b.time || (a.customer_id < b.customer_id ? -1 : 1));
	return rows.map((r) => ({ ...r, timestamp: new Date(Math.floor(r.time / 1000) * 1000).toISOString().replace('.000Z', 'Z') }));
}

function orderValue(random) {
	return (random.int(200, 5000) + random.int(0, 99) / 100).toFixed(2);
}

/** Rows as CSV text with a header line. */
export function toCsv(rows, columns = ['customer_id', 'timestamp', 'event', 'value', 'channel']) {
	const escape = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return [columns.join(','), ...rows.map((r) => columns.map((c) => escape(String(r[c]))).join(','))].join('\n') + '\n';
}
