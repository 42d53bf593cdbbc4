/**
 * `npm run bench:profile -- <events> [runs] [--orders]`: one import of the bench log (with `--orders`, of the order-lines
 * file of as many lines, `bench/.data/orders-<lines>.csv`) through the built site (`npm run bench`'s
 * build) (or, with PROFILE=reload, recompute or present, the dashboard opened again, recomputing or presenting after
 * it: see `mode`),
 * traced in Chromium with the V8 sampling profiler on every thread (the page and both workers), from the
 * Import click to the first funnel bar and on to the stage table drawn below it. Prints, per thread, where the samples fell (self time by function and by
 * source file), and for each main-thread task over 50 ms its time on the thread and the functions inside it. Writes the raw trace to
 * `bench/.data/import-trace-<events|orders>-<size>-<run>.json`; `npm run bench:profile -- <trace.json>` reports a written trace again (open it in Chromium's Performance panel).
 * A profile, not a figure: the sampler slows what it watches, so compare shares, and time with `npm run bench`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ENGINE_CHART, isolatedContext, launchBrowser, OBSERVE_PAGE } from './lib/browser';
import { recompute, reloadToFirstChart } from './lib/lens';
import { startBenchServer } from './lib/server';
import type { TraceEvent } from '../tests/e2e/browser';
import type { Page } from 'playwright-core';

const orders = process.argv.includes('--orders');
const [sizeArg, runsArg] = process.argv.slice(2).filter((a) => a !== '--orders');
const events = Number(sizeArg ?? 1_000_000);
const runs = Number(runsArg ?? 1);
const kind = orders ? 'orders' : 'events';
const file = `bench/.data/${kind}-${events}.csv`;

interface ProfiledEvent extends TraceEvent {
	id?: string;
	args?: { name?: string; data?: Record<string, unknown> };
}
interface ProfileNode {
	id: number;
	parent?: number;
	callFrame: { functionName: string; url?: string; lineNumber: number };
}
interface Sample {
	ts: number;
	node: ProfileNode;
	stack: ProfileNode[];
}

/** PROFILE_SAMPLER=0 leaves the sampler off: no call trees, but each task's time on the thread without its cost. */
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', ...(process.env.PROFILE_SAMPLER === '0' ? [] : ['disabled-by-default-v8.cpu_profiler'])];

/** Every sample of every thread, with its stack, from the trace's Profile and ProfileChunk events. */
function samplesByThread(trace: ProfiledEvent[]): Map<string, Sample[]> {
	const names = new Map<string, string>();
	for (const e of trace) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, `${e.args?.name} (${e.pid}:${e.tid})`);
	const profiles = new Map<string, { thread: string; time: number; nodes: Map<number, ProfileNode>; samples: [number, number][] }>();
	for (const e of trace) {
		if (e.name === 'Profile') {
			const thread = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
			profiles.set(`${e.pid}:${e.id}`, { thread, time: (e.args!.data!.startTime as number) ?? e.ts, nodes: new Map(), samples: [] });
		} else if (e.name === 'ProfileChunk') {
			const profile = profiles.get(`${e.pid}:${e.id}`);
			if (!profile) continue;
			const data = e.args!.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
			for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
			const deltas = data.timeDeltas ?? [];
			(data.cpuProfile?.samples ?? []).forEach((id, i) => profile.samples.push([(profile.time += deltas[i] ?? 0), id]));
		}
	}
	const byThread = new Map<string, Sample[]>();
	for (const profile of profiles.values()) {
		const list = byThread.get(profile.thread) ?? [];
		for (const [ts, id] of profile.samples) {
			const node = profile.nodes.get(id);
			if (!node) continue;
			const stack: ProfileNode[] = [];
			for (let n: ProfileNode | undefined = node; n; n = n.parent === undefined ? undefined : profile.nodes.get(n.parent)) stack.push(n);
			list.push({ ts, node, stack });
		}
		byThread.set(profile.thread, list);
	}
	return byThread;
}

const fileOf = (url = '') => url.replace(/^.*\//, '').replace(/[?#].*$/, '') || '(native)';
const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${fileOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

function top(counts: Map<string, number>, total: number, limit: number): string[] {
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.slice(0, limit)
		.map(([name, n]) => `  ${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
}

function report(samples: Sample[], limit: number, inclusive = false): string[] {
	const self = new Map<string, number>();
	const byFile = new Map<string, number>();
	const total = new Map<string, number>();
	const idle = samples.filter((s) => s.node.callFrame.functionName === '(idle)' || s.node.callFrame.functionName === '(program)').length;
	for (const s of samples) {
		self.set(nameOf(s.node), (self.get(nameOf(s.node)) ?? 0) + 1);
		byFile.set(fileOf(s.node.callFrame.url), (byFile.get(fileOf(s.node.callFrame.url)) ?? 0) + 1);
		if (inclusive) for (const name of new Set(s.stack.map(nameOf))) total.set(name, (total.get(name) ?? 0) + 1);
	}
	return [
		`  ${samples.length} samples, ${idle} idle or program`,
		'  self, by function:',
		...top(self, samples.length, limit),
		'  self, by file:',
		...top(byFile, samples.length, 8),
		...(inclusive ? ['  total (self and callees), by function:', ...top(total, samples.length, limit)] : [])
	];
}

/**
 * The main thread's tasks in one line each figure: how many, their thread CPU, how many ran over 50 ms by the clock and
 * on the thread (`tdur`, which the machine's load stretches far less), and the longest on the thread. Tasks in the
 * trace's first 100 ms are left out: the first is the profiler starting, or Playwright's click.
 */
function taskSummary(tasks: ProfiledEvent[], start: number): string[] {
	const ms = (us = 0) => us / 1000;
	const cpu = (task: ProfiledEvent) => ms(task.tdur ?? task.dur);
	const longest = [...tasks].sort((a, b) => cpu(b) - cpu(a)).slice(0, 6);
	return [
		`main-thread tasks: ${tasks.length}, thread CPU ${tasks.reduce((sum, task) => sum + cpu(task), 0).toFixed(0)} ms; ` +
			`over 50 ms by the clock ${tasks.filter((task) => ms(task.dur) > 50).length}, on the thread ${tasks.filter((task) => cpu(task) > 50).length}`,
		`  longest on the thread (ms, at): ${longest.map((task) => `${cpu(task).toFixed(1)} (${ms(task.dur).toFixed(1)} by the clock) +${ms(task.ts - start).toFixed(0)}`).join('; ')}`
	];
}

/** The functions most sampled in a task, callees included (outermost frames left out), as one line. */
function topFiles(samples: Sample[]): string {
	const counts = new Map<string, number>();
	for (const sample of samples) for (const frame of new Set(sample.stack.slice(0, -3).map(nameOf))) counts.set(frame, (counts.get(frame) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, n]) => `${name} ${Math.round((100 * n) / Math.max(1, samples.length))}%`).join(', ');
}

/** What a main-thread task ran, named by the first trace event inside it that says (a script, a timer, a message...). */
const TASK_KINDS = new Set(['EvaluateScript', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'ParseHTML', 'EventDispatch', 'HandlePostMessage', 'RunMicrotasks', 'ResourceReceivedData', 'ResourceFinish', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Commit', 'v8.compile', 'GCEvent', 'MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR']);

/**
 * A reload's page before its first funnel bar (OBSERVE_PAGE marks it with console.timeStamp 'first-bar'): the main
 * thread's tasks and thread CPU from the trace's start to the bar, grouped by what each task ran (its first named
 * event; a script or function call by its file), the groups with the most thread CPU first.
 */
function beforeFirstBar(trace: ProfiledEvent[], mainThread: string | undefined, start: number, samples_?: Sample[]): string[] {
	const marks = (message: string) => trace.filter((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === message);
	const bar = marks('first-bar')[0];
	if (!bar || !mainThread) return ['before the first bar: no first-bar mark in the trace'];
	// The dashboard's document, not the blank page before it nor the page closed before the trace.
	const pageStart = Math.max(start, ...marks('page-start').filter((e) => e.ts < bar.ts).map((e) => e.ts));
	const onThread = trace.filter((e) => `${e.pid}:${e.tid}` === mainThread && e.ts >= pageStart && e.ts <= bar.ts).sort((a, b) => a.ts - b.ts);
	const tasks = onThread.filter((e) => e.name === 'RunTask' && e.ph === 'X');
	const groups = new Map<string, { tasks: number; cpu: number }>();
	const named: { kind: string; task: ProfiledEvent }[] = [];
	let i = 0;
	for (const task of tasks) {
		const end = task.ts + (task.dur ?? 0);
		while (i < onThread.length && onThread[i].ts < task.ts) i++;
		let kind = '(nothing named)';
		for (let j = i; j < onThread.length && onThread[j].ts <= end; j++) {
			const e = onThread[j];
			if (!TASK_KINDS.has(e.name)) continue;
			const data = (e.args?.data ?? {}) as { url?: string; functionName?: string; type?: string; fileName?: string };
			const where = fileOf(data.url ?? data.fileName ?? '');
			kind = `${e.name}${data.type ? ` ${data.type}` : ''}${where !== '(native)' ? ` ${where}` : ''}${data.functionName ? ` ${data.functionName}` : ''}`;
			break;
		}
		named.push({ kind, task });
		const group = groups.get(kind) ?? { tasks: 0, cpu: 0 };
		group.tasks++;
		group.cpu += (task.tdur ?? task.dur ?? 0) / 1000;
		groups.set(kind, group);
	}
	const cpu = tasks.reduce((sum, task) => sum + (task.tdur ?? task.dur ?? 0) / 1000, 0);
	const samples = samples_ ?? [];
	const inside = (task: ProfiledEvent) => samples.filter((s) => s.ts >= task.ts && s.ts <= task.ts + (task.dur ?? 0));
	return [
		`before the first bar (page start +${((pageStart - start) / 1000).toFixed(0)} ms -> bar +${((bar.ts - start) / 1000).toFixed(0)} ms): ${tasks.length} main-thread tasks, thread CPU ${cpu.toFixed(0)} ms; by what they ran (thread CPU ms, tasks):`,
		...[...groups]
			.sort((a, b) => b[1].cpu - a[1].cpu)
			.slice(0, Number(process.env.PROFILE_TOP ?? 15))
			.map(([kind, g]) => `  ${g.cpu.toFixed(1).padStart(7)} ${String(g.tasks).padStart(5)}  ${kind}`),
		'  tasks over 5 ms on the thread, in order (ms on the thread, at, what; the files most sampled inside, with callees):',
		...named
			.filter(({ task }) => (task.tdur ?? 0) > 5000)
			.map(({ kind, task }) => `  ${((task.tdur ?? 0) / 1000).toFixed(1).padStart(7)} +${((task.ts - start) / 1000).toFixed(0)}  ${kind}: ${topFiles(inside(task))}`)
	];
}

/**
 * Each thread's tasks in the trace: how many, their time on the thread (tdur, which the machine's load stretches
 * less than wall time), and when its first and last task began, in ms from the trace's first event. Shows when a
 * worker started and which thread the trace's wall time waited on.
 */
function threadTimes(trace: ProfiledEvent[]): string[] {
	const names = new Map<string, string>();
	for (const e of trace) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, `${e.args?.name} (${e.pid}:${e.tid})`);
	const start = Math.min(...trace.filter((e) => e.ts > 0).map((e) => e.ts));
	const end = Math.max(...trace.map((e) => e.ts + (e.dur ?? 0)));
	const byThread = new Map<string, { tasks: number; cpu: number; first: number; last: number }>();
	for (const e of trace) {
		if (e.name !== 'RunTask' || e.ph !== 'X') continue;
		const thread = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
		const t = byThread.get(thread) ?? { tasks: 0, cpu: 0, first: e.ts, last: e.ts };
		t.tasks++;
		t.cpu += e.tdur ?? 0;
		t.first = Math.min(t.first, e.ts);
		t.last = Math.max(t.last, e.ts + (e.dur ?? 0));
		byThread.set(thread, t);
	}
	const ms = (us: number) => (us / 1000).toFixed(0);
	return [
		`threads (trace ${ms(end - start)} ms): tasks, time on the thread, first task began .. last ended (ms from the trace's start)`,
		...[...byThread]
			.filter(([, t]) => t.cpu > 5000)
			.sort((a, b) => b[1].cpu - a[1].cpu)
			.map(([name, t]) => `  ${name}: ${t.tasks} tasks, ${ms(t.cpu)} ms, ${ms(t.first - start)} .. ${ms(t.last - start)}`)
	];
}

/**
 * The tasks in which the sampler started on the main thread: V8 logs every function compiled so far from an interrupt
 * (`V8.InvokeApiInterruptCallbacks`) in the first task that runs script after tracing began, which makes it a task of
 * 0.2-1 s that is the profiler's, not the page's (bench/README, "Long tasks: recompute and present at 1M and 10M").
 */
function samplerStarts(trace: ProfiledEvent[], tasks: ProfiledEvent[]): Set<ProfiledEvent> {
	const interrupts = trace.filter((e) => e.name === 'V8.InvokeApiInterruptCallbacks' && e.ph === 'X');
	return new Set(
		tasks.filter((task) => {
			const inside = interrupts.filter((e) => e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts <= task.ts + (task.dur ?? 0));
			return inside.reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0) > 0.5 * (task.tdur ?? task.dur ?? 0);
		})
	);
}

/** The report of one trace: each thread's tasks and samples, then each main-thread task over 50 ms. */
function analyse(trace: ProfiledEvent[]): string[] {
	const lines: string[] = threadTimes(trace);
	const threads = samplesByThread(trace);
	for (const [thread, samples] of threads) {
		if (samples.length < 20) continue;
		lines.push(`${thread}:`, ...report(samples, 25, true));
	}
	// The traced page's main thread: of the renderers' main threads (a reload opens a new tab, often a new process), the busiest.
	// The page's renderer is the one running the engine worker (a new tab's own start page may be busier).
	const busy = new Map<string, number>();
	for (const e of trace) if (e.name === 'RunTask') busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.tdur ?? 0));
	const withWorker = new Set(trace.filter((e) => e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map((e) => e.pid));
	const mainThread = trace
		.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
		.map((e) => ({ id: `${e.pid}:${e.tid}`, page: withWorker.has(e.pid) }))
		.sort((a, b) => Number(b.page) - Number(a.page) || (busy.get(b.id) ?? 0) - (busy.get(a.id) ?? 0))[0]?.id;
	const main = threads.get(`CrRendererMain (${mainThread})`);
	const onMain = (e: ProfiledEvent) => e.name === 'RunTask' && `${e.pid}:${e.tid}` === mainThread;
	const start = Math.min(...trace.filter((e) => e.ts > 0).map((e) => e.ts));
	const sampler = samplerStarts(trace, trace.filter(onMain));
	const pageTasks = trace.filter((e) => onMain(e) && e.ts - start >= 100_000 && !sampler.has(e));
	lines.push(...taskSummary(pageTasks, start));
	lines.push(...beforeFirstBar(trace, mainThread, start, main));
	for (const task of sampler) lines.push(`  left out: the sampler's start, ${((task.tdur ?? 0) / 1000).toFixed(1)} ms on the thread (${(task.dur! / 1000).toFixed(1)} by the clock) at +${((task.ts - start) / 1000).toFixed(0)} ms`);
	const tasks = trace.filter((e) => onMain(e) && (e.dur ?? 0) > 50_000 && !sampler.has(e));
	for (const task of tasks) {
		const inside = (main ?? []).filter((s) => s.ts >= task.ts && s.ts <= task.ts + task.dur!);
		// tdur: the thread's own time in the task, which the machine's load does not stretch.
		const cpu = task.tdur === undefined ? '' : ` (${(task.tdur / 1000).toFixed(1)} ms on the thread)`;
		lines.push(`main-thread task of ${(task.dur! / 1000).toFixed(1)} ms${cpu} at +${((task.ts - start) / 1000).toFixed(0)} ms:`, ...report(inside, Number(process.env.PROFILE_TOP ?? 15), true));
	}
	return lines;
}

if (sizeArg?.endsWith('.json')) {
	// A trace written before: report it again.
	console.log(analyse((JSON.parse(readFileSync(sizeArg, 'utf8')) as { traceEvents: ProfiledEvent[] }).traceEvents).join('\n'));
	process.exit(0);
}

/**
 * The dashboard's Present button, then every slide in turn (the funnel's steps one at a time, as a presenter steps),
 * each given a moment to draw, to the last slide. Resolves to the time it took.
 */
async function presentEverySlide(page: Page): Promise<number> {
	const started = Date.now();
	await page.getByTestId('present').click();
	await page.getByTestId('deck').waitFor();
	const slideNumber = () => page.locator('section.slide.current [data-testid=slide-number]').textContent();
	await page.locator('section.slide.current [data-testid=slide-number]').waitFor();
	for (let presses = 0; presses < 100; presses++) {
		const [at, total] = (await slideNumber())!.split('/').map((n) => Number(n.trim()));
		if (at === total) break;
		await page.keyboard.press('ArrowRight');
		await page.waitForTimeout(150);
	}
	// Let the last slide settle before the trace stops.
	await page.waitForTimeout(300);
	return Date.now() - started;
}

/**
 * What is traced (PROFILE=…): `import` (the default), the Import click to the stage table; `preview`, the file chosen
 * to the mapper's Import button (bench/lib/lens.ts's previewMs) and on until the mapper is drawn and a second after
 * (the work it starts: the hash, the zone list), then on to the stage table untraced; `reload`, a new tab opening
 * the imported dataset's dashboard link, to its stage table; `recompute`, on that dashboard, the bench's filter change
 * and the three views opened under it (bench/lib/lens.ts); `present`, on that dashboard, the slides opened and
 * stepped through to the last.
 */
const mode = process.env.PROFILE ?? 'import';
const server = await startBenchServer();
const browser = await launchBrowser();
try {
	for (let run = 0; run < runs; run++) {
		const context = await isolatedContext(browser, []);
		await context.addInitScript(OBSERVE_PAGE);
		const page = await context.newPage();
		// A loaded machine starts the page slowly: what is profiled is the import, not this wait.
		page.setDefaultTimeout(180_000);
		await page.goto(`${server.origin}/lens/`);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		if (mode === 'preview') await browser.startTracing(page, { categories: CATEGORIES });
		const chosen = Date.now();
		await page.getByTestId('file-input').setInputFiles(file);
		await page.getByTestId('import-button').waitFor();
		const previewMs = Date.now() - chosen;
		if (mode === 'preview') {
			// The mapper draws its parts in the tasks after the Import button's, and the file's hash (the import worker) and
			// the time-zone list start once it is drawn (aria-busy false; an older build has no aria-busy): traced too,
			// with a second after them, as a user who reads the mapper before clicking Import would see.
			await page.waitForFunction(() => document.querySelector('[data-testid=mapper]')?.getAttribute('aria-busy') !== 'true');
			await page.waitForTimeout(1000);
		}
		const previewTrace = mode === 'preview' ? await browser.stopTracing() : null;
		if (mode === 'import') await browser.startTracing(page, { categories: CATEGORIES });
		const clicked = Date.now();
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-bar').first().waitFor({ timeout: 600_000 });
		let ms = mode === 'preview' ? previewMs : Date.now() - clicked;
		// The funnel view draws what lies below the funnel in the tasks after it: traced too, up to the stage table.
		await page.getByTestId('stage-table').waitFor();
		let traced = page;
		if (mode !== 'import') {
			const dashboard = page.url();
			await page.close();
			// PROFILE_REOPENED=n: the link opened n times untraced first, as on a later visit.
			await reloadToFirstChart(context, dashboard, Number(process.env.PROFILE_REOPENED ?? 0));
			traced = await context.newPage();
			traced.setDefaultTimeout(180_000);
			if (mode === 'reload') await browser.startTracing(traced, { categories: CATEGORIES });
			const started = Date.now();
			// Not a locator: its first use injects Playwright's script into the page, inside the reload traced.
			const engineChart = traced.waitForEvent('console', { predicate: (message) => message.text() === ENGINE_CHART });
			await traced.goto(dashboard);
			await engineChart;
			ms = Date.now() - started;
			await traced.getByTestId('stage-table').waitFor();
			if (mode === 'recompute') {
				await browser.startTracing(traced, { categories: CATEGORIES });
				ms = (await recompute(traced, { attribute: 'channel', value: 'paid search' })).ms;
			}
			if (mode === 'present') {
				await browser.startTracing(traced, { categories: CATEGORIES });
				ms = await presentEverySlide(traced);
			}
		}
		const buffer = previewTrace ?? (await browser.stopTracing());
		writeFileSync(`bench/.data/${mode}-trace-${kind}-${events}-${run + 1}.json`, buffer);
		const trace = (JSON.parse(buffer.toString()) as { traceEvents: ProfiledEvent[] }).traceEvents;
		const what = {
			import: 'Import clicked to first funnel bar',
			preview: 'file chosen to the mapper shown',
			reload: 'dashboard link opened to the engine\'s funnel (a stored one drawn before it)',
			recompute: 'filter set and three views opened',
			present: 'slides opened and stepped through to the last'
		}[mode];
		console.log([`run ${run + 1}: ${what} in ${ms} ms (traced and sampled: slower than untraced)`, ...analyse(trace)].join('\n'));
		await traced.close();
		await context.close();
	}
} finally {
	await browser.close();
	await server.close();
}
// Bundled, scripts/serve.mjs takes itself for the command run and starts its own server, which would keep Node alive.
process.exit(0);
