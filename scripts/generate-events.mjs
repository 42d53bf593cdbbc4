#!/usr/bin/env node
/**
 * Writes a seeded benchmark event log: `node scripts/generate-events.mjs <events> [out.csv] [--seed N]`.
 * Default output bench/.data/events-<events>.csv (git-ignored). Streams: 5M rows never sit in memory.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { benchEventLines } from './lib/bench-events.mjs';
import { benchOrderLines } from './lib/bench-orders.mjs';

/** Writes the log unless a file of that name exists already; resolves to its path. */
export async function generateEvents(events, out = `bench/.data/events-${events}.csv`, seed = 9) {
	return writeLines(benchEventLines({ events, seed }), out);
}

/** Writes an order-lines file of `lines` lines in the retail layout; resolves to its path. */
export async function generateOrders(lines, out = `bench/.data/orders-${lines}.csv`, seed = 7) {
	return writeLines(benchOrderLines({ lines, seed }), out);
}

async function writeLines(lines, out) {
	mkdirSync(dirname(out), { recursive: true });
	const stream = createWriteStream(out);
	let batch = [];
	for (const line of lines) {
		batch.push(line);
		if (batch.length === 10_000) {
			// Wait when the stream's buffer is full, so memory stays flat.
			if (!stream.write(batch.join('\n') + '\n')) await once(stream, 'drain');
			batch = [];
		}
	}
	if (batch.length) stream.write(batch.join('\n') + '\n');
	stream.end();
	await once(stream, 'finish');
	return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = process.argv.slice(2);
	const seedAt = args.indexOf('--seed');
	const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 9;
	const events = Number(args[0] ?? 100_000);
	if (!Number.isInteger(events) || events <= 0) throw new Error('usage: generate-events.mjs <events> [out.csv] [--seed N]');
	const out = await generateEvents(events, args[1], seed);
	console.log(`wrote ${events} events to ${out}`);
}
