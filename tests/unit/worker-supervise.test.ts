/** A dying worker rejects the calls waiting on it, and the next call gets a fresh one. */
import * as Comlink from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { supervise, type SupervisedWorker } from '../../src/lib/worker/supervise';

/** A stand-in worker: a message port served by Comlink, which the test can make "crash". */
function fakeWorker(api: object) {
	const { port1, port2 } = new MessageChannel();
	Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
	const errors = new EventTarget();
	const endpoint = {
		postMessage: (message: unknown, transfer?: Transferable[]) => port1.postMessage(message, transfer as never),
		addEventListener: (type: string, listener: EventListener) => (type === 'error' ? errors.addEventListener(type, listener) : port1.addEventListener(type as 'message', listener as never)),
		removeEventListener: (type: string, listener: EventListener) => (type === 'error' ? errors.removeEventListener(type, listener) : port1.removeEventListener(type as 'message', listener as never)),
		start: () => port1.start(),
		terminate: () => {
			port1.close();
			port2.close();
		},
		crash: () => errors.dispatchEvent(Object.assign(new Event('error'), { message: 'Out of memory' }))
	};
	return endpoint;
}

/** A supervised client of fake workers that can hang or double, and every worker it has made so far. */
function supervisedFakes(name: string) {
	const made: ReturnType<typeof fakeWorker>[] = [];
	const client = supervise<{ hang(): Promise<never>; double(n: number): number }>(() => {
		const worker = fakeWorker({ hang: () => new Promise(() => {}), double: (n: number) => 2 * n });
		made.push(worker);
		return worker as unknown as SupervisedWorker;
	}, name);
	return { made, client };
}

it('rejects a waiting call when the worker dies, and starts a new worker for the next call', async () => {
	const { made, client } = supervisedFakes('analysis worker');

	expect(await client().double(21)).toBe(42);
	const waiting = client().hang();
	made[0].crash();
	await expect(waiting).rejects.toThrow('The analysis worker stopped unexpectedly (Out of memory), perhaps out of memory. Try again; nothing stored was changed.');
	expect(await client().double(5)).toBe(10);
	expect(made).toHaveLength(2);
	made[1].terminate();
});

it('posts each argument as the copy function makes it', async () => {
	const worker = fakeWorker({ sum: (a: { n: number }, b: { n: number }) => a.n + b.n });
	const copied: unknown[] = [];
	const client = supervise<{ sum(a: { n: number }, b: { n: number }): number }>(
		() => worker as unknown as SupervisedWorker,
		'analysis worker',
		(argument) => {
			copied.push(argument);
			return { n: (argument as { n: number }).n * 10 };
		}
	);
	expect(await client().sum({ n: 1 }, { n: 2 })).toBe(30);
	expect(copied).toEqual([{ n: 1 }, { n: 2 }]);
	worker.terminate();
});

it('stop ends a worker stuck in a long task: its waiting call rejects with the reason, the next call gets a fresh worker', async () => {
	const { made, client } = supervisedFakes('import worker');
	const waiting = client().hang();
	client.stop(new Error('Import cancelled; nothing was stored.'));
	await expect(waiting).rejects.toThrow('Import cancelled; nothing was stored.');
	expect(await client().double(21)).toBe(42);
	expect(made).toHaveLength(2);
});

it('holdUntil: calls made before the hold settles reach the worker after it, in order, with their arguments as they were made', async () => {
	const received: string[] = [];
	const worker = fakeWorker({ note: (item: { name: string }) => void received.push(item.name) });
	const client = supervise<{ note(item: { name: string }): void }>(() => worker as unknown as SupervisedWorker, 'analysis worker', (argument) => ({ ...(argument as object) }));
	let release = () => {};
	client.holdUntil(new Promise<void>((resolve) => (release = resolve)));
	const item = { name: 'first' };
	const calls = [client().note(item), client().note({ name: 'second' })];
	item.name = 'changed after the call';
	// Long enough for a posted call to come back over the channel.
	await new Promise((resolve) => setTimeout(resolve, 20));
	expect(received).toEqual([]);
	release();
	await Promise.all(calls);
	expect(received).toEqual(['first', 'second']);
	// Once settled, calls go straight through; a failed hold lets them through too.
	client.holdUntil(Promise.reject(new Error('no stored chart')));
	await client().note({ name: 'third' });
	expect(received).toEqual(['first', 'second', 'third']);
	worker.terminate();
});

it('holdUntil: no worker is created while the calls are held; the first call posted after the hold creates it', async () => {
	const { made, client } = supervisedFakes('analysis worker');
	let release = () => {};
	client.holdUntil(new Promise<void>((resolve) => (release = resolve)));
	const answer = client().double(4);
	await new Promise((resolve) => setTimeout(resolve, 20));
	expect(made).toHaveLength(0);
	release();
	expect(await answer).toBe(8);
	expect(made).toHaveLength(1);
	// Not held: the worker starts with the client, before any call (its script loads meanwhile).
	client.stop(new Error('stopped'));
	client();
	expect(made).toHaveLength(2);
	made[1].terminate();
});

it('a client taken before a crash posts its next call to the fresh worker', async () => {
	const { made, client } = supervisedFakes('analysis worker');
	const kept = client();
	const waiting = kept.hang();
	made[0].crash();
	await expect(waiting).rejects.toThrow('stopped unexpectedly');
	expect(await kept.double(3)).toBe(6);
	expect(made).toHaveLength(2);
	made[1].terminate();
});
