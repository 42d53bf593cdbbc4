/**
 * A seeded, realistic event log for the benchmark: customers arrive over 18 months, browse, read emails and
 * webinars, move through the lead lifecycle, buy (with values) and come back. 10 event names, 4 attributes
 * (channel, country, device, plan). Rows come out one customer at a time, so any size streams.
 */
import { seededRandom } from './random.mjs';

const DAY = 86_400_000;
export const BENCH_START = Date.UTC(2024, 0, 1);
export const BENCH_MONTHS = 18;
export const BENCH_END = Date.UTC(2024 + Math.floor(BENCH_MONTHS / 12), BENCH_MONTHS % 12, 1);
export const HEADER = 'customer_id,timestamp,event,value,channel,country,device,plan';

const CHANNELS = ['organic', 'paid search', 'referral', 'email', 'social', 'partner'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'NL', 'ES', 'VN', 'BR', 'IN', 'JP', 'AU', 'CA'];
const DEVICES = ['desktop', 'mobile', 'tablet'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const BROWSING = ['page_view', 'page_view', 'page_view', 'email_open', 'email_open', 'webinar', 'content_download', 'support_ticket'];
/** The lead lifecycle: [event, chance to reach it, min and max days after the previous step]. */
const STEPS = [
	['lead', 0.7, 0, 10],
	['MQL', 0.65, 1, 20],
	['SQL', 0.6, 2, 30],
	['opportunity', 0.65, 3, 30],
	['purchase', 0.6, 5, 45]
];

const iso = (t) => new Date(t).toISOString().slice(0, 19) + 'Z';

/**
 * Yields CSV lines (without newline), header first, exactly `events` event rows.
 * @param {{ events: number, seed?: number }} options
 */
export function* benchEventLines({ events, seed = 9 }) {
	const random = seededRandom(seed);
	yield HEADER;
	let written = 0;
	for (let c = 1; written < events; c++) {
		const id = `C${String(c).padStart(7, '0')}`;
		const channel = random.pick(CHANNELS);
		const country = random.pick(COUNTRIES);
		let plan = 'free';
		const rows = [];
		const add = (time, event, value = '') => {
			if (time < BENCH_END) rows.push([time, event, value, random.chance(0.7) ? 'desktop' : random.pick(DEVICES), plan]);
		};
		const jitter = () => random.int(0, 86_399) * 1000;
		// Arrivals grow over time, as a business does: the square root skews starts towards the end.
		let t = BENCH_START + Math.sqrt(random.next()) * (BENCH_END - BENCH_START - 7 * DAY);
		const first = t;
		for (let v = random.int(1, 4); v > 0; v--) add(t + random.int(0, 3) * DAY + jitter(), 'page_view');
		let purchased = false;
		for (const [event, chance, minDays, maxDays] of STEPS) {
			if (!random.chance(chance)) break;
			t += random.int(minDays, maxDays) * DAY + jitter();
			if (event === 'purchase') plan = random.pick(PLANS.slice(1));
			add(t, event, event === 'purchase' ? orderValue(random) : '');
			purchased = event === 'purchase';
		}
		if (purchased) {
			while (random.chance(0.55)) {
				t += random.int(15, 120) * DAY + jitter();
				add(t, 'purchase', orderValue(random));
			}
		}
		for (let k = random.int(2, 10); k > 0; k--) add(first + random.next() * (BENCH_END - first), random.pick(BROWSING));
		rows.sort((a, b) => a[0] - b[0]);
		for (const [time, event, value, device, rowPlan] of rows) {
			if (written === events) return;
			written++;
			yield `${id},${iso(time)},${event},${value},${channel},${country},${device},${rowPlan}`;
		}
	}
}

function orderValue(random) {
	return (random.int(900, 250_000) / 100).toFixed(2);
}
