/**
 * The status overlay: active, inactive or lost by days since the last activity as of a date,
 * and "won back" for active customers who had once been gone long enough to count as lost.
 */
import type { Classification } from './classify';
import { chosenCustomers, type Mask } from './filter';
import type { StatusThresholds } from './model';
import { DAY_MS } from './periods';
import type { EventTable } from './table';

export const ACTIVE = 0;
export const INACTIVE = 1;
export const LOST = 2;
/** No activity up to the as-of date. */
export const UNSEEN = 3;

export interface StatusResult {
	/** ACTIVE, INACTIVE, LOST or UNSEEN per customer. */
	status: Uint8Array;
	/** 1 for an active customer with an earlier gap of at least lostAfterDays. */
	wonBack: Uint8Array;
	counts: { active: number; inactive: number; lost: number; wonBack: number };
}

/** Each customer's status and won-back flag: the same under every filter, so a session keeps them per classification. */
export type Statuses = Pick<StatusResult, 'status' | 'wonBack'>;

/** Status by recency: fewer than inactiveAfterDays days since the last event is active; from lostAfterDays on, lost. */
export function customerStatus(table: EventTable, classification: Classification, thresholds: StatusThresholds, mask: Mask = null): StatusResult {
	const statuses = customerStatuses(table, classification, thresholds);
	return { ...statuses, counts: statusCounts(statuses, mask) };
}

/** Every customer's status and won-back flag (a pass over every active customer's events: the won-back scan). */
export function customerStatuses(table: EventTable, classification: Classification, thresholds: StatusThresholds): Statuses {
	const { customerCount, asOf, lastSeen } = classification;
	const status = new Uint8Array(customerCount);
	const wonBack = new Uint8Array(customerCount);
	const inactiveAfter = thresholds.inactiveAfterDays * DAY_MS;
	const lostAfter = thresholds.lostAfterDays * DAY_MS;
	for (let c = 0; c < customerCount; c++) {
		if (Number.isNaN(lastSeen[c])) {
			status[c] = UNSEEN;
			continue;
		}
		const quiet = asOf - lastSeen[c];
		status[c] = quiet >= lostAfter ? LOST : quiet >= inactiveAfter ? INACTIVE : ACTIVE;
		if (status[c] === ACTIVE && hadGap(table, c, lostAfter, asOf)) wonBack[c] = 1;
	}
	return { status, wonBack };
}

/** The chosen customers' counts (statuses are of everyone); customers without activity by the as-of date count nowhere. */
export function statusCounts({ status, wonBack }: Statuses, mask: Mask = null): StatusResult['counts'] {
	const counts = { active: 0, inactive: 0, lost: 0, wonBack: 0 };
	const chosen = chosenCustomers(mask);
	const n = chosen ? chosen.length : status.length;
	for (let j = 0; j < n; j++) {
		const c = chosen ? chosen[j] : j;
		if (status[c] === UNSEEN) continue;
		if (status[c] === LOST) counts.lost++;
		else if (status[c] === INACTIVE) counts.inactive++;
		else counts.active++;
		counts.wonBack += wonBack[c];
	}
	return counts;
}

function hadGap(table: EventTable, c: number, gap: number, asOf: number): boolean {
	const { time } = table;
	for (let i = table.customerStart[c] + 1; i < table.customerStart[c + 1] && time[i] <= asOf; i++) {
		if (time[i] - time[i - 1] >= gap) return true;
	}
	return false;
}
