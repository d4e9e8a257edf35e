/** Small helpers of the chat bench: time, waiting, connecting many clients, statistics, formatting. */
import fs from 'node:fs';
import { CONCURRENCY, MAX_CONNECT_ERRORS, QUIET_MAX_MS, QUIET_MS } from './options.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const nowMs = () => performance.now();
/** Wall-clock-based ms with µs resolution; what the sender embeds in each message. */
export const stamp = () => performance.timeOrigin + performance.now();

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function openFileLimit() {
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

export function checkFdLimit(sockets) {
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
export async function connectAll(n, connectOne) {
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

export function reportConnectErrors(label, wanted, conns, errors) {
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

export async function waitUntil(pred, maxMs, stepMs = 20) {
  const end = nowMs() + maxMs;
  while (!pred()) {
    if (nowMs() > end) return false;
    await sleep(stepMs);
  }
  return true;
}

/** Resolves once `counter()` has not moved for `quietMs` (the join broadcasts have settled). */
export async function waitQuiet(counter, quietMs = QUIET_MS, maxMs = QUIET_MAX_MS) {
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

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
export const KB = 1024;
export const MB = 1024 * 1024;

export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? String(cell ?? '').padEnd(widths[c]) : String(cell ?? '').padStart(widths[c]))).join('   '))
    .join('\n');
}

export function fmt(x, d = 2) {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d);
}
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null);
