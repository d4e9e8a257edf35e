/**
 * Soak benchmark (not a test): N students chatting for M minutes against a real host process on
 * loopback. Pass/fail bounds: host RSS at the end within +10 % of RSS after warm-up, and no
 * event-loop delay spike over 100 ms. Prints a summary and a Markdown row for PERFORMANCE.md.
 *
 *   npm run bench:soak -- --minutes 2 --students 200 --interval 10
 *
 * --minutes M (default 10), --students N (default 200), --interval S: seconds between one
 * student's messages (default 10, so 200 students send 20 messages/s, each delivered to all).
 * --warmup S (default 30, at most a quarter of the run): RSS baseline is taken after it.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const minutes = arg('minutes', 10);
const students = arg('students', 200);
const intervalS = arg('interval', 10);
const durationMs = minutes * 60_000;
const warmupMs = Math.min(arg('warmup', 30) * 1000, durationMs / 4);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-soak-'));
const child = fork(path.join(import.meta.dirname, 'host.mjs'), [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const stats = [];
const ready = new Promise((resolve, reject) => {
  child.on('message', (m) => (m.type === 'ready' ? resolve(m) : stats.push({ t: Date.now(), ...m })));
  child.once('exit', (code) => reject(new Error(`host exited (${code})`)));
});
const { url, code } = await ready;
console.log(`soak: ${students} students, ${minutes} min, one message each per ${intervalS} s, host ${url}`);

// Join and connect every student (HTTP join, then a socket with the session token).
const sockets = [];
let received = 0;
let sent = 0;
let refused = 0;
const latencies = [];
for (let i = 0; i < students; i++) {
  const res = await fetch(`${url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: `Student ${i}` }) });
  const body = await res.json();
  if (!body.ok) throw new Error(`join ${i}: ${body.error.code}`);
  const s = io(url, { transports: ['websocket'], auth: { token: body.data.token }, reconnection: true });
  s.on('chat_message', (m) => {
    received++;
    if (m.sender.name === `Student ${i}`) {
      const sentAt = Number(m.text.split(' ')[1]);
      if (sentAt) latencies.push(Date.now() - sentAt);
    }
  });
  sockets.push(s);
}
await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((r) => s.once('connect', r)))));
console.log(`all ${students} connected`);

const start = Date.now();
let n = 0;
// Spread the students over the interval so the load is steady.
const timers = sockets.map((s, i) =>
  setTimeout(() => {
    const tick = () => {
      const text = `m ${Date.now()} ${n++}`;
      s.timeout(10_000).emit('chat:send', { text, clientId: `soak-${i}-${n}-xxxx` }, (err, reply) => {
        if (err || !reply?.ok) refused++;
      });
      sent++;
    };
    tick();
    timers[i] = setInterval(tick, intervalS * 1000);
  }, (i / students) * intervalS * 1000),
);

let lastLog = start;
while (Date.now() - start < durationMs) {
  await sleep(1000);
  if (Date.now() - lastLog >= 30_000) {
    lastLog = Date.now();
    const s = stats.at(-1);
    console.log(`  ${Math.round((Date.now() - start) / 1000)} s: sent ${sent}, delivered ${received}, host RSS ${(s.rss / 2 ** 20).toFixed(1)} MB, lag max ${s.lagMaxMs.toFixed(1)} ms`);
  }
}
for (const t of timers) clearInterval(t), clearTimeout(t);
await sleep(2000);

const during = stats.filter((s) => s.t >= start);
const afterWarmup = during.filter((s) => s.t >= start + warmupMs);
const rssStart = afterWarmup[0].rss;
// The end: the median of the last 10 reports, so one GC moment does not decide it.
const last = afterWarmup.slice(-10).map((s) => s.rss).sort((a, b) => a - b);
const rssEnd = last[Math.floor(last.length / 2)];
const growth = (rssEnd - rssStart) / rssStart;
const lagMax = Math.max(...during.map((s) => s.lagMaxMs));
const lagP99 = Math.max(...during.map((s) => s.lagP99Ms));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
const ok = growth <= 0.1 && lagMax <= 100 && refused === 0;

child.send({ type: 'stop' });
for (const s of sockets) s.disconnect();
await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

const mb = (b) => (b / 2 ** 20).toFixed(1);
console.log(`
sent ${sent} messages (${refused} refused or unanswered), ${received} deliveries
own-message round trip: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms
host RSS after ${warmupMs / 1000} s warm-up ${mb(rssStart)} MB, at the end ${mb(rssEnd)} MB (${(growth * 100).toFixed(1)} %, bound +10 %)
event-loop delay: worst ${lagMax.toFixed(1)} ms (bound 100 ms), worst 1-s p99 ${lagP99.toFixed(1)} ms
${ok ? 'PASS' : 'FAIL'}

| ${new Date().toISOString().slice(0, 10)} | ${students} | ${minutes} min | ${sent} | ${pct(50)} / ${pct(99)} ms | ${mb(rssStart)} → ${mb(rssEnd)} MB (${(growth * 100).toFixed(1)} %) | ${lagMax.toFixed(0)} ms | ${ok ? 'pass' : 'FAIL'} |`);
process.exit(ok ? 0 : 1);
