#!/usr/bin/env node
/**
 * Chat fan-out benchmark (not a test: it never fails on a slow figure).
 *
 *   npm run bench:chat                      # builds dist/node first
 *   node bench/chat/run.mjs --students 200 --rate 100 --seconds 10 --rss-students 1000
 *
 * Processes: this one runs every client (N students + the sender, so send and receive times
 * come from one clock); each server under test runs alone in a child process, so its CPU and
 * RSS are its own:
 *   - bench/chat/host-server.mjs: the real classroom host (createHost from dist/node);
 *   - bench/chat/ws-server.mjs:   a minimal plain-`ws` broadcast server (the baseline).
 *
 * Phases:
 *   1. Chat fan-out. Both servers start (host, then baseline); on each, the sender and N
 *      students connect and the server's RSS per student is read. Host students join by
 *      POST /api/join (joinClass) and connect with socket.io-client (websocket transport);
 *      the sender is the teacher (enterAsTeacher), emitting 'chat:send' with an ack.
 *      After a warm-up, each server gets K measured windows of T s at R msg/s, alternating
 *      host/ws so that drift in the machine's load hits both alike. Every student records
 *      receive time − send time (the send time is embedded in the message text).
 *   2. RSS per connected student at --rss-students, on fresh server children, X times each.
 *      The host's students are spread over classes of --rss-room-size (a class holds at
 *      most 500, and filling one big class is dominated by the participant-list broadcasts).
 * Server CPU is process.cpuUsage() of the server child over each window; "other load" is
 * the machine's busy time (/proc/stat) minus this process and the server children. Windows
 * with other load are set aside and redone: on a shared machine they measure the neighbours.
 * Everything binds and connects to 127.0.0.1 only. Every loop is bounded in count and time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { startChild } from './ipc.mjs';

const require = createRequire(import.meta.url);
const here = import.meta.dirname;
const DIST_CLIENT = path.resolve(here, '../../dist/node/shared/client/index.js');

// ---------------------------------------------------------------- options

const USAGE = `Usage: node bench/chat/run.mjs [options]   (or: npm run bench:chat -- [options])
  --students N        students in the chat fan-out phases, one class (default 200; ≤ 500)
  --rate R            messages per second from the sender            (default 100)
  --seconds T         measured sending time                          (default 10)
  --repeat K          measured windows per server, alternating       (default 3)
  --warmup W          unmeasured sending per server first, seconds   (default 2)
  --rss-students M    students in the RSS-per-student phase; 0 skips (default 1000)
  --rss-room-size K   host RSS phase: students per class; 0 = all M in one class (default 50)
  --rss-repeat X      RSS phase runs per server (fresh server each); median reported (default 3)
  --text-bytes B      chat text length                               (default 100)
  --concurrency C     parallel joins/connects                        (default 50)
  --ws-send MODE      baseline re-sends the 'string' or the received 'buffer' (default string)
  --skip-ws           skip the plain-ws baseline phases
  --other-load-limit P  a window during which other processes used more than P% of a core
                      is set aside and redone                              (default 15)
  --max-redo X        at most X redone windows per run                     (default 2 × K)
  --profile-host DIR  write a V8 CPU profile of the host child (chat phase) into DIR
  --heap-snapshots DIR  heap snapshots of each server without/with students (first RSS run);
                      compare them with bench/chat/heap-diff.mjs
  --quiet-wait S      before each window, wait for the machine to be quiet; at most S s
                      in total per run; 0 = never wait                      (default 300)
  --pin               pin the server child to CPU 0 and this process to CPU 1 (Linux, taskset)
  --timeline          print per-second latency of the measured run (slowest/fastest receiver)
  -h, --help`;

let args;
try {
  args = parseArgs({
    options: {
      students: { type: 'string', default: '200' },
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      repeat: { type: 'string', default: '3' },
      'rss-students': { type: 'string', default: '1000' },
      'rss-room-size': { type: 'string', default: '50' },
      'rss-repeat': { type: 'string', default: '3' },
      'max-redo': { type: 'string' },
      'text-bytes': { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '50' },
      'ws-send': { type: 'string', default: 'string' },
      'skip-ws': { type: 'boolean', default: false },
      'quiet-wait': { type: 'string', default: '300' },
      'profile-host': { type: 'string' },
      'heap-snapshots': { type: 'string' },
      'other-load-limit': { type: 'string', default: '15' },
      timeline: { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(String(err.message ?? err));
  console.error(USAGE);
  process.exit(64);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function intArg(name, min, max) {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer from ${min} to ${max} (got ${args[name]})`);
    process.exit(64);
  }
  return v;
}
const N = intArg('students', 1, 20_000);
const R = intArg('rate', 1, 5_000);
const T = intArg('seconds', 1, 600);
const W = intArg('warmup', 0, 60);
const REPEAT = intArg('repeat', 1, 20);
const QUIET_WAIT_S = intArg('quiet-wait', 0, 3600);
const OTHER_LOAD_LIMIT = intArg('other-load-limit', 1, 200);
const MAX_REDO = args['max-redo'] === undefined ? 2 * REPEAT : intArg('max-redo', 0, 100);
const RSS_REPEAT = intArg('rss-repeat', 1, 10);
const PROFILE_DIR = args['profile-host'] ? path.resolve(args['profile-host']) : undefined;
const SNAPSHOT_DIR = args['heap-snapshots'] ? path.resolve(args['heap-snapshots']) : undefined;
const RSS_N = intArg('rss-students', 0, 20_000);
const RSS_ROOM = intArg('rss-room-size', 0, 20_000);
const TEXT_BYTES = intArg('text-bytes', 40, 2000);
const CONCURRENCY = intArg('concurrency', 1, 500);
const WS_SEND = args['ws-send'] === 'buffer' ? 'buffer' : 'string';
if (!['string', 'buffer'].includes(args['ws-send'])) {
  console.error(`--ws-send must be 'string' or 'buffer'`);
  process.exit(64);
}
const SKIP_WS = args['skip-ws'];
const TIMELINE = args.timeline;
const PIN = args.pin;

/** Pins a process to one CPU with taskset (Linux); returns false if that is not possible. */
function pinTo(pid, cpu) {
  try {
    execFileSync('taskset', ['-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Node's HTTP server drops idle keep-alive sockets after 5 s: wait that out before RSS reads. */
const HTTP_IDLE_MS = 5_500;
const CONNECT_TIMEOUT_MS = 20_000;
const QUIET_MS = 500;
const QUIET_MAX_MS = 120_000;
const DRAIN_TIMEOUT_MS = 10_000;
/** After this many failed connections a phase stops trying (EMFILE and friends). */
const MAX_CONNECT_ERRORS = 20;

// Whole-run time limit: generous, but the bench always stops by itself.
const RUN_LIMIT_MS = 10 * 60_000 + QUIET_WAIT_S * 1000 + 2 * ((REPEAT + MAX_REDO) * T + W) * 1000 * 1.5;
const CHILD_LIFETIME_MS = RUN_LIMIT_MS + 30_000;

// ---------------------------------------------------------------- process hygiene

const children = new Set();
const tempDirs = new Set();
function removeTempDirs() {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}
function killChildren() {
  for (const c of children) c.kill();
  // A killed host cannot clean up after itself; its SQLite files are ours to remove.
  setTimeout(removeTempDirs, 200).unref?.();
  removeTempDirs();
}
const watchdog = setTimeout(() => {
  console.error(`\nbench: run time limit (${Math.round(RUN_LIMIT_MS / 1000)} s) reached; stopping.`);
  killChildren();
  process.exit(2);
}, RUN_LIMIT_MS);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killChildren();
    process.exit(130);
  });
}

async function spawnServer(script, argv = [], execArgv = []) {
  const child = await startChild(path.join(here, script), [String(CHILD_LIFETIME_MS), ...argv], { execArgv });
  children.add(child);
  if (PIN) pinTo(child.pid, 0);
  return {
    ...child,
    close: async () => {
      await child.close();
      children.delete(child);
    },
  };
}

// ---------------------------------------------------------------- small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => performance.now();
/** Wall-clock-based ms with µs resolution; what the sender embeds in each message. */
const stamp = () => performance.timeOrigin + performance.now();

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function openFileLimit() {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.trim().split(/\s+/)[3];
    return soft === 'unlimited' ? Infinity : Number(soft) || undefined;
  } catch {
    return undefined; // not Linux
  }
}

function checkFdLimit(sockets) {
  const limit = openFileLimit();
  // This process holds one fd per client socket (+ HTTP keep-alive sockets while joining),
  // and each server child one per connection.
  const need = sockets + CONCURRENCY + 100;
  if (limit !== undefined && limit < need) {
    console.warn(
      `\n! The open-file limit is ${limit}, and ${sockets} sockets need about ${need}. ` +
        `Connections will fail with EMFILE. Raise it first, e.g. \`ulimit -n ${Math.max(4096, need * 2)}\`.\n`,
    );
  }
  return limit;
}

/** Runs connectOne(i) for i < n with `concurrency` in flight; stops early on repeated failure. */
async function connectAll(n, connectOne) {
  const conns = [];
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < n && errors.length < MAX_CONNECT_ERRORS) {
      const i = next++;
      try {
        conns.push(await connectOne(i));
      } catch (err) {
        errors.push(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, worker));
  return { conns, errors };
}

function reportConnectErrors(label, wanted, conns, errors) {
  if (errors.length === 0) return;
  const first = String(errors[0]?.message ?? errors[0]);
  const fdHint = /EMFILE|ENFILE|too many open files/i.test(errors.map((e) => String(e?.message ?? e)).join(' '))
    ? ` This is the open-file limit: raise it (e.g. \`ulimit -n 8192\`) and run again.`
    : ` If this mentions EMFILE or the connections simply stall, raise the open-file limit (\`ulimit -n 8192\`).`;
  console.warn(
    `! ${label}: ${conns.length} of ${wanted} clients connected; ${errors.length} failed` +
      `${errors.length >= MAX_CONNECT_ERRORS ? ' (gave up after that many)' : ''}. First error: ${first}.${fdHint}`,
  );
}

async function waitUntil(pred, maxMs, stepMs = 20) {
  const end = nowMs() + maxMs;
  while (!pred()) {
    if (nowMs() > end) return false;
    await sleep(stepMs);
  }
  return true;
}

/** Resolves once `counter()` has not moved for `quietMs` (the join broadcasts have settled). */
async function waitQuiet(counter, quietMs = QUIET_MS, maxMs = QUIET_MAX_MS) {
  const end = nowMs() + maxMs;
  let last = counter();
  let since = nowMs();
  while (nowMs() < end) {
    await sleep(100);
    const c = counter();
    if (c !== last) {
      last = c;
      since = nowMs();
    } else if (nowMs() - since >= quietMs) return true;
  }
  return false;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const KB = 1024;
const MB = 1024 * 1024;

// ---------------------------------------------------------------- latency recording

const SAMPLE_CAP = 4_000_000;

/** One measured sending window: which message indexes count, and what arrived. */
class Run {
  constructor(firstIndex, count, receivers) {
    this.lo = firstIndex;
    this.hi = firstIndex + count;
    this.count = count;
    this.expected = count * receivers;
    this.delivered = 0;
    this.stray = 0;
    this.firstSendAt = Infinity;
    this.lastDeliveryAt = 0;
    this.samples = new Float64Array(Math.min(this.expected, SAMPLE_CAP));
    this.n = 0;
    this.maxSendLag = 0;
    this.acks = 0;
    this.ackErrors = 0;
    this.ackLatency = [];
    // Per message: its slowest delivery (the fan-out is complete) and its fastest.
    this.perMsgMax = new Float64Array(count);
    this.perMsgMin = new Float64Array(count).fill(Infinity);
  }
  record(index, latencyMs, at) {
    if (index < this.lo || index >= this.hi) {
      this.stray++;
      return;
    }
    this.delivered++;
    this.lastDeliveryAt = at;
    const k = index - this.lo;
    if (latencyMs > this.perMsgMax[k]) this.perMsgMax[k] = latencyMs;
    if (latencyMs < this.perMsgMin[k]) this.perMsgMin[k] = latencyMs;
    if (this.n < this.samples.length) this.samples[this.n++] = latencyMs;
    else {
      // Reservoir sampling keeps percentiles honest past the cap.
      const j = Math.floor(Math.random() * this.delivered);
      if (j < this.samples.length) this.samples[j] = latencyMs;
    }
  }
}

function concat(arrays) {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

function dist(values, digits = 3) {
  const s = Float64Array.from(values).filter(Number.isFinite).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return {
    p50: round(percentile(s, 50), digits),
    p90: round(percentile(s, 90), digits),
    p99: round(percentile(s, 99), digits),
    max: round(s.length ? s[s.length - 1] : NaN, digits),
    mean: round(s.length ? sum / s.length : NaN, digits),
  };
}

let currentRun = null;
/** Message indexes are never reused, so a clientId is never a resend of an earlier one. */
let nextIndex = 0;

const TEXT_PREFIX = 'bench ';
function makeText(index) {
  // "bench <index> <send stamp ms> xxxx…" — the receiver parses the stamp back out.
  const head = `${TEXT_PREFIX}${index} ${stamp().toFixed(3)} `;
  return head + 'x'.repeat(Math.max(1, TEXT_BYTES - head.length));
}

/** Called by every receiver for every chat message. */
function onChatText(text) {
  const at = stamp();
  const run = currentRun;
  if (!run || typeof text !== 'string' || !text.startsWith(TEXT_PREFIX)) return;
  const a = text.indexOf(' ', TEXT_PREFIX.length);
  const b = text.indexOf(' ', a + 1);
  const index = Number(text.slice(TEXT_PREFIX.length, a));
  const sentAt = Number(text.slice(a + 1, b));
  run.record(index, at - sentAt, at);
}

/** Sends run.count messages at `rate`/s; resolves after the last send. */
function sendRun(driver, run, rate) {
  const interval = 1000 / rate;
  const t0 = nowMs();
  let i = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = nowMs();
      // Catch up if a timer fired late (the clients share this event loop with the sender).
      while (i < run.count && t0 + i * interval <= now) {
        run.maxSendLag = Math.max(run.maxSendLag, now - (t0 + i * interval));
        if (i === 0) run.firstSendAt = stamp();
        driver.send(makeText(run.lo + i), run.lo + i, run);
        i++;
      }
      if (i >= run.count) return resolve(nowMs() - t0);
      setTimeout(tick, Math.max(0, t0 + i * interval - nowMs()));
    };
    tick();
  });
}

/** Per second of sending: median and worst of each message's slowest delivery, and its fastest. */
function printTimeline(run, perSecond) {
  console.log('      second   slowest receiver p50 / max (ms)   fastest receiver p50 (ms)');
  for (let from = 0; from < run.count; from += perSecond) {
    const max = run.perMsgMax.slice(from, from + perSecond).sort();
    const min = run.perMsgMin.slice(from, from + perSecond).sort();
    console.log(
      `      ${String(from / perSecond).padStart(6)}   ${fmt(percentile(max, 50)).padStart(10)} / ${fmt(max[max.length - 1]).padStart(8)}` +
        `          ${fmt(percentile(min, 50)).padStart(8)}`,
    );
  }
}

// ---------------------------------------------------------------- CPU accounting

/** A full GC in this (client) process, so the join storm's garbage is not collected mid-window. */
const clientGc = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return () => {};
  }
})();

/** Machine-wide CPU time from /proc/stat, in µs (busy and steal); undefined if unavailable. */
function machineCpu() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    const tick = 1e6 / 100; // USER_HZ is 100 on Linux
    return { busy: (user + nice + system + irq + softirq) * tick, steal: (steal ?? 0) * tick };
  } catch {
    return undefined;
  }
}

const cpuUs = (a, b) => b.user - a.user + (b.system - a.system);
/** CPU time as a percentage of one core over a wall-clock span. */
const pctOfCore = (us, ms) => us / 10 / ms;

let quietBudgetMs = QUIET_WAIT_S * 1000;
/**
 * Waits (from a run-wide budget) until the machine has been quiet for 2 s: other people's
 * builds and tests on a shared 2-core machine would otherwise land in the measurements.
 */
async function waitForQuietMachine() {
  if (quietBudgetMs <= 0 || !machineCpu()) return;
  let announced = false;
  for (;;) {
    const t0 = nowMs();
    const a = machineCpu();
    await sleep(2000);
    const b = machineCpu();
    const pct = pctOfCore(b.busy - a.busy, nowMs() - t0);
    quietBudgetMs -= nowMs() - t0;
    if (pct < Math.min(10, OTHER_LOAD_LIMIT)) return;
    if (!announced) console.log(`   … waiting for the machine to go quiet (other processes use ${pct.toFixed(0)}% of a core)`);
    announced = true;
    if (quietBudgetMs <= 0) {
      console.warn('   ! the quiet-wait budget is spent; measuring anyway');
      return;
    }
  }
}

// ---------------------------------------------------------------- drivers

const clientLib = (() => {
  try {
    return require(DIST_CLIENT);
  } catch (err) {
    console.error(`Could not load ${path.relative(process.cwd(), DIST_CLIENT)}. Run "npm run build:node" first (npm run bench:chat does).`);
    console.error(String(err));
    process.exit(1);
  }
})();
const { joinClass, enterAsTeacher } = clientLib;
// The same socket.io-client build the app's RoomConnection loads.
const { io } = require('socket.io-client');
const WebSocket = require('ws');

/** The classroom host: students join by HTTP, then a socket.io websocket with their token. */
function hostDriver() {
  let server;
  let dataDir;
  let teacher;
  const sockets = new Set();
  const d = {
    kind: 'host',
    label: 'socket.io host',
    /** Join-time broadcasts seen by the students (participants lists, room_state, history). */
    activity: 0,
    bytesIn: 0,
    payloadBytes: undefined,
    get info() {
      return server.info;
    },
    async start({ profile = false } = {}) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
      tempDirs.add(dataDir);
      server = await spawnServer(
        'host-server.mjs',
        [dataDir],
        profile && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
      );
    },
    stats: (gc) => server.stats(gc),
    heapSnapshot: (file) => server.heapSnapshot(file),
    async connections() {
      const res = await fetch(new URL('/health', server.info.url));
      return (await res.json()).connections;
    },
    async teacherSession(newClass) {
      const res = await withTimeout(
        enterAsTeacher(server.info.url, server.info.teacherToken, { newClass, name: 'Bench' }),
        CONNECT_TIMEOUT_MS,
        'teacher session',
      );
      if (!res.ok) throw new Error(`teacher session refused: ${res.error.code} ${res.error.message}`);
      return res.data;
    },
    socket(token) {
      return new Promise((resolve, reject) => {
        const s = io(server.info.url, {
          forceNew: true,
          transports: ['websocket'],
          auth: { token },
          reconnection: false,
          timeout: CONNECT_TIMEOUT_MS,
        });
        sockets.add(s);
        s.io.on('open', () => s.io.engine.on('data', (data) => (d.bytesIn += data.length ?? data.byteLength ?? 0)));
        s.on('participants', () => d.activity++);
        s.on('room_state', () => d.activity++);
        s.on('history', () => d.activity++);
        s.once('connect', () => resolve(s));
        s.once('connect_error', (err) => {
          s.close();
          sockets.delete(s);
          reject(new Error(`socket.io connect_error: ${err.message}${err.data?.code ? ` (${err.data.code})` : ''}`));
        });
      });
    },
    /** The sender: the teacher of the live class (or of a new class). */
    async connectSender() {
      const session = await d.teacherSession(false);
      teacher = await d.socket(session.token);
      return session.room.code;
    },
    async connectReceiver(i, code) {
      const res = await withTimeout(joinClass(server.info.url, { code, name: `Student ${i + 1}` }), CONNECT_TIMEOUT_MS, 'join');
      if (!res.ok) throw new Error(`join refused: ${res.error.code} ${res.error.message}`);
      const s = await d.socket(res.data.token);
      s.on('chat_message', (m) => {
        // The real size on the wire, once: socket.io's "42" + the JSON array.
        d.payloadBytes ??= 2 + Buffer.byteLength(JSON.stringify(['chat_message', m]));
        chatTemplate ??= m;
        onChatText(m?.text);
      });
      return s;
    },
    send(text, index, run) {
      const t = nowMs();
      teacher.emit('chat:send', { text, clientId: `bench${String(index).padStart(8, '0')}` }, (reply) => {
        run.acks++;
        run.ackLatency.push(nowMs() - t);
        if (!reply?.ok) run.ackErrors++;
      });
    },
    async close() {
      // Server first: the host's close() clears presence before dropping sockets, so no
      // departure broadcasts run while a thousand clients go away.
      await server?.close();
      for (const s of sockets) s.close();
      sockets.clear();
      if (dataDir) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        tempDirs.delete(dataDir);
      }
    },
  };
  return d;
}

/** A real chat_message from the host (set on the first delivery), the model for the baseline's. */
let chatTemplate;

/**
 * The baseline: plain ws. Its "chat message" is a JSON array shaped like socket.io's packet,
 * with the host's own chat_message object as the model, so both carry the same bytes.
 */
function wsDriver() {
  let server;
  let sender;
  const sockets = new Set();
  const senderIdentity = { id: crypto.randomUUID(), name: 'Teacher', role: 'teacher', joinedAt: new Date().toISOString() };
  const roomId = crypto.randomUUID();
  const d = {
    kind: 'ws',
    label: 'plain ws',
    activity: 0,
    bytesIn: 0,
    payloadBytes: undefined,
    get info() {
      return server.info;
    },
    async start() {
      server = await spawnServer('ws-server.mjs', [WS_SEND]);
    },
    stats: (gc) => server.stats(gc),
    heapSnapshot: (file) => server.heapSnapshot(file),
    async connections() {
      return (await server.stats(false)).clients;
    },
    socket() {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(server.info.url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
        sockets.add(ws);
        const onError = (err) => {
          sockets.delete(ws);
          ws.terminate();
          reject(new Error(`ws connect error: ${err.message}`));
        };
        ws.once('error', onError);
        ws.once('open', () => {
          ws.off('error', onError);
          ws.on('error', () => {});
          resolve(ws);
        });
      });
    },
    async connectSender() {
      sender = await d.socket();
      return null;
    },
    async connectReceiver() {
      const ws = await d.socket();
      ws.on('message', (data) => {
        d.bytesIn += data.length;
        d.payloadBytes ??= data.length;
        let packet;
        try {
          packet = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (packet?.[0] === 'chat_message') onChatText(packet[1]?.text);
      });
      return ws;
    },
    message(text, index) {
      const model = chatTemplate ?? { id: '', roomId, seq: 0, sender: senderIdentity, text: '', sentAt: '' };
      return JSON.stringify([
        'chat_message',
        { ...model, id: crypto.randomUUID(), seq: index + 1, text, sentAt: new Date().toISOString() },
      ]);
    },
    send(text, index) {
      sender.send(d.message(text, index));
    },
    async close() {
      await server?.close();
      for (const s of sockets) s.terminate();
      sockets.clear();
    },
  };
  return d;
}

// ---------------------------------------------------------------- phases

function memDelta(a, b, n) {
  const per = (k) => (b.mem[k] - a.mem[k]) / n / KB;
  return {
    rssBeforeMB: round(a.mem.rss / MB, 1),
    rssAfterMB: round(b.mem.rss / MB, 1),
    rssPerStudentKB: round(per('rss'), 1),
    newSpaceBeforeMB: round(a.newSpaceBytes / MB, 1),
    newSpaceAfterMB: round(b.newSpaceBytes / MB, 1),
    heapPerStudentKB: round(per('heapUsed'), 1),
    externalPerStudentKB: round(per('external'), 1),
  };
}

/** Starts a server, connects the sender and N students, and measures RSS per student. */
async function setupChat(driver) {
  console.log(`\n== ${driver.label}: connecting ${N} students ==`);
  await driver.start({ profile: true });
  const code = await driver.connectSender();
  if (driver.kind === 'host') await sleep(HTTP_IDLE_MS); // the teacher session's keep-alive socket
  const s0 = await driver.stats(true);

  const tc = nowMs();
  const { conns, errors } = await connectAll(N, (i) => driver.connectReceiver(i, code));
  const connectMs = nowMs() - tc;
  reportConnectErrors(`${driver.label}, chat phase`, N, conns, errors);
  if (conns.length === 0) throw new Error(`${driver.label}: no student could connect; nothing to measure`);
  const settled = await waitQuiet(() => driver.activity);
  const settleMs = nowMs() - tc;
  driver.receivers = conns.length;
  driver.join = {
    connectSeconds: round(connectMs / 1000, 2),
    settleSeconds: round(settleMs / 1000, 2),
    settled,
    mbReceivedByStudents: round(driver.bytesIn / MB, 1),
  };
  console.log(
    `   ${conns.length} connected in ${(connectMs / 1000).toFixed(1)} s; join broadcasts settled after ` +
      `${(settleMs / 1000).toFixed(1)} s${settled ? '' : ' (NOT settled: gave up waiting)'}; ` +
      `${(driver.bytesIn / MB).toFixed(1)} MB received by the students while joining`,
  );
  if (driver.kind === 'host') await sleep(HTTP_IDLE_MS); // the joins' keep-alive sockets
  const s1 = await driver.stats(true);
  driver.memory = memDelta(s0, s1, conns.length);
  console.log(
    `   server RSS ${driver.memory.rssBeforeMB} → ${driver.memory.rssAfterMB} MB ` +
      `(${driver.memory.rssPerStudentKB} KB/student; heap ${driver.memory.heapPerStudentKB} KB/student; ` +
      `V8 young generation ${driver.memory.newSpaceBeforeMB} → ${driver.memory.newSpaceAfterMB} MB)`,
  );
}

/** One measured window of T seconds at R msg/s through `driver`; `idle` is the other server. */
async function measureWindow(driver, idle, label) {
  const run = new Run(nextIndex, T * R, driver.receivers);
  nextIndex += T * R;
  clientGc();
  await sleep(100);
  currentRun = run;
  const m0 = machineCpu();
  const c0 = process.cpuUsage();
  const w0 = nowMs();
  const s0 = await driver.stats(false);
  const i0 = idle ? await idle.stats(false) : null;
  const sendMs = await sendRun(driver, run, R);
  const drained = await waitUntil(() => run.delivered >= run.expected, DRAIN_TIMEOUT_MS, 5);
  const s1 = await driver.stats(false);
  const i1 = idle ? await idle.stats(false) : null;
  const wallMs = nowMs() - w0;
  const c1 = process.cpuUsage();
  const m1 = machineCpu();
  currentRun = null;

  const serverUs = cpuUs(s0.cpu, s1.cpu);
  const clientUs = cpuUs(c0, c1);
  const idleUs = i0 ? cpuUs(i0.cpu, i1.cpu) : 0;
  const otherUs = m0 && m1 ? Math.max(0, m1.busy - m0.busy - serverUs - clientUs - idleUs) : NaN;
  const w = {
    run,
    drained,
    wallMs,
    sendMs,
    serverUs,
    serverUserUs: s1.cpu.user - s0.cpu.user,
    serverSystemUs: s1.cpu.system - s0.cpu.system,
    clientUs,
    otherUs,
    stealUs: m0 && m1 ? m1.steal - m0.steal : NaN,
    newSpaceMB: [round(s0.newSpaceBytes / MB, 1), round(s1.newSpaceBytes / MB, 1)],
  };
  const lat = dist(run.samples.subarray(0, run.n));
  console.log(
    `   ${label.padEnd(22)} p50 ${fmt(lat.p50)} ms  p99 ${fmt(lat.p99)} ms  max ${fmt(lat.max)} ms  ` +
      `${run.delivered}/${run.expected} delivered  server CPU ${fmt((serverUs / 10 / wallMs), 1)}%  ` +
      `client ${fmt(clientUs / 10 / wallMs, 1)}%  other load ${fmt(otherUs / 10 / wallMs, 1)}%  ` +
      `(server young gen ${w.newSpaceMB.join(' → ')} MB)`,
  );
  if (TIMELINE) printTimeline(run, R);
  if (!drained) console.warn(`!  ${run.expected - run.delivered} deliveries missing ${DRAIN_TIMEOUT_MS} ms after the last send`);
  return w;
}

/** Pools the measured windows of one server into the figures we report. */
function summarize(driver, windows) {
  const runs = windows.map((w) => w.run);
  const sum = (f) => windows.reduce((n, w) => n + f(w), 0);
  const wallMs = sum((w) => w.wallMs);
  const delivered = runs.reduce((n, r) => n + r.delivered, 0);
  const expected = runs.reduce((n, r) => n + r.expected, 0);
  const messages = runs.reduce((n, r) => n + r.count, 0);
  const activeMs = runs.reduce((n, r) => n + Math.max(1, r.lastDeliveryAt - r.firstSendAt), 0);
  const serverUs = sum((w) => w.serverUs);
  const pct = (us) => round((us / 1000 / wallMs) * 100, 1);
  const out = {
    students: driver.receivers,
    windows: windows.length,
    messagesSent: messages,
    expectedDeliveries: expected,
    delivered,
    allDrained: windows.every((w) => w.drained),
    latencyMs: dist(concat(runs.map((r) => r.samples.subarray(0, r.n)))),
    /** Per message, its slowest delivery: when the whole class has it. */
    fanoutCompleteMs: dist(concat(runs.map((r) => r.perMsgMax))),
    /** Per message, its fastest delivery: mostly the server's own delay. */
    firstDeliveryMs: dist(concat(runs.map((r) => r.perMsgMin))),
    p99PerWindowMs: runs.map((r) => dist(r.samples.subarray(0, r.n)).p99),
    cpuPercentPerWindow: windows.map((w) => round(pctOfCore(w.serverUs, w.wallMs), 1)),
    youngGenMBPerWindow: windows.map((w) => w.newSpaceMB),
    deliveriesPerSec: round(delivered / (activeMs / 1000), 0),
    serverCpu: {
      totalMs: round(serverUs / 1000, 0),
      userMs: round(sum((w) => w.serverUserUs) / 1000, 0),
      systemMs: round(sum((w) => w.serverSystemUs) / 1000, 0),
      percentOfOneCore: pct(serverUs),
      usPerDelivery: round(serverUs / Math.max(1, delivered), 2),
      usPerMessage: round(serverUs / Math.max(1, messages), 1),
    },
    clientProcessCpuPercent: pct(sum((w) => w.clientUs)),
    otherMachineLoadPercent: pct(sum((w) => w.otherUs)),
    stealPercent: pct(sum((w) => w.stealUs)),
    maxSendLagMs: round(Math.max(...runs.map((r) => r.maxSendLag)), 1),
    measuredSeconds: round(wallMs / 1000, 2),
    payloadBytes: driver.payloadBytes ?? null,
    join: driver.join,
    memory: driver.memory,
  };
  if (driver.kind === 'host') {
    out.acks = runs.reduce((n, r) => n + r.acks, 0);
    out.ackErrors = runs.reduce((n, r) => n + r.ackErrors, 0);
    out.ackLatencyMs = dist(runs.flatMap((r) => r.ackLatency));
  }
  return out;
}

async function chatPhases() {
  const host = hostDriver();
  const ws = SKIP_WS ? null : wsDriver();
  try {
    await setupChat(host);
    if (ws) await setupChat(ws);

    console.log(`\n== sending: ${R} msg/s; ${W} s warm-up each, then ${REPEAT} clean windows of ${T} s per server, alternating ==`);
    for (const d of [host, ws].filter(Boolean)) {
      if (W === 0) continue;
      const warm = (currentRun = new Run(nextIndex, W * R, d.receivers));
      nextIndex += W * R;
      await sendRun(d, warm, R);
      await waitUntil(() => warm.delivered >= warm.expected, DRAIN_TIMEOUT_MS);
      currentRun = null;
    }
    // Measured windows, alternating between the servers so that drift in the machine's load
    // hits both alike. A window during which other processes used the CPU is kept aside and
    // redone (up to MAX_REDO times); only if no clean window exists are disturbed ones used.
    const servers = [host, ws].filter(Boolean);
    const clean = { host: [], ws: [] };
    const disturbed = { host: [], ws: [] };
    let last;
    for (let attempt = 0; attempt < servers.length * REPEAT + MAX_REDO; attempt++) {
      const pending = servers.filter((d) => clean[d.kind].length < REPEAT);
      if (pending.length === 0) break;
      const d = pending.length > 1 && pending[0] === last ? pending[1] : pending[0];
      last = d;
      await waitForQuietMachine();
      await sleep(200);
      const n = clean[d.kind].length + disturbed[d.kind].length + 1;
      const w = await measureWindow(d, d === host ? ws : host, `${d.label} #${n}`);
      const otherPct = pctOfCore(w.otherUs, w.wallMs);
      if (otherPct > OTHER_LOAD_LIMIT) {
        disturbed[d.kind].push(w);
        console.log(`     (other processes used ${otherPct.toFixed(0)}% of a core: window set aside)`);
      } else {
        clean[d.kind].push(w);
      }
    }
    const pick = (kind) => (clean[kind].length > 0 ? clean[kind] : disturbed[kind]);
    const discarded = servers.flatMap((d) =>
      clean[d.kind].length > 0
        ? disturbed[d.kind].map((w) => {
            const lat = dist(w.run.samples.subarray(0, w.run.n));
            return {
              server: d.kind,
              otherLoadPercent: round(pctOfCore(w.otherUs, w.wallMs), 1),
              p50: lat.p50,
              p99: lat.p99,
              serverCpuPercent: round(pctOfCore(w.serverUs, w.wallMs), 1),
            };
          })
        : [],
    );
    const result = (d) => ({ ...summarize(d, pick(d.kind)), cleanWindows: clean[d.kind].length, onlyDisturbedWindows: clean[d.kind].length === 0 });
    return { host: result(host), ws: ws ? result(ws) : null, discarded };
  } finally {
    currentRun = null;
    await host.close();
    await ws?.close();
  }
}

/**
 * RSS per connected student, once: a fresh server, a warm-up socket per class, then the
 * server's memory (after full GCs and a pause) with no students and with n connected, idle
 * students. Heap is steady from run to run; RSS moves by ±10 MB with what V8 and malloc keep
 * from the join burst, hence several runs (rssPhase).
 */
async function rssOnce(driver, n, rooms, snapshots = false) {
  await driver.start();
  try {
    // Warm the server's code paths with one socket per class (the teachers, or the ws sender).
    const codes = [];
    if (driver.kind === 'host') {
      for (let r = 0; r < rooms; r++) {
        const session = await driver.teacherSession(r > 0);
        await driver.socket(session.token);
        codes.push(session.room.code);
      }
      await sleep(HTTP_IDLE_MS);
    } else {
      await driver.connectSender();
    }
    const before = await driver.connections();
    const s0 = await driver.stats(true);
    const snapshot = async (tag) => {
      if (!snapshots) return;
      fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
      const file = (await driver.heapSnapshot(path.join(SNAPSHOT_DIR, `${driver.kind}-${tag}.heapsnapshot`))).file;
      console.log(`   heap snapshot: ${path.relative(process.cwd(), file)}`);
    };
    await snapshot('0');
    const tc = nowMs();
    const { conns, errors } = await connectAll(n, (i) => driver.connectReceiver(i, codes[i % Math.max(1, codes.length)]));
    const connectMs = nowMs() - tc;
    reportConnectErrors(`${driver.label}, RSS phase`, n, conns, errors);
    if (conns.length === 0) throw new Error('no student could connect; nothing to measure');
    const settled = await waitQuiet(() => driver.activity);
    const settleMs = nowMs() - tc;
    // Read the memory of connected, idle students (as in class), not of the join burst.
    if (driver.kind === 'host') await sleep(HTTP_IDLE_MS);
    const s1 = await driver.stats(true);
    await snapshot(String(conns.length));
    const after = await driver.connections();
    const r = {
      students: conns.length,
      serverConnections: { before, after },
      connectSeconds: round(connectMs / 1000, 2),
      joinSettleSeconds: round(settleMs / 1000, 2),
      settled,
      ...memDelta(s0, s1, conns.length),
    };
    console.log(
      `   ${conns.length} connected in ${r.connectSeconds} s: RSS ${r.rssBeforeMB} → ${r.rssAfterMB} MB = ` +
        `${r.rssPerStudentKB} KB/student (heap ${r.heapPerStudentKB} KB/student; V8 young generation ` +
        `${r.newSpaceBeforeMB} → ${r.newSpaceAfterMB} MB)`,
    );
    return r;
  } finally {
    await driver.close();
  }
}

function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function rssPhase(makeDriver, n) {
  const kind = makeDriver().kind;
  const label = kind === 'host' ? 'socket.io host' : 'plain ws';
  const rooms = kind === 'host' ? (RSS_ROOM === 0 ? 1 : Math.ceil(n / RSS_ROOM)) : 1;
  console.log(
    `\n== RSS per connected student, ${label}: ${n} students` +
      (kind === 'host' ? ` in ${rooms} class${rooms > 1 ? 'es' : ''} of ≤ ${Math.ceil(n / rooms)}` : '') +
      `, ${RSS_REPEAT} run${RSS_REPEAT > 1 ? 's' : ''} ==`,
  );
  const runs = [];
  for (let i = 0; i < RSS_REPEAT; i++) runs.push(await rssOnce(makeDriver(), n, rooms, i === 0 && !!SNAPSHOT_DIR));
  const rss = runs.map((r) => r.rssPerStudentKB);
  return {
    students: Math.min(...runs.map((r) => r.students)),
    rooms,
    rssPerStudentKB: round(median(rss), 1),
    rssPerStudentKBRange: [Math.min(...rss), Math.max(...rss)],
    heapPerStudentKB: round(median(runs.map((r) => r.heapPerStudentKB)), 1),
    connectSeconds: round(median(runs.map((r) => r.connectSeconds)), 2),
    runs,
  };
}

// ---------------------------------------------------------------- report

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('   '))
    .join('\n');
}

function fmt(x, d = 2) {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d);
}
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null);

/** Which code was measured: the commit, and how many files differ from it. */
function gitInfo() {
  const git = (...a) => execFileSync('git', a, { cwd: path.resolve(here, '../..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirtyFiles: git('status', '--porcelain').split('\n').filter(Boolean).length };
  } catch {
    return { commit: null, dirtyFiles: null };
  }
}

async function main() {
  const started = new Date();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim(),
    memGB: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    openFileLimit: openFileLimit() ?? null,
    loadAvgAtStart: os.loadavg().map((x) => round(x, 2)),
  };
  const build = gitInfo();
  console.log(
    `Chat fan-out benchmark — ${started.toISOString()}\n` +
      `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memGB} GB, ${machine.platform}, node ${machine.node}, ` +
      `open-file limit ${machine.openFileLimit ?? 'unknown'}, load average ${machine.loadAvgAtStart.join(' ')}\n` +
      `build: ${build.commit ?? 'unknown commit'}${build.dirtyFiles ? ` + ${build.dirtyFiles} changed files` : ''}`,
  );
  checkFdLimit(Math.max(2 * N, RSS_N) + 50);
  if (PIN) {
    const ok = os.cpus().length >= 2 && pinTo(process.pid, 1);
    console.log(ok ? 'pinned: server children on CPU 0, clients on CPU 1' : '! --pin: could not pin (needs Linux, taskset and 2 CPUs)');
  }

  const { host, ws, discarded } = await chatPhases();
  const rssHost = RSS_N > 0 ? await rssPhase(hostDriver, RSS_N) : null;
  const rssWs = RSS_N > 0 && !SKIP_WS ? await rssPhase(wsDriver, RSS_N) : null;

  const cpuRatio = ws ? ratio(host.serverCpu.totalMs, ws.serverCpu.totalMs) : null;
  const pair = (f, d = 2) => [fmt(f(host), d), ws ? fmt(f(ws), d) : '—'];
  const rows = [
    ['', 'socket.io host', 'plain ws', 'host / ws'],
    ['students connected', host.students, ws?.students ?? '—', ''],
    ['delivery latency p50 (ms)', ...pair((r) => r.latencyMs.p50), fmt(ratio(host.latencyMs.p50, ws?.latencyMs.p50))],
    ['delivery latency p90 (ms)', ...pair((r) => r.latencyMs.p90), ''],
    ['delivery latency p99 (ms)', ...pair((r) => r.latencyMs.p99), fmt(ratio(host.latencyMs.p99, ws?.latencyMs.p99))],
    ['delivery latency max (ms)', ...pair((r) => r.latencyMs.max), ''],
    ['p99 per window (ms)', host.p99PerWindowMs.map((x) => fmt(x, 1)).join(' '), ws ? ws.p99PerWindowMs.map((x) => fmt(x, 1)).join(' ') : '—', ''],
    ['whole class has it p50/p99 (ms)', `${fmt(host.fanoutCompleteMs.p50)} / ${fmt(host.fanoutCompleteMs.p99)}`, ws ? `${fmt(ws.fanoutCompleteMs.p50)} / ${fmt(ws.fanoutCompleteMs.p99)}` : '—', ''],
    ['first student has it p50/p99 (ms)', `${fmt(host.firstDeliveryMs.p50)} / ${fmt(host.firstDeliveryMs.p99)}`, ws ? `${fmt(ws.firstDeliveryMs.p50)} / ${fmt(ws.firstDeliveryMs.p99)}` : '—', ''],
    ['deliveries/s', host.deliveriesPerSec, ws?.deliveriesPerSec ?? '—', ''],
    ['delivered / expected', `${host.delivered}/${host.expectedDeliveries}`, ws ? `${ws.delivered}/${ws.expectedDeliveries}` : '—', ''],
    ['server CPU (% of one core)', ...pair((r) => r.serverCpu.percentOfOneCore, 1), fmt(cpuRatio)],
    ['server CPU µs / delivery', ...pair((r) => r.serverCpu.usPerDelivery), ''],
    ['server CPU user / system (ms)', `${host.serverCpu.userMs} / ${host.serverCpu.systemMs}`, ws ? `${ws.serverCpu.userMs} / ${ws.serverCpu.systemMs}` : '—', ''],
    ['client process CPU (% of one core)', ...pair((r) => r.clientProcessCpuPercent, 1), ''],
    ['other load on the machine (%)', ...pair((r) => r.otherMachineLoadPercent, 1), ''],
    [`RSS / student @${N}, one class (KB)`, ...pair((r) => r.memory.rssPerStudentKB, 1), fmt(ratio(host.memory.rssPerStudentKB, ws?.memory.rssPerStudentKB))],
    [`heap / student @${N}, one class (KB)`, ...pair((r) => r.memory.heapPerStudentKB, 1), ''],
    ...(rssHost
      ? [
          [
            `RSS / student @${RSS_N}, median (KB)`,
            fmt(rssHost.rssPerStudentKB, 1),
            fmt(rssWs?.rssPerStudentKB, 1),
            fmt(ratio(rssHost.rssPerStudentKB, rssWs?.rssPerStudentKB)),
          ],
          [
            `RSS / student @${RSS_N}, range (KB)`,
            rssHost.rssPerStudentKBRange.map((x) => fmt(x, 1)).join(' – '),
            rssWs ? rssWs.rssPerStudentKBRange.map((x) => fmt(x, 1)).join(' – ') : '—',
            '',
          ],
          [`heap / student @${RSS_N}, median (KB)`, fmt(rssHost.heapPerStudentKB, 1), fmt(rssWs?.heapPerStudentKB, 1), ''],
        ]
      : []),
    ['chat message on the wire (bytes)', host.payloadBytes ?? '—', ws?.payloadBytes ?? '—', ''],
    ['joining: connected / settled (s)', `${fmt(host.join.connectSeconds, 1)} / ${fmt(host.join.settleSeconds, 1)}`, ws ? `${fmt(ws.join.connectSeconds, 1)} / ${fmt(ws.join.settleSeconds, 1)}` : '—', ''],
    ['joining: MB sent to students', fmt(host.join.mbReceivedByStudents, 1), ws ? fmt(ws.join.mbReceivedByStudents, 1) : '—', ''],
  ];
  console.log(`\nResults: N=${N} students, R=${R} msg/s, ${host.windows}/${ws?.windows ?? 0} windows of ${T} s (host/ws); the ws baseline re-sends the ${WS_SEND}` + (rssHost ? `; RSS phase: ${RSS_N} students (host: ${rssHost.rooms} class${rssHost.rooms > 1 ? 'es' : ''})` : '') + '\n');
  console.log(table(rows));
  console.log(
    `\nhost acks: ${host.acks} (${host.ackErrors} errors), ack p50 ${fmt(host.ackLatencyMs.p50)} ms, p99 ${fmt(host.ackLatencyMs.p99)} ms; ` +
      `largest send-timer lag ${fmt(host.maxSendLagMs, 1)} ms`,
  );
  if (discarded.length) console.log(`${discarded.length} window(s) set aside because other processes were busy (listed in the JSON).`);
  for (const r of [host, ws].filter(Boolean)) {
    if (r.cleanWindows < REPEAT) {
      console.warn(
        `! ${r === host ? 'host' : 'ws'}: only ${r.cleanWindows} of ${REPEAT} windows ran on a quiet machine` +
          (r.onlyDisturbedWindows ? '; these figures come from disturbed windows: treat them with care.' : '.'),
      );
    }
  }

  const atSpecPoint = N === 200 && R === 100;
  const targets = {
    note: atSpecPoint ? 'targets are set for N=200, R=100, RSS at 1000' : `targets are set for N=200, R=100; this run used N=${N}, R=${R}`,
    p99AtMost10ms: { value: host.latencyMs.p99, met: host.latencyMs.p99 !== null && host.latencyMs.p99 <= 10 },
    cpuAtMost1_3xWs: { value: round(cpuRatio, 2), met: cpuRatio === null ? null : cpuRatio <= 1.3 },
    rssAtMost40KBPerStudent: rssHost
      ? {
          value: rssHost.rssPerStudentKB,
          range: rssHost.rssPerStudentKBRange,
          students: rssHost.students,
          rooms: rssHost.rooms,
          // RSS moves by ±10 MB by itself: a negative growth means N was too small to tell.
          met: rssHost.rssPerStudentKB > 0 ? rssHost.rssPerStudentKB <= 40 : null,
        }
      : { value: null, met: null },
  };
  const verdict = (t) => (t.met === null ? (t.value === null ? 'not measured' : 'too noisy to tell') : t.met ? 'met' : 'MISSED');
  console.log(`\nTargets (${targets.note}):`);
  console.log(`  p99 delivery latency ≤ 10 ms:        ${fmt(targets.p99AtMost10ms.value)} ms → ${verdict(targets.p99AtMost10ms)}`);
  console.log(`  host CPU ≤ 1.3 × ws baseline:         ${fmt(targets.cpuAtMost1_3xWs.value)} × → ${verdict(targets.cpuAtMost1_3xWs)}`);
  console.log(
    `  RSS ≤ 40 KB per student (at ${RSS_N}):  ${fmt(targets.rssAtMost40KBPerStudent.value, 1)} KB → ${verdict(targets.rssAtMost40KBPerStudent)}` +
      (rssHost ? ` (runs: ${rssHost.runs.map((r) => fmt(r.rssPerStudentKB, 1)).join(', ')} KB; heap ${fmt(rssHost.heapPerStudentKB, 1)} KB)` : ''),
  );

  const summary = {
    bench: 'chat-fanout',
    date: started.toISOString(),
    machine,
    build,
    params: {
      students: N,
      rate: R,
      seconds: T,
      repeat: REPEAT,
      warmup: W,
      rssStudents: RSS_N,
      rssRoomSize: RSS_ROOM,
      rssRepeat: RSS_REPEAT,
      textBytes: TEXT_BYTES,
      concurrency: CONCURRENCY,
      wsSend: WS_SEND,
      otherLoadLimit: OTHER_LOAD_LIMIT,
      maxRedo: MAX_REDO,
      quietWait: QUIET_WAIT_S,
    },
    host,
    ws,
    discardedWindows: discarded,
    ratios: {
      cpu: round(cpuRatio, 3),
      p50: round(ratio(host.latencyMs.p50, ws?.latencyMs.p50), 3),
      p99: round(ratio(host.latencyMs.p99, ws?.latencyMs.p99), 3),
      rssPerStudent: round(ratio(rssHost?.rssPerStudentKB, rssWs?.rssPerStudentKB), 3),
    },
    rss: { host: rssHost, ws: rssWs },
    targets,
  };
  console.log('');
  console.log(JSON.stringify(summary));
}

main()
  .then(() => {
    clearTimeout(watchdog);
    // Every socket is closed and every child gone; do not wait on client-library timers.
    process.exit(0);
  })
  .catch((err) => {
    console.error(`\nbench failed: ${err?.stack ?? err}`);
    killChildren();
    process.exit(1);
  });
