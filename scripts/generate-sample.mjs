#!/usr/bin/env node
/** Writes the built-in sample: static/samples/lead-lifecycle.csv (seeded; the same bytes on every run). */
import { writeFileSync } from 'node:fs';
import { generateLeadEvents, toCsv } from './lib/lead-events.mjs';

export const SAMPLE_OPTIONS = { customers: 2000, seed: 20260101, start: '2025-01-01T00:00:00Z', months: 12 };

const rows = generateLeadEvents(SAMPLE_OPTIONS);
const target = new URL('../static/samples/lead-lifecycle.csv', import.meta.url);
writeFileSync(target, toCsv(rows));
console.log(`wrote ${rows.length} events of ${SAMPLE_OPTIONS.customers} customers to ${target.pathname}`);
