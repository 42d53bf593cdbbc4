/** Preview and convert text or bytes the way the import worker does, without storage. */
import { convertFile, planOf, type ImportPlan } from '../../src/lib/import/import-file';
import { previewFile } from '../../src/lib/import/preview';
import type { SourceInfo } from '../../src/lib/base/source-types';

export const fileOf = (content: string | Uint8Array, name = 'test.csv', lastModified = 1700000000000) =>
	new File([content as BlobPart], name, { lastModified });

/** Previews the file, lets `adjust` change the detected plan, and converts the whole file. */
export async function readFile(
	content: string | Uint8Array,
	name = 'test.csv',
	{ chosen = {}, adjust }: { chosen?: Partial<SourceInfo>; adjust?: (plan: ImportPlan) => void } = {}
) {
	const file = fileOf(content, name);
	const preview = await previewFile(file, chosen);
	const plan = planOf(preview);
	adjust?.(plan);
	return { preview, plan, ...(await convertFile(file, plan)) };
}
