/**
 * lifecycle-lens: the site's import and engine on the command line, and lifecycle models compiled to SQL.
 * `main` takes the arguments and where to write, and returns the exit code: 0 done, 1 the input could not be
 * used (file, model), 2 the command line is wrong. bin/lifecycle-lens.mjs runs the built bundle of this file.
 */
import { parseArgs } from 'node:util';
import { WINDOW_UNITS, type FunnelExclusion, type StepWindow } from '../lib/engine/funnel';
import type { Attribution } from '../lib/engine/attribution';
import type { LifecycleModel } from '../lib/engine/model';
import type { Period } from '../lib/engine/periods';
import { writeFile } from 'node:fs/promises';
import { REJECT_REASON_LABELS } from '../lib/import/convert';
import { rejectsToCsv } from '../lib/import/rejects-csv';
import { exportCsvText } from '../lib/base/csv-writer';
import { predictedCustomers, type ValueReport } from '../lib/engine/value-report';
import type { EventTable } from '../lib/engine/table';
import { BUDGET_FLAGS, CLI_BUDGETS, type ImportBudgets } from '../lib/import/budgets';
import { ImportError } from '../lib/import/errors';
import { eventsCsvChunks } from '../lib/sql/events-csv';
import { compileModel, DEFAULT_SOURCE, DIALECTS, sqlScript, tableProblem, type CompileOptions, type DialectName } from '../lib/sql';
import { CHANGE_CATEGORIES } from '../lib/engine/compare';
import { comparedCustomersCsv } from '../lib/engine/results-csv';
import { compareTables, formatComparison } from './compare';
import { analyze, ANALYSES, DEFAULTS, type Analysis, type AnalyzeOptions } from './analyze';
import { breakdownOfFlags, checkBreakdownAgainst, checkFilterAgainst, DEFAULT_TOP, FILTER_HELP, FILTER_OPTIONS, filterOfFlags } from './filter';
import { formatResult } from './format';
import { checkJourneyAgainst, JOURNEY_HELP, JOURNEY_OPTIONS, journeyOfFlags } from './journey';
import { loadFile, type MappingOverrides } from './load';
import { resolveModel, UsageError } from './model';
import type { Shape } from '../lib/base/source-types';

export interface Io {
	out(text: string): void;
	err(text: string): void;
}

const processIo: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export const HELP = `lifecycle-lens: customer lifecycle analysis from an event file, and lifecycle models as SQL.

Usage:
  lifecycle-lens analyze FILE --model MODEL [options]   run the site's import and analyses on a file
  lifecycle-lens sql --model MODEL [options]            the model's classification, funnel and retention as SQL
  lifecycle-lens events FILE [mapping options]          the file's events as the CSV table the SQL reads
  lifecycle-lens compare OLD_FILE NEW_FILE --model MODEL [--json] [--customers FILE]   what changed between two exports
  lifecycle-lens --help

MODEL: lead, journey5, phases6, status, discovery, or a model .json file (as the site exports it).

analyze:
  --analysis LIST       funnel,flows,retention,trend,value,drivers,journey (default: funnel,flows,retention,trend)
  --json                print the result objects as JSON (the site's JSON exports; docs/results.md)
  --period P            day, week or month for retention cohorts and the trend (default: ${DEFAULTS.period})
  --mode M              funnel counting: cumulative (default) or strict
  --window N            funnel conversion window after step 1, in --window-unit (default: days)
  --window-unit U       hour, day or week: the unit of --window and --step-window
  --step-window STAGE:N the step into STAGE (id or index) within N units of the step before it (an SLA); repeatable
  --exclude FROM:TO:EVENT  customers who did EVENT after the step of stage FROM and before a step up to stage TO
                        drop out there (stages by id or index; EVENT its exact name); repeatable
  --count C             customers (default) or entries: recycled customers who re-enter a stage count again there,
                        and the stage table adds the median cumulative time in each stage
  --retention-mode M    bounded ("on", default) or unbounded ("on or after")
  --cohort-stage STAGE  cohorts by entry into this stage (id or index; default: first seen)
  --return-event NAME   only this event counts as a return (default: any event)
  --brackets LIST       retention in custom brackets of periods, by their first period: 0,1,8,31,91 is day 0,
                        1-7, 8-30, 31-90 and 91 on (with --period day); rolling with --retention-mode unbounded
  --positions N         stage-path steps (default: ${DEFAULTS.flowPositions})
  --as-of DATE          as-of date YYYY-MM-DD (default: the last event)
  --predictions FILE    write every customer's P(alive), expected purchases over the horizon and CLV to FILE as CSV
                        (empty for a customer with no purchase yet: BG/NBD predicts from a first purchase)
                        (customer_id, p_alive, expected_purchases, clv; implies the value analysis)
  --horizon WEEKS       value prediction horizon (default: ${DEFAULTS.horizonWeeks}); --discount RATE yearly (default: ${DEFAULTS.yearlyDiscount})
  --step STAGE          drivers ("why did they convert?", implies --analysis drivers): at the funnel step into
                        STAGE (id or index, after the first), the attribute values (under --attribution) and the
                        events done by the step before, with the odds ratio of converting and its 95% interval
  --breakdown ATTR      each analysis also per segment of ATTR (its value under --attribution): the funnel, stage
                        paths coloured by segment, retention, the trend and value (80/20 and RFM)
  --top N               segments shown before "Other" (default: ${DEFAULT_TOP}, at most 20)
${JOURNEY_HELP}${FILTER_HELP}mapping (analyze, events; detected from the file when not given):
  --customer COL --time COL --event COL --value COL   the columns holding each role, by header name
  --attribute COL       also read this column as an attribute (filters go by attributes); may be repeated
  --shape S             event-log, orders, stage-dates or snapshot
  --tz ZONE             time zone of times written without one (default: UTC)
  --delimiter D         a CSV file's delimiter: comma, semicolon, tab, pipe or space (runs of spaces); also , ; | (default: detected)
  --rejects FILE        write every row left out to FILE as CSV: line, column, reason, message, raw
limits (analyze, events; a file past one is refused with a message naming it):
  --max-rows N          rows read (default: 100000000)
  --max-columns N       columns in a row (default: 100000)
  --max-line-chars N    characters in one line (default: 67108864, 64 MB)
  --max-inflated-mb N   size a .gz file may expand to (default: 65536)
  --max-json-mb N       size of a JSON document, read whole (default: 500; V8 holds at most about 512)
  --max-workbook-mb N   size an .xlsx or .ods workbook's parts expand to, read whole (default: 2048)
  --max-row-group-mb N  size a Parquet row group expands to, read whole (default: 2048)
compare (each file read with the mapping options; docs/compare.md defines the categories):
  --json                print the result object as JSON: the categories' counts and the old-to-new stage links
  --as-of-old DATE, --as-of-new DATE   each file's as-of date, YYYY-MM-DD (default: each file's last event)
  --customers FILE      write every customer of either file to FILE as CSV: id, change, stage and status in each
                        (the text names the first five ids seen in only one file)
sql:
  --dialect D           duckdb (default), bigquery or spark
  --only Q              classification, funnel or retention (default: all three)
  --table NAME          the events table (default: events; columns customer_id, ts, event, value); a dotted
                        name (schema.events, project.dataset.events) is quoted part by part; BigQuery needs the dataset
  --order-column COL    the table's column that orders events of one instant as the file did (a line number), for
                        the filters' and breakdowns' attributions and ties; without it an instant's smallest attribute
                        value is taken, and segments of equal size go by their text
  --breakdown ATTR      the funnel and retention once per segment of ATTR (its value under --attribution): the top
                        --top N values by customers and "Other"; each row starts with segment_index and segment
  --mode, --window, --window-unit, --step-window, --exclude, --count, --period, --retention-mode, --brackets,
  --cohort-stage, --return-event, --as-of and the filters as for analyze (--count entries adds the funnel's entries)

Exit codes: 0 done, 1 the file or model cannot be used, 2 wrong command line.
`;

const OPTIONS = {
	model: { type: 'string' },
	analysis: { type: 'string' },
	json: { type: 'boolean' },
	period: { type: 'string' },
	mode: { type: 'string' },
	window: { type: 'string' },
	'window-unit': { type: 'string' },
	'step-window': { type: 'string', multiple: true },
	exclude: { type: 'string', multiple: true },
	count: { type: 'string' },
	'retention-mode': { type: 'string' },
	'cohort-stage': { type: 'string' },
	'return-event': { type: 'string' },
	brackets: { type: 'string' },
	positions: { type: 'string' },
	'as-of': { type: 'string' },
	'as-of-old': { type: 'string' },
	'as-of-new': { type: 'string' },
	horizon: { type: 'string' },
	discount: { type: 'string' },
	customer: { type: 'string' },
	time: { type: 'string' },
	event: { type: 'string' },
	value: { type: 'string' },
	attribute: { type: 'string', multiple: true },
	shape: { type: 'string' },
	tz: { type: 'string' },
	delimiter: { type: 'string' },
	rejects: { type: 'string' },
	predictions: { type: 'string' },
	customers: { type: 'string' },
	'max-rows': { type: 'string' },
	'max-columns': { type: 'string' },
	'max-line-chars': { type: 'string' },
	'max-inflated-mb': { type: 'string' },
	'max-json-mb': { type: 'string' },
	'max-workbook-mb': { type: 'string' },
	'max-row-group-mb': { type: 'string' },
	dialect: { type: 'string' },
	only: { type: 'string' },
	table: { type: 'string' },
	'order-column': { type: 'string' },
	breakdown: { type: 'string' },
	top: { type: 'string' },
	step: { type: 'string' },
	help: { type: 'boolean', short: 'h' },
	...FILTER_OPTIONS,
	...JOURNEY_OPTIONS
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function main(argv: string[], io: Io = processIo): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
	} catch (error) {
		io.err(`${(error as Error).message}\nRun lifecycle-lens --help for the options.\n`);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, ...rest] = positionals;
	if (values.help || command === 'help' || command === undefined) {
		(command === undefined && !values.help ? io.err : io.out)(HELP);
		return command === undefined && !values.help ? 2 : 0;
	}
	try {
		switch (command) {
			case 'analyze':
				return await analyzeCommand(rest, values, io);
			case 'sql':
				return await sqlCommand(rest, values, io);
			case 'events':
				return await eventsCommand(rest, values, io);
			case 'compare':
				return await compareCommand(rest, values, io);
			default:
				throw new UsageError(`Unknown command "${command}": expected analyze, sql, events or compare.`);
		}
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`${error.message}\nRun lifecycle-lens --help for the options.\n`);
			return 2;
		}
		if (error instanceof ImportError) {
			// The site's message points at its column mapper; here the flags do that job. A file read as one column
			// needs its delimiter, not column names (convert.ts names the delimiter that splits it).
			const splits = /splits on (.+?): choose that delimiter/.exec(error.message)?.[1];
			const flag = splits === 'runs of spaces' ? 'space' : splits && /^(comma|semicolon|tab|pipe)$/.test(splits) ? splits : null;
			const hint = splits
				? flag
					? `\nOn the command line, read it with --delimiter ${flag}.`
					: '\nOn the command line, leave --delimiter out: that delimiter is detected.'
				: /column mapper/.test(error.message)
					? '\nOn the command line, name the columns with --customer COLUMN, --time COLUMN, --event COLUMN or --value COLUMN.'
					: '';
			io.err(`${error.message}${hint}${budgetHint(error)}\n`);
			return 1;
		}
		// Anything else (out of memory, a bug) is still said in one line: never a stack trace.
		io.err(`lifecycle-lens: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	}
}

const BUDGET_OF_PROBLEM: Record<string, keyof ImportBudgets> = {
	'import.budget.columns': 'maxColumns',
	'import.budget.keys': 'maxColumns',
	'import.budget.line': 'maxLineChars',
	'import.budget.inflated': 'maxInflatedBytes',
	'import.budget.json': 'maxJsonChars',
	'import.budget.workbook': 'maxWorkbookBytes',
	'import.budget.rowGroup': 'maxRowGroupBytes',
	'import.budget.rows': 'maxRows'
};

/** A budget exceeded: the flag that raises it. */
function budgetHint(error: ImportError): string {
	const budget = error.problem && BUDGET_OF_PROBLEM[error.problem.code];
	return budget ? `\nTo allow more, raise the limit with ${BUDGET_FLAGS[budget]} (see --help).` : '';
}

function budgetsOf(values: Values): ImportBudgets {
	const MB = 1024 * 1024;
	const raised = (flag: string, value: string | undefined, fallback: number, unit = 1) => numberOf(flag, value, 1, fallback / unit)! * unit;
	return {
		maxRows: raised('max-rows', values['max-rows'], CLI_BUDGETS.maxRows),
		maxColumns: raised('max-columns', values['max-columns'], CLI_BUDGETS.maxColumns),
		maxLineChars: raised('max-line-chars', values['max-line-chars'], CLI_BUDGETS.maxLineChars),
		maxInflatedBytes: raised('max-inflated-mb', values['max-inflated-mb'], CLI_BUDGETS.maxInflatedBytes, MB),
		maxJsonChars: raised('max-json-mb', values['max-json-mb'], CLI_BUDGETS.maxJsonChars, MB),
		maxWorkbookBytes: raised('max-workbook-mb', values['max-workbook-mb'], CLI_BUDGETS.maxWorkbookBytes, MB),
		maxRowGroupBytes: raised('max-row-group-mb', values['max-row-group-mb'], CLI_BUDGETS.maxRowGroupBytes, MB)
	};
}

function oneFile(rest: string[], command: string): string {
	if (rest.length !== 1) throw new UsageError(`${command}: expected one FILE, got ${rest.length === 0 ? 'none' : rest.join(' ')}.`);
	return rest[0];
}

async function modelOf(values: Values): Promise<LifecycleModel> {
	if (!values.model) throw new UsageError('--model is required: lead, journey5, phases6, status, discovery or a model .json file.');
	try {
		return await resolveModel(values.model);
	} catch (error) {
		// A model file that exists but is wrong is bad input (1), not a wrong command line.
		if (error instanceof UsageError && /not (valid|a valid)/.test(error.message)) throw new ImportError(error.message);
		throw error;
	}
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
	if (value === undefined) return fallback;
	if (!allowed.includes(value as T)) throw new UsageError(`--${flag} ${value}: expected ${allowed.join(', ')}.`);
	return value as T;
}

function numberOf(flag: string, value: string | undefined, min: number, fallback: number | null): number | null {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${flag} ${value}: expected a number of at least ${min}.`);
	return n;
}

function dateOf(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value);
	if (Number.isNaN(time)) throw new UsageError(`--${flag} ${value}: expected a date, YYYY-MM-DD.`);
	return time;
}

function stageOf(model: LifecycleModel, value: string | undefined, flag = 'cohort-stage'): number {
	if (value === undefined) return -1;
	const byId = model.stages.findIndex((s) => s.id === value);
	if (byId >= 0) return byId;
	const index = Number(value);
	if (Number.isInteger(index) && index >= -1 && index < model.stages.length) return index;
	throw new UsageError(`--${flag} ${value}: expected one of ${model.stages.map((s) => s.id).join(', ')} (or an index from 0).`);
}

/** --step STAGE: the funnel step whose drivers are asked, a step after the first (the CLI's funnel shows every stage). */
function driversOf(model: LifecycleModel, step: string | undefined, attribution: Attribution | undefined): AnalyzeOptions['drivers'] {
	if (step === undefined) throw new UsageError('--analysis drivers: give the funnel step with --step STAGE (id or index).');
	const stage = stageOf(model, step, 'step');
	if (stage < 1) throw new UsageError(`--step ${step}: expected a step after the first, one of ${model.stages.slice(1).map((s) => s.id).join(', ')}.`);
	return { stage: model.stages[stage].id, ...(attribution ? { attribution } : {}) };
}

/** --brackets 0,1,8,31: each bracket's first period offset (0 comes first whether given or not). */
function bracketsOf(value: string | undefined): number[] | undefined {
	if (value === undefined) return undefined;
	const starts = value.split(',').map((item) => Number(item.trim()));
	if (starts.some((n, i) => !Number.isInteger(n) || n < 0 || (i > 0 && n <= starts[i - 1])))
		throw new UsageError(`--brackets ${value}: expected whole numbers from 0 up, ascending, separated by commas (0,1,8,31).`);
	return starts;
}

/** --step-window STAGE:N, each: the step into STAGE within N window units of the step before it. */
function stepWindowsOf(model: LifecycleModel, items: string[] | undefined): StepWindow[] {
	return (items ?? []).map((item) => {
		const at = item.lastIndexOf(':');
		const within = Number(item.slice(at + 1));
		if (at <= 0 || !Number.isInteger(within) || within < 1) throw new UsageError(`--step-window ${item}: expected STAGE:N, N a whole number of at least 1.`);
		return { stage: stageOf(model, item.slice(0, at), 'step-window'), within };
	});
}

/** --exclude FROM:TO:EVENT, each: who did EVENT between the steps of FROM and TO drops out. */
function exclusionsOf(model: LifecycleModel, items: string[] | undefined): FunnelExclusion[] {
	return (items ?? []).map((item) => {
		const [from, to, ...event] = item.split(':');
		const [f, t] = event.length ? [stageOf(model, from, 'exclude'), stageOf(model, to, 'exclude')] : [-1, -1];
		if (f < 0 || t <= f || !event.join(':')) throw new UsageError(`--exclude ${item}: expected FROM:TO:EVENT, stage FROM before stage TO.`);
		return { event: event.join(':'), from: f, to: t };
	});
}

function mappingOf(values: Values): MappingOverrides {
	const shape = values.shape === undefined ? undefined : oneOf<Shape>('shape', values.shape, ['event-log', 'orders', 'stage-dates', 'snapshot'], 'event-log');
	return {
		customer: values.customer,
		time: values.time,
		event: values.event,
		value: values.value,
		shape,
		timeZone: values.tz,
		delimiter: delimiterOf(values.delimiter),
		...(values.attribute ? { attributes: values.attribute } : {})
	};
}

const DELIMITERS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|', space: ' ', ',': ',', ';': ';', '|': '|', '\t': '\t' };

function delimiterOf(value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	const delimiter = DELIMITERS[value.toLowerCase()];
	if (delimiter === undefined) throw new UsageError(`--delimiter ${JSON.stringify(value)}: expected comma, semicolon, tab, pipe or space.`);
	return delimiter;
}

/** Writes a flag's CSV file (--rejects, --predictions, --customers); a file that cannot be written is an error. */
async function writeFlagFile(flag: string, path: string, text: string) {
	await writeFile(path, text).catch((error: Error) => {
		throw new ImportError(`--${flag} ${path}: cannot write the file (${error.message}).`);
	});
}

/** --rejects FILE: every row left out, not only the first few the message shows. */
async function writeRejects(loaded: Awaited<ReturnType<typeof loadFile>>, values: Values) {
	if (values.rejects === undefined) return;
	await writeFlagFile('rejects', values.rejects, rejectsToCsv(loaded.rejects));
}

/** The options analyze and sql share. */
function commonOptions(values: Values, model: LifecycleModel) {
	return {
		period: oneOf<Period>('period', values.period, ['day', 'week', 'month'], DEFAULTS.period),
		funnelMode: oneOf('mode', values.mode, ['cumulative', 'strict'] as const, DEFAULTS.funnelMode),
		windowDays: numberOf('window', values.window, 1, null),
		windowUnit: oneOf('window-unit', values['window-unit'], WINDOW_UNITS, 'day'),
		stepWindows: stepWindowsOf(model, values['step-window']),
		exclusions: exclusionsOf(model, values.exclude),
		retentionMode: oneOf('retention-mode', values['retention-mode'], ['bounded', 'unbounded'] as const, DEFAULTS.retentionMode),
		cohortStage: stageOf(model, values['cohort-stage']),
		returnEvent: values['return-event'] ?? null,
		brackets: bracketsOf(values.brackets),
		counting: oneOf('count', values.count, ['customers', 'entries'] as const, 'customers'),
		asOf: dateOf('as-of', values['as-of'])
	};
}

async function analyzeCommand(rest: string[], values: Values, io: Io): Promise<number> {
	const path = oneFile(rest, 'analyze');
	const model = await modelOf(values);
	const analyses = (values.analysis ?? 'funnel,flows,retention,trend').split(',').map((a) => a.trim()).filter(Boolean);
	if (values.predictions !== undefined && !analyses.includes('value')) analyses.push('value');
	if (values.step !== undefined && !analyses.includes('drivers')) analyses.push('drivers');
	for (const a of analyses) if (!ANALYSES.includes(a as Analysis)) throw new UsageError(`--analysis ${a}: expected a list of ${ANALYSES.join(', ')}.`);
	const options: AnalyzeOptions = {
		...DEFAULTS,
		...commonOptions(values, model),
		analyses: analyses as Analysis[],
		flowPositions: numberOf('positions', values.positions, 2, DEFAULTS.flowPositions)!,
		horizonWeeks: numberOf('horizon', values.horizon, 1, DEFAULTS.horizonWeeks)!,
		yearlyDiscount: numberOf('discount', values.discount, 0, DEFAULTS.yearlyDiscount)!
	};
	const { spec: journey, filterFlags, anchorFlag } = journeyOfFlags(values, analyses.includes('journey'));
	const filter = filterOfFlags(filterFlags);
	const breakdown = breakdownOfFlags(values);
	if (analyses.includes('drivers')) options.drivers = driversOf(model, values.step, filter?.attribution);
	const loaded = await loadFile(path, mappingOf(values), budgetsOf(values));
	checkFilterAgainst(filter, loaded.table);
	checkBreakdownAgainst(breakdown, loaded.table);
	checkJourneyAgainst(journey, loaded.table, model, anchorFlag);
	if (filter) options.filter = filter;
	if (breakdown) options.breakdown = breakdown;
	if (journey) options.journey = journey;
	reportRejects(loaded, io, values.rejects);
	await writeRejects(loaded, values);
	const result = analyze(loaded.table, model, options);
	const file = {
		name: loaded.fileName,
		shape: loaded.plan.mapping.shape,
		rowsRead: loaded.rowsRead,
		events: loaded.table.rowCount,
		customers: loaded.table.customerIds.length,
		rejected: loaded.rejectedCount
	};
	if (values.json) io.out(JSON.stringify({ file, model: { id: model.id, name: model.name }, ...result }, null, 2) + '\n');
	else io.out(`${file.name}: ${file.events} events of ${file.customers} customers (${file.shape}); model ${model.name}\n${formatResult(result)}`);
	if (values.predictions === undefined) return 0;
	return writePredictions(values.predictions, loaded.table, result.asOf, options, result.value!.prediction, io);
}

/**
 * --predictions FILE: every customer's prediction, where the report shows the top 25; 1 when there is no fit to
 * predict with. A customer who has not bought yet has a row with empty cells: BG/NBD predicts from a first purchase.
 */
async function writePredictions(path: string, table: EventTable, asOf: number, options: AnalyzeOptions, prediction: ValueReport['prediction'], io: Io): Promise<number> {
	if (!prediction.ok) {
		io.err(`--predictions ${path}: not written: ${prediction.message}\n`);
		return 1;
	}
	const buyers = new Map(
		predictedCustomers(table, { asOf, mask: null, horizonWeeks: options.horizonWeeks, yearlyDiscount: options.yearlyDiscount }, prediction).map((c) => [c.id, c])
	);
	const rows = table.customerIds.map((id) => {
		const c = buyers.get(id);
		return c ? [id, c.probabilityAlive, c.expectedPurchases, Number.isNaN(c.clv) ? null : c.clv] : [id, null, null, null];
	});
	await writeFlagFile('predictions', path, exportCsvText(['customer_id', 'p_alive', 'expected_purchases', 'clv'], rows));
	return 0;
}

/** Rows that could not be read are left out, as the site does; say how many and where the first ones are. */
function reportRejects(loaded: Awaited<ReturnType<typeof loadFile>>, io: Io, rejectsFile: string | undefined | null) {
	if (loaded.rejectedCount === 0) return;
	const reasons = Object.entries(loaded.rejectCounts)
		.map(([reason, n]) => `${n} ${REJECT_REASON_LABELS[reason as keyof typeof REJECT_REASON_LABELS]}`)
		.join(', ');
	io.err(`${loaded.fileName}: ${loaded.rejectedCount} of ${loaded.rowsRead} rows left out (${reasons}):\n`);
	for (const r of loaded.rejects.slice(0, 5)) io.err(`  line ${r.line}${r.column ? `, column "${r.column}"` : ''}: ${r.message}\n`);
	if (loaded.rejectedCount > 5) io.err(`  …\n`);
	// null: a command without --rejects (compare reads two files).
	if (rejectsFile !== null) io.err(rejectsFile === undefined ? `  (--rejects FILE writes them all as CSV)\n` : `  all ${loaded.rejectedCount} written to ${rejectsFile}\n`);
}

async function sqlCommand(rest: string[], values: Values, io: Io): Promise<number> {
	if (rest.length) throw new UsageError(`sql takes no FILE (got ${rest.join(' ')}): it writes SQL over a table of events; see --table.`);
	const model = await modelOf(values);
	const common = commonOptions(values, model);
	const dialect = oneOf<DialectName>('dialect', values.dialect, DIALECTS, 'duckdb');
	const problem = tableProblem(dialect, values.table ?? DEFAULT_SOURCE.table);
	if (problem) throw new UsageError(`--table: ${problem}`);
	const filter = filterOfFlags(values);
	const breakdown = breakdownOfFlags(values);
	const options: CompileOptions = {
		dialect,
		source: { ...(values.table ? { table: values.table } : {}), ...(values['order-column'] ? { order: values['order-column'] } : {}) },
		...(filter ? { filter } : {}),
		...(breakdown ? { breakdown } : {}),
		asOf: common.asOf ?? null,
		funnel: {
			mode: common.funnelMode,
			windowDays: common.windowDays,
			windowUnit: common.windowUnit,
			stepWindows: common.stepWindows,
			exclusions: common.exclusions,
			counting: common.counting
		},
		retention: { period: common.period, mode: common.retentionMode, cohortStage: common.cohortStage, returnEvent: common.returnEvent, brackets: common.brackets }
	};
	if (values.only === undefined) {
		io.out(sqlScript(model, options));
		return 0;
	}
	const only = oneOf('only', values.only, ['classification', 'funnel', 'retention'] as const, 'funnel');
	io.out(`${compileModel(model, options)[only]};\n`);
	return 0;
}

async function eventsCommand(rest: string[], values: Values, io: Io): Promise<number> {
	const loaded = await loadFile(oneFile(rest, 'events'), mappingOf(values), budgetsOf(values));
	reportRejects(loaded, io, values.rejects);
	await writeRejects(loaded, values);
	for (const chunk of eventsCsvChunks(loaded.table)) io.out(chunk);
	return 0;
}

async function compareCommand(rest: string[], values: Values, io: Io): Promise<number> {
	if (rest.length !== 2) throw new UsageError(`compare: expected OLD_FILE NEW_FILE, got ${rest.length === 0 ? 'none' : rest.join(' ')}.`);
	const model = await modelOf(values);
	const query = { model, asOfA: dateOf('as-of-old', values['as-of-old']), asOfB: dateOf('as-of-new', values['as-of-new']) };
	const files = [];
	for (const path of rest) {
		const loaded = await loadFile(path, mappingOf(values), budgetsOf(values));
		reportRejects(loaded, io, null);
		files.push(loaded);
	}
	const [before, after] = files;
	const session = compareTables(before.table, after.table);
	const file = (f: typeof before) => ({ name: f.fileName, shape: f.plan.mapping.shape, events: f.table.rowCount, customers: f.table.customerIds.length, rejected: f.rejectedCount });
	if (values.json) io.out(JSON.stringify({ old: file(before), new: file(after), model: { id: model.id, name: model.name }, ...session.compare(query) }, null, 2) + '\n');
	else io.out(formatComparison(session, query, [before.fileName, after.fileName]));
	// --customers FILE: every customer of either file with their change, as the compare page's Export CSV.
	if (values.customers !== undefined) {
		const rows = CHANGE_CATEGORIES.flatMap((category) => session.customers(query, { kind: 'category', category }).rows);
		await writeFlagFile('customers', values.customers, comparedCustomersCsv(rows));
	}
	return 0;
}
