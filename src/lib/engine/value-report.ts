/**
 * The customer-value view in one object: concentration of value (80/20), RFM segments, lifetime value
 * (historical per first-purchase cohort, and predicted by BG/NBD with Gamma-Gamma) for the chosen customers.
 */
import { clv, conditionalExpectedPurchases, fitBgnbd, fitGammaGamma, probabilityAlive, purchaseSummary, type BgnbdFit, type GammaGammaFit } from './clv';
import { isIncluded, type Mask } from './filter';
import { periodLabel, periodOf } from './periods';
import type { EventTable } from './table';
import { concentration, customerValues, rfm, type Concentration, type RfmResult } from './value';

export interface ValueOptions {
	asOf: number;
	/** Purchase events: those whose values count. Default: every event that carries a value. */
	valueEvents?: Set<number>;
	mask?: Mask;
	/** Prediction horizon in weeks, and the yearly discount rate (0.1 = 10%). */
	horizonWeeks: number;
	yearlyDiscount: number;
}

export interface PredictedCustomer {
	id: string;
	repeatPurchases: number;
	probabilityAlive: number;
	expectedPurchases: number;
	clv: number;
}

export interface ValueReport {
	concentration: Concentration;
	rfm: Omit<RfmResult, 'customers'>;
	/** Historical value per cohort of first purchase month. */
	cohorts: { label: string; customers: number; value: number; perCustomer: number }[];
	prediction:
		| { ok: true; bgnbd: BgnbdFit; gammaGamma: GammaGammaFit | null; customers: number; horizonWeeks: number; expectedPurchases: number; expectedValue: number | null; top: PredictedCustomer[] }
		| { ok: false; message: string };
}

/** Events that carry a value somewhere in the data. */
export function eventsWithValues(table: EventTable): Set<number> {
	const codes = new Set<number>();
	for (let i = 0; i < table.rowCount; i++) if (!Number.isNaN(table.value[i])) codes.add(table.event[i]);
	return codes;
}

export function valueReport(table: EventTable, options: ValueOptions): ValueReport {
	const valueEvents = options.valueEvents ?? eventsWithValues(table);
	const { mask, asOf } = options;
	const values = customerValues(table, { valueEvents, mask, asOf });
	const { customers: _rows, ...rfmSummary } = rfm(table, { asOf, valueEvents, mask });

	// Historical value per first-purchase month.
	const byCohort = new Map<number, { customers: number; value: number }>();
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && table.time[i] <= asOf; i++) {
			if (!valueEvents.has(table.event[i])) continue;
			const cohort = periodOf(table.time[i], 'month');
			const entry = byCohort.get(cohort) ?? { customers: 0, value: 0 };
			entry.customers++;
			entry.value += values[c];
			byCohort.set(cohort, entry);
			break;
		}
	}
	const cohorts = [...byCohort.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([p, e]) => ({ label: periodLabel(p, 'month'), customers: e.customers, value: e.value, perCustomer: e.value / e.customers }));

	return { concentration: concentration(values, table.customerIds, mask), rfm: rfmSummary, cohorts, prediction: predict(table, options, valueEvents) };
}

function predict(table: EventTable, options: ValueOptions, valueEvents: Set<number>): ValueReport['prediction'] {
	const summary = purchaseSummary(table, { period: 'week', calibrationEnd: options.asOf, valueEvents, mask: options.mask });
	const n = summary.x.length;
	let repeaters = 0;
	for (const x of summary.x) if (x > 0) repeaters++;
	if (n < 20 || repeaters < 5) {
		return { ok: false, message: `Too few buyers to fit the model: ${n} customers with a purchase, ${repeaters} of them with repeat purchases (at least 20 and 5 are needed).` };
	}
	const bgnbd = fitBgnbd(summary);
	let gammaGamma: GammaGammaFit | null = null;
	try {
		gammaGamma = fitGammaGamma({ x: summary.x, mean: summary.mean });
		if (!(gammaGamma.q > 1)) gammaGamma = null; // the mean spend is undefined for q <= 1
	} catch {
		gammaGamma = null;
	}
	const weeklyDiscount = Math.pow(1 + options.yearlyDiscount, 1 / 52) - 1;
	const predicted: PredictedCustomer[] = [];
	let expectedPurchases = 0;
	let expectedValue = 0;
	for (let k = 0; k < n; k++) {
		const customer = { x: summary.x[k], tx: summary.tx[k], T: summary.T[k], mean: summary.mean[k] };
		const purchases = conditionalExpectedPurchases(bgnbd, options.horizonWeeks, customer.x, customer.tx, customer.T);
		const value = gammaGamma ? clv(bgnbd, gammaGamma, customer, options.horizonWeeks, weeklyDiscount) : NaN;
		expectedPurchases += purchases;
		expectedValue += Number.isNaN(value) ? 0 : value;
		predicted.push({
			id: table.customerIds[summary.customer[k]],
			repeatPurchases: customer.x,
			probabilityAlive: probabilityAlive(bgnbd, customer.x, customer.tx, customer.T),
			expectedPurchases: purchases,
			clv: value
		});
	}
	predicted.sort((a, b) => (b.clv || b.expectedPurchases) - (a.clv || a.expectedPurchases));
	return {
		ok: true,
		bgnbd,
		gammaGamma,
		customers: n,
		horizonWeeks: options.horizonWeeks,
		expectedPurchases,
		expectedValue: gammaGamma ? expectedValue : null,
		top: predicted.slice(0, 25)
	};
}
