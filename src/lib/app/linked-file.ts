/**
 * A file given for a dashboard link whose dataset this browser does not have: import it with the link's mapping
 * straight away, or show the column mapper, prefilled from the link. Pure: the page previews the file and runs
 * the import; this decides between the two.
 */
import type { Preview } from '$lib/import/preview';
import { missingRoles } from '$lib/import/roles';
import { mappingForHeader, type LinkedMapping } from '$lib/state/mapping-codec';
import type { Role } from '$lib/base/source-types';

const isDateRole = (role: Role | undefined) => role === 'timestamp' || role === 'stage-date';

export type LinkedFileStep =
	/** The link's own file, and everything needed to read it is known: import it with no question. */
	| { kind: 'import'; preview: Preview }
	/** Ask in the mapper, starting from this preview (its mapping is the link's where the file has its columns). */
	| { kind: 'ask'; preview: Preview; other: boolean };

/**
 * `sha256` is the dropped file's fingerprint, `wanted` the link's dataset reference (its first 12 hex digits; ''
 * for a link that names no dataset, which any file answers).
 * A link made before the mapping travelled (`linked` null) imports its own file as detected when detection needs
 * nothing more; a different file is always shown in the mapper, since it may be read differently.
 */
export function linkedFileStep(preview: Preview, sha256: string, wanted: string, linked: LinkedMapping | null): LinkedFileStep {
	const other = wanted !== '' && sha256.slice(0, 12) !== wanted.toLowerCase();
	const prefilled = linked ? withLinkedMapping(preview, linked) : { preview, complete: true };
	const { mapping, ambiguousDates } = prefilled.preview;
	const unsettledDates = ambiguousDates.filter((c) => isDateRole(mapping.columns[c]?.role));
	const settled = prefilled.complete && missingRoles(mapping).length === 0 && unsettledDates.length === 0;
	return !other && settled ? { kind: 'import', preview: prefilled.preview } : { kind: 'ask', preview: prefilled.preview, other };
}

/**
 * The preview with the link's mapping; `complete` when the file has every column the link maps. A date column the
 * link gives a format for is no longer ambiguous: the link says which order its days and months are in.
 */
export function withLinkedMapping(preview: Preview, linked: LinkedMapping): { preview: Preview; complete: boolean } {
	const { mapping, missing } = mappingForHeader(linked, preview.header);
	const ambiguousDates = preview.ambiguousDates.filter((c) => !(isDateRole(mapping.columns[c]?.role) && mapping.columns[c].dateFormat));
	return { preview: { ...preview, mapping, ambiguousDates }, complete: missing.length === 0 };
}
