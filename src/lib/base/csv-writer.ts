/**
 * CSV writing: the one writer for every file the project makes (exports people open in a spreadsheet, the event
 * file the SQL agreement tests load, the stored rejected rows). Pure, so the engine, the SQL compiler, the charts
 * and the command line may all use it; the streaming parser is import/csv.ts.
 */

/**
 * A text cell made safe for spreadsheets: one starting with =, +, -, @, tab or CR would run as a formula in
 * Excel or Sheets, so it gets a leading apostrophe. Numbers stay numbers.
 */
export function neutraliseFormula(cell: string | number): string | number {
	return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A CSV line for a file people open in a spreadsheet: formulas neutralised, then quoted. */
export function exportCsvLine(fields: readonly (string | number)[]): string {
	return csvLine(fields.map(neutraliseFormula));
}

/** A CSV file for people to open in a spreadsheet: a header line, then the rows (null as an empty cell). */
export function exportCsvText(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
	return [header.join(','), ...rows.map((row) => exportCsvLine(row.map((cell) => cell ?? '')))].join('\n') + '\n';
}

/** One CSV line from fields, quoting those that need it. */
export function csvLine(fields: readonly (string | number)[], delimiter = ','): string {
	return fields
		.map((field) => {
			const s = String(field);
			return s.includes(delimiter) || /["\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
		})
		.join(delimiter);
}
