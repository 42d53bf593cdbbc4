/**
 * A seeded order-lines file for the benchmark, in the retail layout (InvoiceNo, StockCode, Description, Quantity,
 * InvoiceDate, UnitPrice, CustomerID, Country): orders of 1 to 8 lines, about one in 40 cancelled (a C invoice with
 * negative quantities), and one order in 50 with a line written again further down, as real exports do.
 */
import { seededRandom } from './random.mjs';

export const ORDERS_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const COUNTRIES = ['United Kingdom', 'France', 'Germany', 'Netherlands', 'Spain', 'Vietnam', 'Australia'];
const START = Date.UTC(2024, 0, 1);
const SPAN = 540 * 86_400_000;

/** `lines` data lines after the header. */
export function* benchOrderLines({ lines, seed = 7 }) {
	const random = seededRandom(seed).next;
	const customers = Math.max(1, Math.round(lines / 12));
	yield ORDERS_HEADER;
	let written = 0;
	let invoice = 500_000;
	let late = null;
	while (written < lines) {
		invoice++;
		const customer = 10_000 + Math.floor(random() * customers);
		const country = COUNTRIES[customer % COUNTRIES.length];
		const time = new Date(START + Math.floor(random() * SPAN));
		const date = `${time.getUTCMonth() + 1}/${time.getUTCDate()}/${time.getUTCFullYear()} ${time.getUTCHours()}:${String(time.getUTCMinutes()).padStart(2, '0')}`;
		const cancelled = random() < 0.025;
		const count = 1 + Math.floor(random() * 8);
		for (let l = 0; l < count && written < lines; l++) {
			const stock = 20_000 + Math.floor(random() * 4000);
			const quantity = (1 + Math.floor(random() * 24)) * (cancelled ? -1 : 1);
			const price = (Math.floor(random() * 2000) + 29) / 100;
			const line = `${cancelled ? 'C' : ''}${invoice},${stock},ITEM ${stock},${quantity},${date},${price},${customer}.0,${country}`;
			if (!cancelled && late === null && random() < 0.02) late = line;
			else {
				yield line;
				written++;
			}
		}
		if (late !== null && random() < 0.5 && written < lines) {
			yield late;
			written++;
			late = null;
		}
	}
}
