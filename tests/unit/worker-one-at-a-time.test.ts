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
