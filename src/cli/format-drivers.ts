/** The drivers ("why did they convert?") as text for a terminal: the numbers are the result object's own. */
import type { DriversResult } from '../lib/engine/drivers';

/** Three significant digits: odds ratios run from 0.001 to 1,000. */
const ratio = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** The section's title, its table (header and rows, for format.ts's textTable) and the notes under it. */
export function driversSection(d: DriversResult): { title: string; header: string[]; rows: (string | number)[][]; notes: string[] } {
	const title = `Why did they convert? ${d.stageId} (from ${d.previousStageId}): ${d.converters} converters, ${d.nonConverters} stopped at ${d.previousStageId}`;
	const header = ['candidate', 'odds ratio', '95% interval', 'converted with', 'stopped with', 'converted without', 'stopped without'];
	if (d.converters === 0 || d.nonConverters === 0) return { title, header, rows: [], notes: ['Nothing to compare: one side has no customers.'] };
	const rows = d.candidates.map((c) => [
		c.kind === 'event' ? `did ${c.name} (by ${d.previousStageId})` : `${c.name} = ${c.value}`,
		`${ratio(c.oddsRatio)}${c.corrected ? ' *' : ''}`,
		`${ratio(c.low)} to ${ratio(c.high)}`,
		c.convertedWith,
		c.stoppedWith,
		c.convertedWithout,
		c.stoppedWithout
	]);
	const notes = [
		'This shows correlation, not cause.',
		`${d.hidden} candidate${d.hidden === 1 ? '' : 's'} hidden (fewer than ${d.minCustomers} converters or ${d.minCustomers} who stopped have them, or fewer than ${d.minCustomers} lack them).`,
		...(d.candidates.some((c) => c.corrected) ? ['* a cell was 0: 0.5 added to every cell (Haldane-Anscombe).'] : [])
	];
	return { title, header, rows, notes };
}
