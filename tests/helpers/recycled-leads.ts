/** Recycled leads: the hand-checked fixture of counting by entries (issue 24), read by the engine's and the SQL's tests. */
import { day, type Row } from './tables';

/**
 * Stages: 0 prospect, 1 lead, 2 MQL, 3 SQL, 4 SQO, 5 customer, 6 repeat. The data ends on day 20 (A's purchase).
 *  A  lead d1, MQL d2, SQL d4, MQL d10 (recycled to MQL), SQL d15, purchase d20
 *     stays: lead 1-2, MQL 2-4, SQL 4-10, MQL 10-15, SQL 15-20, customer 20-20
 *     re-enters MQL (d10) and SQL (d15); 7 days in MQL (2 + 5), 11 in SQL (6 + 5)
 *  B  lead d1, MQL d3, SQL d6, lead d8 (recycled to lead), MQL d9, SQL d12
 *     stays: lead 1-3, MQL 3-6, SQL 6-8, lead 8-9, MQL 9-12, SQL 12-20 (now)
 *     re-enters lead (d8), MQL (d9) and SQL (d12); 3 days as a lead (2 + 1), 6 in MQL (3 + 3), 10 in SQL (2 + 8)
 *  C  lead d1, MQL d2, SQL d3                       never re-enters: a day as a lead, a day in MQL, 17 in SQL
 *  D  visit d0, lead d5, MQL d6, MQL d7             the second MQL comes while in MQL: no re-entry
 *     stays: prospect 0-5, lead 5-6, MQL 6-20
 * A, B and C are prospects only on the day they became leads (the later stage wins a tie): no stay as prospects.
 */
export const recycledLeads: Row[] = [
	['A', day(1), 'lead'], ['A', day(2), 'mql'], ['A', day(4), 'sql'], ['A', day(10), 'mql'], ['A', day(15), 'sql'], ['A', day(20), 'purchase', 50],
	['B', day(1), 'lead'], ['B', day(3), 'mql'], ['B', day(6), 'sql'], ['B', day(8), 'lead'], ['B', day(9), 'mql'], ['B', day(12), 'sql'],
	['C', day(1), 'lead'], ['C', day(2), 'mql'], ['C', day(3), 'sql'],
	['D', day(0), 'visit'], ['D', day(5), 'lead'], ['D', day(6), 'mql'], ['D', day(7), 'mql']
];
