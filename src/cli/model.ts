/** --model: a template id or a model JSON file (validated as the site validates an imported model). */
import { readFile } from 'node:fs/promises';
import { templateById, templates, type LifecycleModel } from '../lib/engine/model';
import { validateModel } from '../lib/engine/validate-model';

export class UsageError extends Error {}

export async function resolveModel(arg: string): Promise<LifecycleModel> {
	const template = templateById(arg);
	if (template) return template;
	if (!/\.json$/i.test(arg)) throw new UsageError(`--model ${arg}: expected ${templates.map((t) => t.id).join(', ')} or a model .json file.`);
	const text = await readFile(arg, 'utf8').catch(() => {
		throw new UsageError(`--model ${arg}: no such file.`);
	});
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`${arg}: not valid JSON (${(error as Error).message}).`);
	}
	const checked = validateModel(json);
	if (!checked.ok) throw new UsageError(`${arg}: not a valid lifecycle model:\n  ${checked.errors.join('\n  ')}`);
	return checked.model;
}
