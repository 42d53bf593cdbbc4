/**
 * A snapshot as text for a link's fragment or a report's page: JSON (numbers rounded to what the page shows),
 * deflate-raw, base64url (state/compress.ts). Reading one checks every field against SNAPSHOT_SCHEMA; a damaged
 * or hostile one gives a problem, never an exception, and only the checked fields are kept.
 */
import { problem, ProblemError, type Problem } from '../base/problem';
import type { RetentionCohort } from '../engine/retention';
import { WINDOW_UNITS } from '../engine/funnel';
import { RFM_SEGMENTS } from '../engine/value';
import { isBase64Url, packJson, unpackText } from '../state/compress';
import { check, type Schema } from './schema';
import { SNAPSHOT_VERSION, type Snapshot } from './snapshot';

/** Above this a link is too long to paste into most places: the page offers the report file instead. */
export const LINK_LIMIT = 32_000;
const MAX_ENCODED = 200_000;
const MAX_JSON_BYTES = 4 * 1024 * 1024;

const count: Schema = { int: [-2, 1e12] };
const number: Schema = 'number';
const maybe = (schema: Schema): Schema => ({ nullable: schema });
const list = (schema: Schema, max = 2000): Schema => ({ array: schema, max });
const text = (max = 200): Schema => ({ string: max });
const PERIODS = ['day', 'week', 'month'] as const;

const funnel: Schema = {
	// Snapshots made before windows had units, or of a funnel without exclusion steps, have neither.
	optional: ['windowUnit'],
	object: {
		mode: { oneOf: ['cumulative', 'strict'] },
		windowDays: maybe(number),
		windowUnit: { oneOf: WINDOW_UNITS },
		customers: count,
		steps: list(
			{
				object: {
					stageId: text(),
					label: text(),
					optional: 'boolean',
					count,
					conversion: maybe(number),
					stepConversion: maybe(number),
					dropOff: count,
					dropOffRate: maybe(number),
					medianTimeFromPrevious: maybe(number),
					excluded: count
				},
				optional: ['excluded']
			},
			40
		)
	}
};

const stages: Schema = {
	// Snapshots made before the progression was recorded have none: their table says "Entered".
	optional: ['progression'],
	object: {
		customers: count,
		progression: { oneOf: ['forward-only', 'latest'] },
		regressions: count,
		rows: list(
			{
				object: {
					stageId: text(),
					label: text(),
					entered: count,
					current: count,
					share: maybe(number),
					conversionToNext: maybe(number),
					medianTimeInStage: maybe(number),
					p90TimeInStage: maybe(number),
					valueSum: maybe(number),
					valueMean: maybe(number),
					inactive: count,
					lost: count
				}
			},
			40
		)
	}
};

const flows: Schema = {
	object: {
		kind: { oneOf: ['paths', 'transitions'] },
		customers: count,
		nodes: list({ object: { id: text(), position: { int: [0, 20] }, stage: { int: [-10, 100] }, label: text(), customers: count } }, 500),
		links: list({ object: { source: text(), target: text(), customers: count } }, 5000)
	}
};

const retention: Schema = {
	optional: ['brackets'],
	object: {
		show: { oneOf: ['percent', 'count', 'revenue'] },
		period: { oneOf: PERIODS },
		mode: { oneOf: ['bounded', 'unbounded'] },
		customers: count,
		average: list(maybe(number), 400),
		brackets: list({ object: { from: { int: [0, 1e6] }, to: maybe({ int: [0, 1e6] }) } }, 400),
		cohorts: list(
			{
				object: {
					period: number,
					label: text(),
					start: number,
					size: count,
					counts: list(maybe(count), 400),
					revenue: list(maybe(number), 400),
					partial: list('boolean', 400)
				}
			},
			400
		)
	}
};

const trend: Schema = {
	object: {
		period: { oneOf: PERIODS },
		periods: list({ object: { period: number, label: text(), start: number, new: count, returning: count, resurrecting: count, dormant: count, active: count } }, 2000)
	}
};

const value: Schema = {
	object: {
		concentration: {
			object: {
				customers: count,
				total: maybe(number),
				topShares: list({ object: { top: number, customers: count, share: maybe(number) } }, 10),
				lorenz: list({ object: { customerShare: number, valueShare: number } }, 400),
				gini: maybe(number),
				zeroOrNegative: { object: { customers: count } }
			}
		},
		rfm: {
			object: {
				grid: list(list(count, 5), 5),
				segments: list({ object: { name: { oneOf: RFM_SEGMENTS.map((s) => s.name) }, customers: count } }, 20)
			}
		},
		cohorts: list({ object: { label: text(), customers: count, value: maybe(number), perCustomer: maybe(number) } }, 1000),
		prediction: {
			object: {
				ok: 'boolean',
				message: text(500),
				bgnbd: { object: { r: number, alpha: number, a: number, b: number, logLikelihood: number } },
				gammaGamma: maybe({ object: { p: number, q: number, v: number } }),
				customers: count,
				horizonWeeks: number,
				expectedPurchases: number,
				expectedValue: maybe(number)
			},
			optional: ['message', 'bgnbd', 'gammaGamma', 'customers', 'horizonWeeks', 'expectedPurchases', 'expectedValue']
		},
		holdout: maybe({ object: { calibrationEnd: number, weeks: list({ object: { week: number, actual: number, predicted: number } }, 1000) } })
	}
};

export const SNAPSHOT_SCHEMA: Schema = {
	object: {
		v: { int: [1, 1000] },
		k: { int: [1, 1000] },
		dataset: text(),
		model: text(),
		made: number,
		filtered: 'boolean',
		lifecycle: {
			object: {
				asOf: number,
				funnel,
				stages,
				status: { object: { active: count, inactive: count, lost: count, wonBack: count } },
				breakdown: { object: { attribute: text(), groups: list({ object: { value: text(), funnel } }, 20) } },
				settings: {
					object: {
						stepWindows: list({ object: { stageId: text(), within: { int: [1, 1e6] } } }, 40),
						exclusions: list({ object: { event: text(), from: text(), to: text() } }, 40)
					}
				}
			},
			optional: ['breakdown', 'settings']
		},
		flows,
		retention,
		trend,
		value
	},
	optional: ['lifecycle', 'flows', 'retention', 'trend', 'value']
};

/** Numbers as the page shows them: money to the cent, fractions (rates, shares) to four significant digits. */
function rounded(_key: string, v: unknown): unknown {
	if (typeof v !== 'number' || Number.isInteger(v)) return v;
	return Math.abs(v) >= 1 ? Math.round(v * 100) / 100 : Number(v.toPrecision(4));
}

/**
 * The snapshot with only what SNAPSHOT_SCHEMA names (a result's other fields, such as a Sankey's per-segment
 * counts, never travel), or an error that says which part does not fit (as a reader would refuse it).
 */
export function sharedForm(snapshot: Snapshot): Snapshot {
	const checked = check(snapshot, SNAPSHOT_SCHEMA);
	if (!checked.ok) {
		const { path, expected } = checked;
		throw new ProblemError(`These results cannot be shared: ${path} should be ${expected}.`, problem('share.cannotMake', { path, expected }));
	}
	return checked.value as Snapshot;
}

/**
 * The snapshot as it travels: retention's rates and revenue retention are left out (a third of a typical link)
 * and computed again when read, from the counts and revenue that travel, as the engine computes them.
 */
export function encodeSnapshot(shared: Snapshot): Promise<string> {
	const snapshot = sharedForm(shared);
	const retention = snapshot.retention && { ...snapshot.retention, cohorts: snapshot.retention.cohorts.map(({ rates: _r, revenueRetention: _rr, ...cohort }) => cohort) };
	return packJson({ ...snapshot, ...(retention ? { retention } : {}) }, rounded);
}

type WireCohort = Omit<RetentionCohort, 'rates' | 'revenueRetention'>;

function withRates(cohort: WireCohort): RetentionCohort {
	const { size, counts, revenue } = cohort;
	const first = revenue[0];
	return {
		...cohort,
		rates: counts.map((n) => (n === null || n < 0 || size <= 0 ? null : n / size)),
		revenueRetention: revenue.map((m) => (m === null || first === null || first === 0 ? null : m / first))
	};
}

export type DecodedSnapshot = { ok: true; snapshot: Snapshot } | { ok: false; message: string; problem: Problem };

export async function decodeSnapshot(encoded: string): Promise<DecodedSnapshot> {
	if (encoded.length === 0 || encoded.length > MAX_ENCODED || !isBase64Url(encoded)) {
		return { ok: false, message: 'The shared results in this link are damaged (they are not base64url text of a sensible length).', problem: problem('share.damaged') };
	}
	let json: string;
	try {
		json = await unpackText(encoded, MAX_JSON_BYTES);
	} catch {
		return { ok: false, message: 'The shared results in this link are damaged or cut short; they could not be unpacked.', problem: problem('share.unpack') };
	}
	return parseSnapshot(json);
}

/** A snapshot's JSON (as a report embeds it), checked. */
export function parseSnapshot(json: string): DecodedSnapshot {
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		return { ok: false, message: 'The shared results are not valid JSON.', problem: problem('share.json') };
	}
	const version = (parsed as { v?: unknown } | null)?.v;
	if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
		return { ok: false, message: `These shared results were made by a newer version of Lifecycle Lens (v${version}).`, problem: problem('share.newer', { version }) };
	}
	const checked = check(parsed, SNAPSHOT_SCHEMA);
	if (!checked.ok) {
		const { path, expected } = checked;
		return { ok: false, message: `The shared results are not valid: ${path} should be ${expected}.`, problem: problem('share.invalid', { path, expected }) };
	}
	const snapshot = checked.value as Snapshot;
	if (snapshot.retention) snapshot.retention.cohorts = (snapshot.retention.cohorts as WireCohort[]).map(withRates);
	return { ok: true, snapshot };
}
