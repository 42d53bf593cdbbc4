/** Five named customers whose attributed values are written out below: the filters' and breakdowns' hand-checked fixture. */
import { EventTableBuilder, type EventTable } from '../../src/lib/engine/table';

const at = (month: number, day: number) => Date.UTC(2025, month - 1, day);

/**
 * customer  events (channel, country)                                          first    last     entering "lead"  net value
 * ann       01-01 visit (email, DE), 01-03 lead (ads, DE), 02-01 purchase 100 (ads, FR)   email    ads      ads              100
 * bob       01-20 visit (ads, US), 01-25 lead (email, US)                          ads      email    email            0
 * cid       02-02 lead (social, DE), 02-10 purchase 30, 02-11 refund -30 (social, DE)  social   social   social           0
 * dee       02-05 visit (email, no country)                                       email    email    none (no lead)   0
 * eve       03-01 purchase 250 (ads, FR)                                           ads      ads      none (no lead)   250
 */
export function segmentFixture(): EventTable {
	const builder = new EventTableBuilder(['channel', 'country']);
	const add = (c: string, t: number, e: string, value: number, channel: string, country: string) => builder.add(c, t, e, value, [channel, country]);
	add('ann', at(1, 1), 'visit', NaN, 'email', 'DE');
	add('ann', at(1, 3), 'lead', NaN, 'ads', 'DE');
	add('ann', at(2, 1), 'purchase', 100, 'ads', 'FR');
	add('bob', at(1, 20), 'visit', NaN, 'ads', 'US');
	add('bob', at(1, 25), 'lead', NaN, 'email', 'US');
	add('cid', at(2, 2), 'lead', NaN, 'social', 'DE');
	add('cid', at(2, 10), 'purchase', 30, 'social', 'DE');
	add('cid', at(2, 11), 'refund', -30, 'social', 'DE');
	add('dee', at(2, 5), 'visit', NaN, 'email', '');
	add('eve', at(3, 1), 'purchase', 250, 'ads', 'FR');
	return builder.build();
}

