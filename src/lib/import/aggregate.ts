/**
 * Aggregate tables computed elsewhere (the generated SQL run in a warehouse, or the site's own CSV exports) read
 * back into the engine's result objects, so the same charts draw them. Two tables are recognised by their columns:
 *   funnel:    step_index, stage_id, label, optional, customers, median_ms_from_previous (+ mode, window_days,
 *              total_customers, conversion, step_conversion, drop_off, drop_off_rate; window_unit, excluded and
 *              entries when the funnel has those options), as src/lib/sql/funnel.ts writes; or the site's funnel CSV
 *              (stage_id, step, optional, customers, [entries,] …, median_days_from_previous).
 *   retention: period_unit, mode, cohort_start, cohort_size, period, customers, revenue (+ rate, revenue_retention,
 *              period_state), as src/lib/sql/retention.ts writes; or the site's retention CSV (cohort labels).
 * Every value is checked; a problem is an ImportError naming the line, the column and what was expected.
 * Rates and averages are recomputed from the counts exactly as the engine does; rates given in the file must agree.
 */
import { WINDOW_UNITS, type FunnelMode, type FunnelResult, type FunnelStep } from '../engine/funnel';
import { DAY_MS, periodLabel, periodOf, periodStart, type Period } from '../engine/periods';
import { weightedAverage, type RetentionCohort, type RetentionResult } from '../engine/retention';
import { ratio } from '../engine/stats';
import { CsvParser, UnterminatedQuoteError, detectDelimiter } from './csv';
import { problem } from '../base/problem';
import { ImportError } from './errors';

export type AggregateKind = 'funnel' | 'retention';

export type Aggregate = { kind: 'funnel'; result: FunnelResult } | { kind: 'retention'; result: RetentionResult };


/** A parsed table: its header (lower case) and rows with their line numbers. */
interface Table {
	fileName: string;
	header: string[];
	rows: { line: number; fields: string[] }[];
}

/** Which aggregate a header is, or null. */
export function aggregateKind(header: readonly string[]): AggregateKind | null {
	const has = (name: string) => header.some((h) => h.trim().toLowerCase() === name);
	if (has('cohort_size') && has('period') && has('customers') && (has('cohort_start') || has('cohort'))) return 'retention';
	if (has('stage_id') && has('customers')) return 'funnel';
	return null;
}

/** Reads a funnel or retention table, whichever the header says it is. */
export function parseAggregate(text: string, fileName = 'the file'): Aggregate {
	const table = readTable(text, fileName);
	const kind = aggregateKind(table.header);
	if (kind === 'funnel') return { kind, result: funnelOf(table) };
	if (kind === 'retention') return { kind, result: retentionOf(table) };
	const columns = table.header.map((h) => JSON.stringify(h)).join(', ');
	throw new ImportError(
		`${fileName}: line 1 has the columns ${columns}; expected a funnel table ` +
			`(stage_id, customers, …) or a retention table (cohort_start or cohort, cohort_size, period, customers, …).`,
		problem('aggregate.unknownTable', { file: fileName, columns })
	);
}

export function parseFunnelTable(text: string, fileName = 'the file'): FunnelResult {
	return funnelOf(readTable(text, fileName));
}

export function parseRetentionTable(text: string, fileName = 'the file'): RetentionResult {
	return retentionOf(readTable(text, fileName));
}

function readTable(text: string, fileName: string): Table {
	const body = text.replace(/^\uFEFF/, '');
	const rows: Table['rows'] = [];
	let header = null as string[] | null;
	const parser = new CsvParser(detectDelimiter(body.slice(0, 4096)), (fields, line) => {
		if (fields.every((f) => f.trim() === '')) return;
		if (header === null) header = fields.map((f) => f.trim().toLowerCase());
		else rows.push({ line, fields });
	});
	try {
		parser.push(body);
		parser.end();
	} catch (error) {
		if (error instanceof UnterminatedQuoteError) {
			throw new ImportError(
				`${fileName}: line ${error.line}: a quoted field is never closed; expected a closing quote (").`,
				problem('aggregate.unclosedQuote', { file: fileName, line: error.line })
			);
		}
		throw error;
	}
	if (header === null) throw new ImportError(`${fileName} is empty: expected a header line and at least one row.`, problem('aggregate.empty', { file: fileName }));
	if (rows.length === 0) throw new ImportError(`${fileName} has a header but no rows: expected at least one row after it.`, problem('import.headerOnly', { file: fileName }));
	for (const row of rows) {
		if (row.fields.length !== header!.length) {
			throw new ImportError(
				`${fileName}: line ${row.line}: expected ${header!.length} fields, found ${row.fields.length}.`,
				problem('aggregate.fieldCount', { file: fileName, line: row.line, expected: header!.length, found: row.fields.length })
			);
		}
	}
	return { fileName, header: header!, rows };
}

/** Typed access to a table's cells, with the messages every check shares. */
function cells(table: Table) {
	const index = (name: string) => table.header.indexOf(name);
	const fail = (line: number, column: string, expected: string, found: string): never => {
		const shown = JSON.stringify(found.length > 40 ? found.slice(0, 37) + '…' : found);
		throw new ImportError(
			`${table.fileName}: line ${line}, column "${column}": expected ${expected}, found ${found === '' ? 'an empty cell' : shown}.`,
			problem(found === '' ? 'aggregate.emptyCell' : 'aggregate.badCell', { file: table.fileName, line, column, expected, found: shown })
		);
	};
	const raw = (row: Table['rows'][number], name: string) => (index(name) < 0 ? undefined : row.fields[index(name)].trim());
	const number = (row: Table['rows'][number], name: string, expected: string, test: (n: number) => boolean, required = true): number | null => {
		const text = raw(row, name);
		if (text === undefined || (text === '' && !required)) return null;
		const n = text === '' ? NaN : Number(text);
		if (!Number.isFinite(n) || !test(n)) fail(row.line, name, expected, text);
		return n;
	};
	const count = (row: Table['rows'][number], name: string) => number(row, name, 'a whole number of 0 or more', (n) => Number.isInteger(n) && n >= 0)!;
	const has = (name: string) => index(name) >= 0;
	const require = (...names: string[]) => {
		for (const name of names) {
			if (!has(name)) {
				const columns = names.join(', ');
				throw new ImportError(`${table.fileName}: line 1 has no "${name}" column; expected the columns ${columns}.`, problem('aggregate.missingColumn', { file: table.fileName, column: name, columns }));
			}
		}
	};
	/** One value for the whole table (mode, period unit): every row must say the same. */
	const constant = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
		if (!has(name)) return fallback;
		const first = raw(table.rows[0], name) as string;
		for (const row of table.rows) {
			const text = raw(row, name) as string;
			if (!allowed.includes(text as T)) fail(row.line, name, allowed.join(' or '), text);
			if (text !== first) fail(row.line, name, `${JSON.stringify(first)} as on line ${table.rows[0].line}`, text);
		}
		return first as T;
	};
	/** A rate the file gives must equal the one recomputed from its counts. */
	const agrees = (row: Table['rows'][number], name: string, expected: number | null, what: string) => {
		const given = number(row, name, 'a number or an empty cell', () => true, false);
		const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
		if (given === null ? expected !== null : expected === null || !close(given, expected)) {
			fail(row.line, name, `${expected === null ? 'an empty cell' : expected} (${what})`, raw(row, name) ?? '');
		}
	};
	return { raw, number, count, has, require, constant, agrees, fail };
}

const BOOLEAN: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

function funnelOf(table: Table): FunnelResult {
	const c = cells(table);
	c.require('stage_id', 'customers');
	const mode = c.constant<FunnelMode>('mode', ['cumulative', 'strict'], 'cumulative');
	// Written by the SQL only when the funnel has the option: a window in hours or weeks, exclusion steps.
	const windowUnit = c.constant('window_unit', WINDOW_UNITS, 'day');
	const excludes = c.has('excluded');
	// Counting by entries (the SQL's and the site's export): each step's customers plus their re-entries.
	const byEntries = c.has('entries');
	// The site's own export names the label "step"; the SQL's has a numeric step_index and a label.
	const labelColumn = c.has('label') ? 'label' : c.has('step') ? 'step' : 'stage_id';
	const rows = table.rows.map((row, i) => {
		const index = c.has('step_index') ? c.count(row, 'step_index') : i;
		const optional = c.raw(row, 'optional');
		if (optional !== undefined && !(optional.toLowerCase() in BOOLEAN)) c.fail(row.line, 'optional', 'true or false (yes or no)', optional);
		const median = c.has('median_ms_from_previous')
			? c.number(row, 'median_ms_from_previous', 'milliseconds (a number) or an empty cell', (n) => n >= 0, false)
			: c.number(row, 'median_days_from_previous', 'days (a number) or an empty cell', (n) => n >= 0, false);
		const window = c.number(row, 'window_days', 'a number of days above 0, or an empty cell', (n) => n > 0, false);
		return {
			row,
			index,
			stageId: c.raw(row, 'stage_id')!,
			label: c.raw(row, labelColumn)!,
			optional: optional !== undefined && BOOLEAN[optional.toLowerCase()],
			count: c.count(row, 'customers'),
			median: median === null ? null : c.has('median_ms_from_previous') ? median : median * DAY_MS,
			window,
			total: c.has('total_customers') ? c.count(row, 'total_customers') : null,
			excluded: excludes ? c.count(row, 'excluded') : null,
			entries: byEntries ? c.count(row, 'entries') : null
		};
	});
	rows.sort((a, b) => a.index - b.index);
	rows.forEach((r, k) => {
		if (r.index !== k) c.fail(r.row.line, 'step_index', `${k} (steps numbered 0, 1, 2, … without gaps or repeats)`, String(r.index));
		if (r.stageId === '') c.fail(r.row.line, 'stage_id', 'a stage id', '');
		if (r.window !== rows[0].window) c.fail(r.row.line, 'window_days', `${rows[0].window ?? 'an empty cell'} as on line ${rows[0].row.line}`, String(r.window ?? ''));
		if (r.total !== rows[0].total) c.fail(r.row.line, 'total_customers', `${rows[0].total} as on line ${rows[0].row.line}`, String(r.total ?? ''));
		if (k > 0 && r.median === null && r.count > 0 && (c.has('median_ms_from_previous') || c.has('median_days_from_previous'))) {
			c.fail(r.row.line, c.has('median_ms_from_previous') ? 'median_ms_from_previous' : 'median_days_from_previous', 'the median time from the previous step', '');
		}
	});
	const steps: FunnelStep[] = [];
	for (const [k, r] of rows.entries()) {
		const first = k === 0 ? r.count : steps[0].count;
		const before = k === 0 ? r.count : steps[k - 1].count;
		if (r.count > before) c.fail(r.row.line, 'customers', `at most ${before} (the previous step's customers)`, String(r.count));
		if (r.entries !== null && r.entries < r.count) c.fail(r.row.line, 'entries', `at least ${r.count} (the step's customers)`, String(r.entries));
		const step: FunnelStep = {
			stageId: r.stageId,
			label: r.label,
			optional: r.optional,
			count: r.count,
			conversion: ratio(r.count, first),
			stepConversion: k === 0 ? null : ratio(r.count, before),
			dropOff: before - r.count,
			dropOffRate: k === 0 ? null : ratio(before - r.count, before),
			medianTimeFromPrevious: k === 0 ? null : r.median,
			...(r.excluded !== null ? { excluded: r.excluded } : {}),
			...(r.entries !== null ? { entries: r.entries } : {})
		};
		if (c.has('conversion')) c.agrees(r.row, 'conversion', step.conversion, "customers / first step's customers");
		if (c.has('step_conversion')) c.agrees(r.row, 'step_conversion', step.stepConversion, "customers / previous step's customers");
		if (c.has('drop_off')) c.agrees(r.row, 'drop_off', step.dropOff, "previous step's customers - customers");
		if (c.has('drop_off_rate')) c.agrees(r.row, 'drop_off_rate', step.dropOffRate, "drop-off / previous step's customers");
		steps.push(step);
	}
	return {
		mode,
		windowDays: rows[0].window,
		...(windowUnit !== 'day' ? { windowUnit } : {}),
		customers: rows[0].total ?? steps[0].count,
		steps,
		...(byEntries ? { counting: 'entries' as const } : {})
	};
}

const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/** A period index from a label as the engine writes them: 2025-03-01, 2025-W09, 2025-03. */
function periodFromLabel(label: string): { period: Period; index: number } | null {
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
	if (m) {
		const time = Date.UTC(+m[1], +m[2] - 1, +m[3]);
		return new Date(time).toISOString().startsWith(label) ? { period: 'day', index: periodOf(time, 'day') } : null;
	}
	m = /^(\d{4})-W(\d{2})$/.exec(label);
	if (m) {
		// ISO week 1 holds 4 January; its Monday starts the week-year.
		const jan4 = Date.UTC(+m[1], 0, 4);
		const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
		const index = periodOf(monday + (+m[2] - 1) * 7 * DAY_MS, 'week');
		return +m[2] >= 1 && periodLabel(index, 'week') === label ? { period: 'week', index } : null;
	}
	m = /^(\d{4})-(\d{2})$/.exec(label);
	if (m && +m[2] >= 1 && +m[2] <= 12) return { period: 'month', index: +m[1] * 12 + +m[2] - 1 };
	return null;
}

function retentionOf(table: Table): RetentionResult {
	const c = cells(table);
	c.require('cohort_size', 'period', 'customers');
	// A table in custom brackets numbers brackets, not periods: drawn as periods it would be wrong, so it is refused.
	if (c.has('bracket_from')) c.fail(table.rows[0].line, 'bracket_from', 'one row per period (a table in custom brackets cannot be drawn here yet)', c.raw(table.rows[0], 'bracket_from') ?? '');
	const mode = c.constant('mode', ['bounded', 'unbounded'] as const, 'bounded');
	let period = c.has('period_unit') ? c.constant('period_unit', PERIODS, 'month') : null;
	const keyColumn = c.has('cohort_start') ? 'cohort_start' : 'cohort';

	interface Cell {
		row: Table['rows'][number];
		line: number;
		k: number;
		count: number | null;
		revenue: number | null;
		state: string | undefined;
	}
	const cohorts = new Map<number, { size: number; line: number; cells: Map<number, Cell> }>();
	for (const row of table.rows) {
		const key = c.raw(row, keyColumn)!;
		const parsed = periodFromLabel(key);
		let index: number;
		if (keyColumn === 'cohort_start') {
			// A first day: its period is the unit's; it must start that period.
			if (!parsed || parsed.period !== 'day') c.fail(row.line, keyColumn, 'a date (YYYY-MM-DD)', key);
			const time = Date.parse(`${key}T00:00:00Z`);
			index = periodOf(time, period ?? 'month');
			if (periodStart(index, period ?? 'month') !== time) c.fail(row.line, keyColumn, `the first day of a ${period ?? 'month'}`, key);
		} else {
			if (!parsed || (period !== null && parsed.period !== period)) c.fail(row.line, keyColumn, `a ${period ?? 'period'} label (2025-03-01, 2025-W09 or 2025-03)`, key);
			period ??= parsed!.period;
			index = parsed!.index;
		}
		const size = c.number(row, 'cohort_size', 'a whole number above 0', (n) => Number.isInteger(n) && n > 0)!;
		const k = c.count(row, 'period');
		const state = c.raw(row, 'period_state');
		const past = state === 'past the end';
		const count = past ? null : c.count(row, 'customers');
		if (count !== null && count > size) c.fail(row.line, 'customers', `at most the cohort size, ${size}`, String(count));
		const revenue = past ? null : c.number(row, 'revenue', 'a number', () => true, true);
		let cohort = cohorts.get(index);
		if (!cohort) cohorts.set(index, (cohort = { size, line: row.line, cells: new Map() }));
		if (cohort.size !== size) c.fail(row.line, 'cohort_size', `${cohort.size} as on line ${cohort.line} for the same cohort`, String(size));
		if (cohort.cells.has(k)) c.fail(row.line, 'period', `each period once per cohort (line ${cohort.cells.get(k)!.line} has period ${k} already)`, String(k));
		cohort.cells.set(k, { row, line: row.line, k, count, revenue, state });
	}
	const unit: Period = period ?? 'month';
	const indexes = [...cohorts.keys()].sort((a, b) => a - b);
	const first = indexes[0];
	// The data's last period: the furthest cell with a count.
	let lastPeriod = -Infinity;
	for (const [index, cohort] of cohorts) for (const cell of cohort.cells.values()) if (cell.count !== null) lastPeriod = Math.max(lastPeriod, index + cell.k);
	const width = lastPeriod - first + 1;

	const result: RetentionCohort[] = indexes.map((index) => {
		const cohort = cohorts.get(index)!;
		const available = lastPeriod - index + 1;
		const counts: (number | null)[] = [];
		const revenue: (number | null)[] = [];
		for (let k = 0; k < width; k++) {
			const cell = cohort.cells.get(k);
			if (k >= available) {
				if (cell && cell.count !== null) c.fail(cell.line, 'customers', 'an empty cell (past the end of the data)', String(cell.count));
				counts.push(null);
				revenue.push(null);
				continue;
			}
			if (!cell || cell.count === null) {
				const params = { file: table.fileName, cohort: periodLabel(index, unit), line: cohort.line, period: k, last: available - 1 };
				throw new ImportError(
					`${params.file}: cohort ${params.cohort} (line ${params.line}) has no row for period ${k}; expected every period from 0 to ${params.last}.`,
					problem('aggregate.missingPeriod', params)
				);
			}
			const state = index + k === lastPeriod ? 'partial' : 'complete';
			if (cell.state !== undefined && cell.state !== state) c.fail(cell.line, 'period_state', state, cell.state);
			counts.push(cell.count);
			revenue.push(c.has('revenue') ? cell.revenue : null);
		}
		const size = cohort.size;
		const rates = counts.map((n) => (n === null ? null : n / size));
		for (const [k, cell] of cohort.cells) if (k < available && c.has('rate')) c.agrees(cell.row, 'rate', rates[k], 'customers / cohort size');
		return {
			period: index,
			label: periodLabel(index, unit),
			start: periodStart(index, unit),
			size,
			counts,
			rates,
			revenue,
			revenueRetention: revenue.map((m) => (m === null ? null : ratio(m, revenue[0] ?? 0))),
			partial: Array.from({ length: width }, (_, k) => index + k === lastPeriod)
		};
	});
	return { period: unit, mode, cohorts: result, customers: result.reduce((n, r) => n + r.size, 0), average: weightedAverage(result, width) };
}
