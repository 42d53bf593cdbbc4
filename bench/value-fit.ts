/**
 * `npm run bench:value -- <events>` (default 1M): the customer-value answer in Node on the bench log, as the engine
 * worker computes it for the dashboard's Value view and the present page's value slides. Prints CPU time
 * (`process.cpuUsage`, which the machine's load stretches less than the clock) of each BG/NBD fit (all buyers, and
 * the holdout's calibration buyers), of the whole value call, and the fits' verdicts and parameters, so that a
 * faster fit can be checked to find the same answer.
 */
import { EngineSession } from '../src/lib/engine/session';
import { leadLifecycle } from '../src/lib/engine/model';
import { fitBgnbd } from '../src/lib/engine/bgnbd';
import { bgnbdProblem } from '../src/lib/engine/fit-check';
import { moneyEvents } from '../src/lib/engine/purchases';
import { summaryForValue } from '../src/lib/engine/value-report';
import { DAY_MS } from '../src/lib/engine/periods';
import { benchTable } from './lib/columns';

const events = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.env.ROUNDS ?? 1);
const table = await benchTable(events);
const session = new EngineSession(table);

function cpu<T>(run: () => T): { ms: number; result: T } {
	const start = process.cpuUsage();
	const result = run();
	const used = process.cpuUsage(start);
	return { ms: Math.round((used.user + used.system) / 1000), result };
}

const purchases = moneyEvents(table).purchases;
let asOf = -Infinity;
let first = Infinity;
for (let i = 0; i < table.rowCount; i++) {
	asOf = Math.max(asOf, table.time[i]);
	if (purchases.has(table.event[i])) first = Math.min(first, table.time[i]);
}
// The holdout's calibration end as value-report's holdoutCheck takes it (the last purchase is near the log's end).
const WEEK = 7 * DAY_MS;
const totalWeeks = Math.floor((asOf - first) / WEEK);
const calibrationEnd = first + (totalWeeks - Math.floor(totalWeeks / 3)) * WEEK;
const summaries = { all: summaryForValue(table, asOf, purchases, null), holdout: summaryForValue(table, calibrationEnd, purchases, null) };

for (let round = 0; round < rounds; round++) {
	for (const [name, summary] of Object.entries(summaries)) {
		const { ms, result: fit } = cpu(() => fitBgnbd(summary));
		const params = ['r', 'alpha', 'a', 'b'].map((k) => `${k} ${fit[k as 'r'].toPrecision(6)}`).join(', ');
		console.log(`fit ${name.padEnd(8)} ${summary.x.length} buyers: cpu ${ms} ms, ${fit.iterations} iterations; ${params}; LL ${fit.logLikelihood.toFixed(3)}; ${bgnbdProblem(fit) ?? 'fits'}`);
	}
	const { ms, result } = cpu(() => session.value({ model: leadLifecycle, horizonWeeks: 52, yearlyDiscount: 0.1 }));
	const verdict = result.prediction.ok ? 'prediction' : result.prediction.problem.kind;
	console.log(`value call: cpu ${ms} ms; ${verdict}; holdout ${result.holdout ? `${result.holdout.weeks.length} weeks` : 'none'}`);
}
