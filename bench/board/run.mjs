#!/usr/bin/env node
/**
 * Whiteboard benchmark (not a test: it prints figures, never fails on a slow one).
 *
 *   npm run bench:board                         # builds dist/node first
 *   node bench/board/run.mjs --clients 40 --rate 5 --seconds 10 --observers 5 --board-strokes 10000
 *
 * The real host runs alone in a child process (dist/node/server/cli.js on 127.0.0.1, port 0),
 * so its CPU is its own. This process runs every client, so send and receive times share one
 * clock. The teacher gives everyone the pen; N students then each add a stroke (a 24-point
 * freehand stroke, as the whiteboard stores it) every 1/R s, sending each Yjs update with
 * 'surface:update' and an ack exactly like the UI's provider. Every other client records
 * receive time − send time of every stroke (the send time travels in the stroke).
 * Of the N clients, --observers (default 5) also apply every update they receive and time it.
 * Then a late joiner syncs the whole board ('surface:sync' from an empty state vector) and
 * the time until its Y.Doc holds every stroke is reported.
 * Everything binds and connects to 127.0.0.1 only; every loop is bounded in count and time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const here = import.meta.dirname;
const Y = require('yjs');
const { io } = require('socket.io-client');
const { joinClass, enterAsTeacher } = require(path.resolve(here, '../../dist/node/shared/client/index.js'));
const CLI = path.resolve(here, '../../dist/node/server/cli.js');

const { values: opts } = parseArgs({
  options: {
    clients: { type: 'string', default: '40' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    'board-strokes': { type: 'string', default: '10000' },
    observers: { type: 'string', default: '5' },
  },
});
const CLIENTS = Number(opts.clients);
const RATE = Number(opts.rate);
const SECONDS = Number(opts.seconds);
const BOARD_STROKES = Number(opts['board-strokes']);
// All clients run in this one process; if every one applied every update, this process, not
// the host, would be the bottleneck (a real class spreads that over N machines). So all N
// draw and receive, and OBSERVERS of them also apply each update to their Y.Doc and time it.
const OBSERVERS = Math.min(Number(opts.observers), CLIENTS);

function startHost() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-board-'));
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--json', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never leave the host behind, whatever happens here.
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('host did not start')), 15_000);
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ ...JSON.parse(line), child, dataDir });
      }
    });
  });
}

function connect(url, token) {
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function syncBoard(socket, doc) {
  const reply = await socket.timeout(30_000).emitWithAck('surface:sync', { surface: 'board', stateVector: Y.encodeStateVector(doc) });
  if (!reply.ok) throw new Error(`sync refused: ${reply.error.message}`);
  Y.applyUpdate(doc, new Uint8Array(reply.data.update), 'remote');
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const host = await startHost();
  const teacherToken = new URL(host.teacherUrl).searchParams.get('token');
  const t = await enterAsTeacher(host.url, teacherToken);
  const teacher = await connect(host.url, t.data.token);
  const perm = await teacher.emitWithAck('surface:permission', { surface: 'board', permission: { mode: 'everyone', participantIds: [] } });
  if (!perm.ok) throw new Error(perm.error.message);

  // Phase 1: a board of BOARD_STROKES strokes (teacher, 100 strokes per update), then a late
  // joiner loads it from scratch.
  const seed = new Y.Doc();
  for (let done = 0; done < BOARD_STROKES; done += 100) {
    let update;
    const capture = (u) => (update = u);
    seed.on('update', capture);
    seed.transact(() => {
      for (let k = done; k < Math.min(BOARD_STROKES, done + 100); k++) {
        seed.getArray('page:1').push([{ id: `seed${k}`, tool: 'pen', color: '#111827', size: 4, points: Array.from({ length: 48 }, (_, j) => (k + j) % 900), sentAt: 0 }]);
      }
    });
    seed.off('update', capture);
    const reply = await teacher.timeout(10_000).emitWithAck('surface:update', { surface: 'board', update });
    if (!reply.ok) throw new Error(`seeding refused: ${reply.error.message}`);
    // The host budgets events per socket (about 30/s); the UI's provider paces itself too.
    await new Promise((r) => setTimeout(r, 40));
  }
  {
    const late = await joinClass(host.url, { code: host.code, name: 'Late' });
    const lateSocket = await connect(host.url, late.data.token);
    const lateDoc = new Y.Doc();
    const started = performance.now();
    await syncBoard(lateSocket, lateDoc);
    const loaded = performance.now() - started;
    console.log(`late joiner: ${lateDoc.getArray('page:1').length} strokes loaded in ${loaded.toFixed(1)} ms (sync request → Y.Doc holds every stroke)`);
    lateSocket.close();
  }

  const latencies = [];
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const joined = await joinClass(host.url, { code: host.code, name: `Student ${i + 1}` });
    if (!joined.ok) throw new Error(joined.error.message);
    const socket = await connect(host.url, joined.data.token);
    const doc = new Y.Doc();
    await syncBoard(socket, doc);
    const observer = i < OBSERVERS;
    socket.on('surface_update', ({ surface, update }) => {
      if (surface !== 'board' || !observer) return;
      arrivedAt = performance.now();
      Y.applyUpdate(doc, new Uint8Array(update), 'remote');
    });
    // Concurrent strokes may land mid-array (CRDT order), so read what was inserted, not the tail.
    let arrivedAt = 0;
    doc.getArray('page:1').observe((event, tr) => {
      if (tr.origin !== 'remote' || !observer) return;
      for (const d of event.changes.delta) for (const s of d.insert ?? []) latencies.push(arrivedAt - s.sentAt);
    });
    clients.push({ socket, doc, refused: 0 });
  }
  console.log(`board bench: ${CLIENTS} clients connected; drawing ${RATE} strokes/s each for ${SECONDS} s`);

  const hostCpu = () => {
    const f = fs.readFileSync(`/proc/${host.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks (100/s) → s
  };
  const cpu0 = hostCpu();
  const ownCpu0 = process.cpuUsage();
  const deadline = performance.now() + SECONDS * 1000;
  let sent = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      await new Promise((r) => setTimeout(r, (i * 1000) / RATE / CLIENTS)); // spread the clients out
      let next = performance.now();
      while (performance.now() < deadline) {
        const points = Array.from({ length: 48 }, (_, k) => Math.round(100 + i * 10 + k * 3));
        let update;
        const capture = (u, origin) => origin !== 'remote' && (update = u);
        c.doc.on('update', capture);
        c.doc.getArray('page:1').push([{ id: `c${i}-${sent}`, tool: 'pen', color: '#111827', size: 4, points, sentAt: performance.now() }]);
        c.doc.off('update', capture);
        sent++;
        const reply = await c.socket.timeout(10_000).emitWithAck('surface:update', { surface: 'board', update });
        if (!reply.ok) c.refused++;
        next += 1000 / RATE;
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  const hostCpuPct = ((hostCpu() - cpu0) / SECONDS) * 100;
  const own = process.cpuUsage(ownCpu0);
  const ownCpuPct = ((own.user + own.system) / 1e6 / SECONDS) * 100;
  await new Promise((r) => setTimeout(r, 1000)); // let the last strokes arrive
  const refused = clients.reduce((n, c) => n + c.refused, 0);
  latencies.sort((a, b) => a - b);
  const expected = clients.slice(0, OBSERVERS).length * (sent - refused) - Math.min(OBSERVERS, CLIENTS) * 0;
  const fmt = (v) => `${v.toFixed(1)} ms`;
  console.log(`strokes sent: ${sent} (refused: ${refused}); timed deliveries at ${OBSERVERS} observers: ${latencies.length} (each observer gets every stroke but its own: ${expected - OBSERVERS * Math.round(sent / CLIENTS)} expected)`);
  console.log(`CPU while drawing: host ${hostCpuPct.toFixed(0)}% of a core, clients (this process) ${ownCpuPct.toFixed(0)}%; ${os.cpus().length} cores`);
  console.log(`stroke latency: p50 ${fmt(percentile(latencies, 50))}, p95 ${fmt(percentile(latencies, 95))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies.at(-1))}`);

  for (const c of clients) c.socket.close();
  teacher.close();
  host.child.kill('SIGINT');
  await new Promise((r) => host.child.once('exit', r));
  fs.rmSync(host.dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
