/** Random lead-lifecycle event logs for property tests of the funnel's options (fast-check). */
import fc from 'fast-check';
import { day, type Row } from './tables';

const HOUR = 3_600_000;
const EVENTS = ['lead', 'mql', 'sql', 'opportunity', 'purchase', 'unsubscribe', 'visit'];

/** Up to 60 events of eight customers over 60 days from 1 January 2025, on the hour; purchases are worth 5. */
export const leadEventRows = fc.array(
	fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), fc.integer({ min: 0, max: 60 * 24 }), fc.constantFrom(...EVENTS)).map(
		([c, hours, e]): Row => [c, day(1) + hours * HOUR, e, e === 'purchase' ? 5 : undefined]
	),
	{ minLength: 1, maxLength: 60 }
);
