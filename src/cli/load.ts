/** A file from disk through the site's import: sniffing, column detection (or the user's overrides), conversion. */
import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CLI_BUDGETS, type ImportBudgets } from '../lib/import/budgets';
import { ImportError } from '../lib/import/errors';
import { convertFile, planOf, type ImportPlan } from '../lib/import/import-file';
import { previewFile } from '../lib/import/preview';
import type { ColumnProfile } from '../lib/import/roles';
import type { ConvertedRows } from '../lib/import/convert';
import type { Role, Shape } from '../lib/base/source-types';

/** Column overrides by header name, as the column mapper would set them. */
export interface MappingOverrides {
	customer?: string;
	time?: string;
	event?: string;
	value?: string;
	shape?: Shape;
	timeZone?: string;
	/** A CSV file's delimiter (',', ';', '\t', '|', or ' ' for runs of spaces), instead of the detected one. */
	delimiter?: string;
	/** Columns read as attributes (what filters and breakdowns go by), besides those detected. */
	attributes?: string[];
}

export interface LoadedFile extends ConvertedRows {
	fileName: string;
	plan: ImportPlan;
}

export async function loadFile(path: string, overrides: MappingOverrides = {}, budgets: ImportBudgets = CLI_BUDGETS): Promise<LoadedFile> {
	const info = await stat(path).catch(() => null);
	if (!info?.isFile()) throw new ImportError(`${path}: no such file.`);
	// openAsBlob reads the file as it is streamed, not all at once.
	const file = new File([await openAsBlob(path)], basename(path), { lastModified: info.mtimeMs });
	const preview = await previewFile(file, overrides.delimiter === undefined ? {} : { delimiter: overrides.delimiter }, overrides.timeZone ?? 'UTC', budgets);
	const plan = planOf(preview);
	applyOverrides(plan, preview.profiles, overrides, file.name);
	const converted = await convertFile(file, plan, { budgets });
	return { ...converted, fileName: file.name, plan };
}

function applyOverrides(plan: ImportPlan, profiles: ColumnProfile[], overrides: MappingOverrides, fileName: string) {
	const { mapping, header } = plan;
	if (overrides.shape) mapping.shape = overrides.shape;
	if (overrides.timeZone) mapping.timeZone = overrides.timeZone;
	const roles: [Role, string | undefined][] = [
		['customer', overrides.customer],
		['timestamp', overrides.time],
		['event', overrides.event],
		['value', overrides.value]
	];
	const columnOf = (name: string, role: Role) => {
		const exact = header.indexOf(name);
		const index = exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
		if (index < 0) throw new ImportError(`${fileName}: no column named "${name}" for the ${role}; the header has ${header.map((h) => JSON.stringify(h)).join(', ')}.`);
		return index;
	};
	// Attributes are many: naming one adds it, whatever else is an attribute already.
	for (const name of overrides.attributes ?? []) mapping.columns[columnOf(name, 'attribute')].role = 'attribute';
	for (const [role, name] of roles) {
		if (name === undefined) continue;
		const index = columnOf(name, role);
		// The role moves to this column: whichever column had it is ignored now.
		mapping.columns.forEach((c) => {
			if (c.role === role) c.role = 'ignore';
		});
		const previous = mapping.columns[index];
		mapping.columns[index] = { ...previous, role };
		if (role === 'timestamp' && !previous.dateFormat) mapping.columns[index].dateFormat = profiles[index]?.dates.format ?? 'iso';
		if (role === 'value' && !previous.decimal) mapping.columns[index].decimal = '.';
	}
}
