/**
 * Child process: the real classroom host (compiled createHost) on 127.0.0.1, port 0, with a
 * fresh SQLite file in a temp dir, a silent logger and no per-socket rate limit (see below). Reports its URL, room code and teacher
 * token over IPC, then answers stats requests (see ./ipc.mjs).
 *
 * argv: [maxLifetimeMs, dataDir]  (dataDir: an empty temp dir the parent made and removes;
 * without it the child makes its own and removes it on close)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveParent } from './ipc.mjs';

const require = createRequire(import.meta.url);
const dist = path.resolve(import.meta.dirname, '../../dist/node');
let createHost, silentLogger;
try {
  ({ createHost } = require(path.join(dist, 'server/host.js')));
  ({ silentLogger } = require(path.join(dist, 'server/log.js')));
} catch (err) {
  console.error('Could not load the compiled host from dist/node. Run "npm run build:node" first (npm run bench:chat does).');
  console.error(String(err));
  process.exit(1);
}

const UNLIMITED = { ratePerSec: 1e9, burst: 1e9 };
const maxLifetimeMs = Number(process.argv[2]) || 15 * 60_000;
const ownDir = !process.argv[3];
const dataDir = process.argv[3] || fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));

const host = await createHost({
  host: '127.0.0.1',
  port: 0,
  strictPort: true,
  dataDir,
  logger: silentLogger(),
  leaveGraceMs: 50,
  // One sender stands in for a whole class typing (R msg/s in total), so the per-socket
  // event budget (chat: 5/s, burst 10 by default) is lifted. Everything else is the default.
  rateLimits: { chat: UNLIMITED, default: UNLIMITED },
});

serveParent({
  maxLifetimeMs,
  // The host does not expose its socket count; the parent reads it from GET /health.
  clients: () => undefined,
  close: async () => {
    await host.close();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

process.send({ type: 'ready', url: host.url, code: host.code, teacherToken: host.teacherToken, pid: process.pid });
