/**
 * One localhost origin for the whole benchmark: the built site under /lens/, the bench pages under /bench/ and
 * DuckDB-WASM's worker and wasm files under /duckdb/. One origin, so the engine probe reads the IndexedDB the
 * site wrote. Cross-origin isolated (COOP/COEP), so performance.measureUserAgentSpecificMemory is available.
 */
import { createServer, type Server } from 'node:http';
import { staticHandler } from '../../scripts/serve.mjs';

const ISOLATED = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export interface BenchServer {
	origin: string;
	close(): Promise<void>;
}

export async function startBenchServer(root = process.cwd()): Promise<BenchServer> {
	const mounts = [
		staticHandler(`${root}/build`, { base: '/lens', headers: ISOLATED }),
		staticHandler(`${root}/bench/.build`, { base: '/bench', headers: ISOLATED }),
		staticHandler(`${root}/node_modules/@duckdb/duckdb-wasm/dist`, { base: '/duckdb', headers: ISOLATED })
	];
	const server: Server = createServer((request, response) => {
		if (mounts.some((handle) => handle(request, response))) return;
		response.writeHead(404, { 'content-type': 'text/plain' });
		response.end('Not found');
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the bench server has no port');
	return {
		origin: `http://127.0.0.1:${address.port}`,
		close: () => new Promise((done) => server.close(() => done()))
	};
}
