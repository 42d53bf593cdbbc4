/**
 * The customer-value view in one object: concentration of value (80/20), RFM segments, lifetime value
 * (historical per first-purchase cohort, and predicted by BG/NBD with Gamma-Gamma) for the chosen customers.
 */
import { conditionalExpectedPurchases, fitBgnbd, probabilityAlive, type BgnbdFit, type BgnbdParams } from './bgnbd';
import { bgnbdProblem, gammaGammaProblem, noFitMessage, type BgnbdProblem, type GammaGammaProblem } from './fit-check';
import { isIncluded, type Mask } from './filter';
import { clv, fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from './gamma-gamma';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { DAY_MS, periodLabel, periodOf } from './periods';
import { purchaseSummary } from './purchase-summary';
import { moneyEvents, type MoneyEvents } from './purchases';
import type { EventTable } from './table';
import type { CustomerGroups } from './funnel';
import { concentration, customerValues, rfm, rfmRows, scoreRfm, type Concentration, type RfmCustomer, type RfmOptions, type RfmResult } from './value';

export interface ValueOptions {
	asOf: number;
	/** Purchases and refunds; by default `moneyEvents(table)` (./purchases). */
	events?: MoneyEvents;
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
		| {
				ok: true;
				bgnbd: BgnbdFit;
				/** Null when Gamma-Gamma gives no value; `gammaGammaProblem` says why. */
				gammaGamma: GammaGammaFit | null;
				gammaGammaProblem: GammaGammaProblem | null;
				customers: number;
				horizonWeeks: number;
				expectedPurchases: number;
				expectedValue: number | null;
				top: PredictedCustomer[];
		  }
		| { ok: false; problem: PredictionProblem; message: string };
	/** The fit tested honestly: fitted on the first two thirds, predicted against the last third, week by week. */
	holdout: { calibrationEnd: number; weeks: { week: number; actual: number; predicted: number }[] } | null;
}

/**
 * Why there is no prediction: too few buyers to fit, or a BG/NBD fit at the boundary of its parameters (./fit-check),
 * whose parameters are kept for the record but not shown as a result.
 */
export type PredictionProblem =
	| { kind: 'too-few-buyers'; customers: number; repeaters: number }
	| { kind: 'no-fit'; why: BgnbdProblem; bgnbd: BgnbdFit };

/** Each customer's net value (purchases and refunds) by asOf: what the 80/20 shares, Gini and their lists rank. */
export function netValues(table: EventTable, asOf: number, mask: Mask, events = moneyEvents(table)): Float64Array {
	return customerValues(table, { valueEvents: events.money, mask, asOf });
}

/**
 * The report as the page receives it: the concentration without its lists of ids (the top 20% and the customers of
 * no value), which grow with the customers (about 110,000 ids at a million events, ten times that at ten million) and
 * which no chart draws. Cloned into the page they were a main-thread task that grows with the data; a drill-down
 * into either group asks the worker, which computes its list again (drill-down.ts).
 */
export type ValueAnswer = Omit<ValueReport, 'concentration'> & {
	concentration: Omit<Concentration, 'top' | 'zeroOrNegative'> & { zeroOrNegative: { customers: number } };
};

export function valueAnswer(report: ValueReport): ValueAnswer {
	const { top: _top, zeroOrNegative, ...concentration } = report.concentration;
	return { ...report, concentration: { ...concentration, zeroOrNegative: { customers: zeroOrNegative.customers } } };
}

/** RFM of the buyers by asOf, as the value report and its segment lists score them. */
export function rfmOfBuyers(table: EventTable, asOf: number, mask: Mask, events = moneyEvents(table)): RfmResult {
	return rfm(table, buyersRfmOptions(asOf, mask, events));
}

/** rfmOfBuyers per group (a breakdown's segments, lying within the mask): the chosen customers' rows read once, scored per group. */
export function rfmOfBuyersByGroup(table: EventTable, asOf: number, mask: Mask, events: MoneyEvents, groups: CustomerGroups & { of: Int32Array }): RfmResult[] {
	const byGroup = Array.from({ length: groups.count }, (): RfmCustomer[] => []);
	for (const row of rfmRows(table, buyersRfmOptions(asOf, mask, events))) if (groups.of[row.customer] >= 0) byGroup[groups.of[row.customer]].push(row);
	return byGroup.map((rows) => scoreRfm(rows));
}

function buyersRfmOptions(asOf: number, mask: Mask, events: MoneyEvents): RfmOptions {
	// A table without any purchase (no values at all) is scored on activity alone.
	const purchaseEvents = events.purchases.size > 0 ? events.purchases : undefined;
	return { asOf, purchaseEvents, refundEvents: events.refunds, mask };
}

export function valueReport(table: EventTable, options: ValueOptions): ValueReport {
	const events = options.events ?? moneyEvents(table);
	const { asOf } = options;
	const mask = options.mask ?? null;
	const values = netValues(table, asOf, mask, events);
	const { customers: _rows, ...rfmSummary } = rfmOfBuyers(table, asOf, mask, events);

	// Historical net value per first-purchase month, summed exactly.
	const scale = tableMinorUnitScale(table);
	const byCohort = new Map<number, { customers: number; units: number }>();
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && table.time[i] <= asOf; i++) {
			if (!events.purchases.has(table.event[i])) continue;
			const cohort = periodOf(table.time[i], 'month');
			const entry = byCohort.get(cohort) ?? { customers: 0, units: 0 };
			entry.customers++;
			entry.units += toMinorUnits(values[c], scale);
			byCohort.set(cohort, entry);
			break;
		}
	}
	const cohorts = [...byCohort.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([p, e]) => {
			const value = fromMinorUnits(e.units, scale);
			return { label: periodLabel(p, 'month'), customers: e.customers, value, perCustomer: value / e.customers };
		});

	return {
		concentration: concentration(values, table.customerIds, mask),
		rfm: rfmSummary,
		cohorts,
		prediction: predict(table, options, events.purchases),
		holdout: holdoutCheck(table, options, events.purchases)
	};
}

const WEEK = 7 * DAY_MS;

/**
 * The summary the models are fitted on, in weeks, counting purchases as RFM does (./purchases: those at one instant
 * once), so that x + 1 is the customer's RFM frequency.
 */
export function summaryForValue(table: EventTable, calibrationEnd: number, purchases: Set<number>, mask: Mask | undefined) {
	return purchaseSummary(table, { period: 'week', resolution: 'instant', calibrationEnd, valueEvents: purchases, mask });
}

/**
 * Calibration on the first two thirds of the weeks with purchases, then repeat purchases per week in the last third:
 * actual (purchases of the calibration buyers, those at one instant once) against the BG/NBD's expectation for them.
 * Null when the data is too short (under 12 weeks) or has too few buyers to fit.
 */
export function holdoutCheck(table: EventTable, options: ValueOptions, valueEvents: Set<number>): ValueReport['holdout'] {
	let first = Infinity;
	let last = -Infinity;
	for (let i = 0; i < table.rowCount; i++) {
		if (!valueEvents.has(table.event[i]) || table.time[i] > options.asOf) continue;
		first = Math.min(first, table.time[i]);
		last = Math.max(last, table.time[i]);
	}
	const totalWeeks = Math.floor((last - first) / WEEK);
	if (!(totalWeeks >= 12)) return null;
	const holdoutWeeks = Math.floor(totalWeeks / 3);
	const calibrationEnd = first + (totalWeeks - holdoutWeeks) * WEEK;
	const summary = summaryForValue(table, calibrationEnd, valueEvents, options.mask);
	let repeaters = 0;
	for (const x of summary.x) if (x > 0) repeaters++;
	if (summary.x.length < 20 || repeaters < 5) return null;
	const params = fitBgnbd(summary);
	if (bgnbdProblem(params)) return null;

	const actual = new Float64Array(holdoutWeeks);
	const predicted = new Float64Array(holdoutWeeks);
	const endDay = Math.floor(calibrationEnd / DAY_MS);
	for (let k = 0; k < summary.x.length; k++) {
		const c = summary.customer[k];
		let lastTime = NaN;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			const day = Math.floor(t / DAY_MS);
			// Purchases at one instant are one purchase, as in the summary.
			if (!valueEvents.has(table.event[i]) || day <= endDay || t === lastTime) continue;
			const week = Math.floor((day - endDay - 1) / 7);
			if (week >= holdoutWeeks) break;
			actual[week]++;
			lastTime = t;
		}
		let previous = 0;
		for (let w = 0; w < holdoutWeeks; w++) {
			const expected = conditionalExpectedPurchases(params, w + 1, summary.x[k], summary.tx[k], summary.T[k]);
			predicted[w] += expected - previous;
			previous = expected;
		}
	}
	return { calibrationEnd, weeks: Array.from(actual, (a, w) => ({ week: w + 1, actual: a, predicted: predicted[w] })) };
}

function predict(table: EventTable, options: ValueOptions, valueEvents: Set<number>): ValueReport['prediction'] {
	const summary = summaryForValue(table, options.asOf, valueEvents, options.mask);
	const n = summary.x.length;
	let repeaters = 0;
	for (const x of summary.x) if (x > 0) repeaters++;
	if (n < 20 || repeaters < 5) {
		return {
			ok: false,
			problem: { kind: 'too-few-buyers', customers: n, repeaters },
			message: `Too few buyers to fit the model: ${n} customers with a purchase, ${repeaters} of them with repeat purchases (at least 20 and 5 are needed).`
		};
	}
	const bgnbd = fitBgnbd(summary);
	const why = bgnbdProblem(bgnbd);
	if (why) return { ok: false, problem: { kind: 'no-fit', why, bgnbd }, message: noFitMessage(why) };
	let gammaGamma: GammaGammaFit | null = null;
	let spendProblem: GammaGammaProblem | null = null;
	try {
		gammaGamma = fitGammaGamma({ x: summary.x, mean: summary.mean });
		spendProblem = gammaGammaProblem(gammaGamma);
	} catch {
		spendProblem = 'too-few';
	}
	if (spendProblem) gammaGamma = null;
	const predicted = predictEach(table, summary, { bgnbd, gammaGamma }, options);
	let expectedPurchases = 0;
	let expectedValue = 0;
	for (const customer of predicted) {
		expectedPurchases += customer.expectedPurchases;
		expectedValue += Number.isNaN(customer.clv) ? 0 : customer.clv;
	}
	predicted.sort((a, b) => (b.clv || b.expectedPurchases) - (a.clv || a.expectedPurchases));
	return {
		ok: true,
		bgnbd,
		gammaGamma,
		gammaGammaProblem: spendProblem,
		customers: n,
		horizonWeeks: options.horizonWeeks,
		expectedPurchases,
		expectedValue: gammaGamma ? expectedValue : null,
		top: predicted.slice(0, 25)
	};
}

/** The fitted models: Gamma-Gamma null when it gives no value (then every CLV is NaN). */
export interface FittedModels {
	bgnbd: BgnbdParams;
	gammaGamma: GammaGammaParams | null;
}

/**
 * Every buyer's P(alive), expected purchases over the horizon and CLV under fitted models, in customer order: the
 * list the report's `top` is taken from, whole (the command line's --predictions writes it).
 */
export function predictedCustomers(table: EventTable, options: ValueOptions, models: FittedModels): PredictedCustomer[] {
	const events = options.events ?? moneyEvents(table);
	return predictEach(table, summaryForValue(table, options.asOf, events.purchases, options.mask), models, options);
}

function predictEach(table: EventTable, summary: ReturnType<typeof summaryForValue>, { bgnbd, gammaGamma }: FittedModels, options: ValueOptions): PredictedCustomer[] {
	const weeklyDiscount = Math.pow(1 + options.yearlyDiscount, 1 / 52) - 1;
	return Array.from(summary.x, (x, k) => {
		const customer = { x, tx: summary.tx[k], T: summary.T[k], mean: summary.mean[k] };
		return {
			id: table.customerIds[summary.customer[k]],
			repeatPurchases: x,
			probabilityAlive: probabilityAlive(bgnbd, x, customer.tx, customer.T),
			expectedPurchases: conditionalExpectedPurchases(bgnbd, options.horizonWeeks, x, customer.tx, customer.T),
			clv: gammaGamma ? clv(bgnbd, gammaGamma, customer, options.horizonWeeks, weeklyDiscount) : NaN
		};
	});
}
