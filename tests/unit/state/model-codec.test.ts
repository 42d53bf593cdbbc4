/** Edited models in links: deflate-raw + base64url, decoded with bounds and validation, never throwing. */
import { describe, expect, it } from 'vitest';
import { copyOfTemplate, journey5, templates, type LifecycleModel } from '../../../src/lib/engine/model';
import { decodeModel, encodeModel } from '../../../src/lib/state/model-codec';
import { seededRandom } from '../../../scripts/lib/random.mjs';

const DAMAGED = 'The model in this link is damaged (it is not base64url text of a sensible length).';
const CUT_SHORT = 'The model in this link is damaged or cut short; it could not be unpacked.';
const NOT_JSON = 'The model in this link is not valid JSON.';

/** Deflate-raw and base64url any bytes, independently of the code under test. */
async function pack(content: string | Uint8Array): Promise<string> {
	const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
	const compressed = await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
	return Buffer.from(compressed).toString('base64url');
}

/** Decodes and expects a refusal with a message; a thrown error or rejected promise fails the test. */
async function refused(encoded: string): Promise<string> {
	const result = await decodeModel(encoded);
	if (result.ok) throw new Error(`expected ${encoded.slice(0, 40)} to be refused`);
	expect(typeof result.message).toBe('string');
	expect(result.message.length).toBeGreaterThan(0);
	return result.message;
}

describe('round trip', () => {
	it.each(templates.map((t) => [t.id, t] as const))('%s comes back equal', async (_, template) => {
		const encoded = await encodeModel(template);
		expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(await decodeModel(encoded)).toEqual({ ok: true, model: template });
	});

	it('an edited copy comes back equal, edits included', async () => {
		const copy: LifecycleModel = copyOfTemplate(journey5, 'my-journey');
		copy.stages[1].label = 'Signed up — ünïcødé ✓';
		copy.stages[2].enter.push({ kind: 'event', names: ['Big order'], minValue: 500, minCount: 2, where: { attribute: 'channel', in: ['web', 'app'] } });
		copy.stages.push({ id: 'gone', label: 'Gone', enter: [{ kind: 'inactivity', days: 120 }] });
		copy.status = { inactiveAfterDays: 45, lostAfterDays: 120 };
		copy.progression = 'latest';
		copy.stages[0].targets = { conversionToNext: 0.4 };
		copy.stages[2].targets = { conversionToNext: 0.25, medianDays: 14 };
		copy.targets = { activeShare: 0.6 };
		const decoded = await decodeModel(await encodeModel(copy));
		expect(decoded).toEqual({ ok: true, model: copy });
		expect(decoded.ok && decoded.model).not.toEqual(journey5);
	});

	it('decodes what an independent deflate-raw + base64url gives', async () => {
		expect(await decodeModel(await pack(JSON.stringify(journey5)))).toEqual({ ok: true, model: journey5 });
	});
});

describe('damaged text gives a message, never an exception', () => {
	it('random base64url text of many lengths', async () => {
		const random = seededRandom(42);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		for (let n = 0; n < 200; n++) {
			let text = '';
			for (let k = random.int(0, 300); k > 0; k--) text += random.pick(alphabet.split(''));
			// Never the length/alphabet message: these pass that check and fail at unpacking or later.
			expect(await refused(text)).toMatch(/^The model in this link is (damaged or cut short|not valid)/);
		}
	});

	it('the empty text', async () => {
		expect([CUT_SHORT, NOT_JSON]).toContain(await refused(''));
	});

	it('truncated text', async () => {
		const encoded = await encodeModel(journey5);
		for (const length of [1, 2, 5, Math.floor(encoded.length / 2), encoded.length - 8]) {
			expect(await refused(encoded.slice(0, length))).toBe(CUT_SHORT);
		}
	});

	it('characters that are not base64url', async () => {
		const encoded = await encodeModel(journey5);
		for (const text of [encoded.replace(/-|_/g, '+') + '+/', encoded + '=', `${encoded.slice(0, 10)} ${encoded.slice(10)}`, 'ü', '%41%42', 'a.b', '\n']) {
			expect(await refused(text)).toBe(DAMAGED);
		}
	});

	it('too long text', async () => {
		expect(await refused('A'.repeat(16_001))).toBe(DAMAGED);
		// Exactly at the bound: allowed through to unpacking, which then fails.
		expect(await refused('A'.repeat(16_000))).not.toBe(DAMAGED);
	});

	it('a small link that would unpack into more than 256 KB', async () => {
		const huge = JSON.stringify({ ...journey5, description: ' '.repeat(300_000) });
		const encoded = await pack(huge);
		// Spaces compress well: the link itself is short, so the length check does not stop it.
		expect(encoded.length).toBeLessThan(16_000);
		expect(await refused(encoded)).toBe(CUT_SHORT);
	});

	it('bytes that are not UTF-8', async () => {
		expect(await refused(await pack(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toBe(CUT_SHORT);
	});
});

describe('valid deflate of bad content', () => {
	it('invalid JSON', async () => {
		expect(await refused(await pack('{"id": "x", "name": '))).toBe(NOT_JSON);
		expect(await refused(await pack('not json at all'))).toBe(NOT_JSON);
	});

	it('JSON that fails validation names the first problems', async () => {
		const message = await refused(await pack(JSON.stringify({ id: 'x', name: '', stages: [] })));
		expect(message).toBe(
			'The model in this link is not valid: name: expected a text of 1 to 200 characters; stages: expected a list of 1 to 30 stages.'
		);
	});

	it('JSON that is no object', async () => {
		expect(await refused(await pack('[1, 2, 3]'))).toBe(
			'The model in this link is not valid: expected a lifecycle model: a JSON object with id, name, stages and progression.'
		);
		expect(await refused(await pack('null'))).toMatch(/^The model in this link is not valid: /);
	});

	it('shows at most three problems', async () => {
		const stages = [1, 2, 3, 4, 5].map(() => 'not a stage');
		const message = await refused(await pack(JSON.stringify({ id: 'x', name: 'X', stages })));
		expect(message).toBe(
			'The model in this link is not valid: stages[0]: expected a stage object; stages[1]: expected a stage object; stages[2]: expected a stage object.'
		);
	});
});
