#!/usr/bin/env node
/**
 * A plain static file server for the built site: `node scripts/serve.mjs [dir] [port] [--base /sub/path]`.
 * Serving under a sub-path shows that the build's relative paths work anywhere.
 */
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.csv': 'text/csv; charset=utf-8',
	'.png': 'image/png',
	'.webmanifest': 'application/manifest+json',
	'.wasm': 'application/wasm'
};

/** Starts serving `dir` under `base`; resolves to the server once it listens. */
export function serveStatic(dir, { port = 4173, host = '127.0.0.1', base = '', cors = false, headers = {} } = {}) {
	const handle = staticHandler(dir, { base, cors, headers });
	const server = createServer((request, response) => {
		if (!handle(request, response)) send(response, 404, 'Not found');
	});
	return new Promise((done) => server.listen(port, host, () => done(server)));
}

/**
 * A request handler for `dir` under `base`: answers and returns true for paths under `base`, else returns false,
 * so one server can mount several folders (the benchmark does). `headers` go on every file served.
 */
export function staticHandler(dir, { base = '', cors = false, headers = {} } = {}) {
	const root = resolve(dir);
	return (request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		let path = decodeURIComponent(url.pathname);
		if (!path.startsWith(base + '/')) return false;
		path = normalize(path.slice(base.length));
		let file = join(root, path);
		if (!file.startsWith(root)) {
			send(response, 403, 'Forbidden');
			return true;
		}
		try {
			if (statSync(file).isDirectory()) {
				if (!url.pathname.endsWith('/')) {
					response.writeHead(301, { location: url.pathname + '/' + url.search });
					response.end();
					return true;
				}
				file = join(file, 'index.html');
			}
			statSync(file);
		} catch {
			send(response, 404, 'Not found');
			return true;
		}
		response.writeHead(200, {
			...headers,
			'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
			// Hashed build files never change (as a static host serves them); the rest is checked on every visit.
			'cache-control': path.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
			// For tests of loading public files from another origin (?src=).
			...(cors ? { 'access-control-allow-origin': '*' } : {})
		});
		createReadStream(file).pipe(response);
		return true;
	};
}

function send(response, status, text) {
	response.writeHead(status, { 'content-type': 'text/plain' });
	response.end(text);
}

// Run as a command, not bundled into another script (bench:profile), which would take its arguments for a port.
if (import.meta.url === `file://${process.argv[1]}` && process.argv[1].endsWith('/serve.mjs')) {
	const args = process.argv.slice(2);
	const baseIndex = args.indexOf('--base');
	const base = baseIndex >= 0 ? args.splice(baseIndex, 2)[1].replace(/\/$/, '') : '';
	const [dir = 'build', port = '4173'] = args;
	const server = await serveStatic(dir, { port: Number(port), base });
	const address = server.address();
	console.log(`Lifecycle Lens is served at http://${address.address}:${address.port}${base}/`);
}
