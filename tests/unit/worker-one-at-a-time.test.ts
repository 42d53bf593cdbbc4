import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../src/lib/worker/one-at-a-time';

describe('oneAtATime', () => {
	it('runs calls in the order made, each to its end before the next starts, across functions', async () => {
		const log: string[] = [];
		let releaseLoad!: () => void;
		const load = new Promise<void>((resolve) => (releaseLoad = resolve));
		const queries = oneAtATime({
			async funnel(name: string) {
				log.push(`${name} start`);
				await load;
				log.push(`${name} end`);
				return name;
			},
			async describe() {
				log.push('describe start');
				await load;
				log.push('describe end');
				return 'describe';
			}
		});
		const answers = [queries.funnel('first'), queries.describe(), queries.funnel('second')];
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(log).toEqual(['first start']);
		releaseLoad();
		expect(await Promise.all(answers)).toEqual(['first', 'describe', 'second']);
		expect(log).toEqual(['first start', 'first end', 'describe start', 'describe end', 'second start', 'second end']);
	});

	it('passes a failure to its caller and goes on with the next call', async () => {
		const queries = oneAtATime({
			async divide(a: number, b: number) {
				if (b === 0) throw new Error('division by zero');
				return a / b;
			}
		});
		const failed = queries.divide(1, 0);
		const next = queries.divide(6, 3);
		await expect(failed).rejects.toThrow('division by zero');
		expect(await next).toBe(2);
	});
});

describe('oneAtATime with calls that go first', () => {
	it('runs a first call ahead of the calls waiting, behind the one running and the first calls asked before it', async () => {
		const log: string[] = [];
		let release!: () => void;
		const load = new Promise<void>((resolve) => (release = resolve));
		const step = (kind: string) => async (name: string) => {
			log.push(`${kind} ${name}`);
			await load;
			return name;
		};
		// As after an import: the model's recommendation computes, the key figures wait, then the funnel is asked.
		const queries = oneAtATime({ recommend: step('recommend'), keyFigures: step('keyFigures'), funnel: step('funnel'), lifecycle: step('lifecycle') }, new Set(['recommend', 'funnel']));
		const answers = [queries.recommend('model'), queries.keyFigures('figures'), queries.lifecycle('whole'), queries.funnel('bars'), queries.funnel('again')];
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(log).toEqual(['recommend model']);
		release();
		expect(await Promise.all(answers)).toEqual(['model', 'figures', 'whole', 'bars', 'again']);
		expect(log).toEqual(['recommend model', 'funnel bars', 'funnel again', 'keyFigures figures', 'lifecycle whole']);
	});

	it('lets a first call sent while another computed go ahead of the one read before it, as a worker reads its messages', async () => {
		const log: string[] = [];
		const busy = (kind: string) => async () => {
			log.push(kind);
			return kind;
		};
		const queries = oneAtATime({ recommend: busy('recommend'), keyFigures: busy('keyFigures'), funnel: busy('funnel') }, new Set(['recommend', 'funnel']));
		const answers: Promise<unknown>[] = [];
		// Both messages came while the worker computed; it reads them a task each: the key figures', then the funnel's.
		// Messages on one port, as a worker's: two timers could fire in two turns of the loop on a loaded machine, with
		// the wait for messages already received between them (a flaky failure in CI, 2026-12-02).
		await new Promise<void>((done) => {
			const { port1, port2 } = new MessageChannel();
			const asks = [queries.keyFigures, queries.funnel];
			port1.onmessage = () => {
				answers.push(asks.shift()!());
				if (asks.length > 0) return;
				port1.close();
				done();
			};
			port2.postMessage(null);
			port2.postMessage(null);
		});
		await Promise.all(answers);
		expect(log).toEqual(['funnel', 'keyFigures']);
	});
});
