#!/usr/bin/env node
// Serves dist/ on 127.0.0.1 (port from PORT, default 4173, else a free port) and prints the URL.
// Node's http module only; no dependencies. TRACELENS_DIST serves another folder;
// TRACELENS_SERVE_ONCE=1 stops after the first answered request (tests of the start path).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(
  process.env.TRACELENS_DIST || resolve(fileURLToPath(new URL('..', import.meta.url)), 'dist'),
);
const ONCE = process.env.TRACELENS_SERVE_ONCE === '1';
const HOST = '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

if (!existsSync(join(ROOT, 'index.html'))) {
  console.error(`dist/index.html not found in ${ROOT}: run "npm run build" first.`);
  process.exit(1);
}

const server = createServer((req, res) => {
  if (ONCE) {
    res.once('finish', () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', `http://${HOST}`).pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let file = normalize(join(ROOT, path));
  if (file !== ROOT && !file.startsWith(ROOT + sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});

function listen(port, fallback) {
  server.once('error', (err) => {
    if (fallback && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
      console.error(`Port ${port} is busy; using a free port instead.`);
      server.removeAllListeners('listening');
      listen(0, false);
    } else {
      console.error(`Cannot listen on ${HOST}:${port}: ${err.message}`);
      process.exit(1);
    }
  });
  server.listen(port, HOST, () => {
    const actual = server.address().port;
    console.log(`TraceLens is running at http://${HOST}:${actual}/ — open it and click "Load demo case"`);
    console.log('Press Ctrl+C to stop.');
  });
}

const requested = Number.parseInt(process.env.PORT ?? '', 10);
listen(Number.isFinite(requested) && requested >= 0 ? requested : 4173, true);

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
