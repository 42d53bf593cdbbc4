/**
 * Property tests draw a fresh seed on every local run, to keep finding new cases; CI (.ci/run) sets FC_SEED, so that
 * a submission lands or fails on its own code, not on the draw. FC_SEED also replays any seed fast-check printed.
 */
import fc from 'fast-check';

if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });
