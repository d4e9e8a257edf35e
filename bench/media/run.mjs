#!/usr/bin/env node
/**
 * Live-media benchmark (not a test: it never fails on a slow figure).
 *
 *   npm run bench:media                         # builds first; N = 1, 4, 8
 *   node bench/media/run.mjs --students 1,4,8 --seconds 8
 *
 * For each N it runs the same screen share twice, one after the other:
 *   - sfu:  the real app. The teacher page shares the fake screen to the host, the host's
 *           werift SFU forwards to N student pages (each joined through the UI);
 *   - mesh: the baseline. One RTCPeerConnection per student straight from the teacher page,
 *           same codec (VP8) and preset (1.2 Mbps, 10 fps, contentHint 'detail').
 * The teacher runs in its own Chromium, students in another, so "teacher CPU" is the whole
 * teacher browser's process tree (/proc), encoder threads included. Host CPU and event-loop
 * delay come from the host child itself (bench/media/host.mjs). Student fps/freezes come
 * from each student's getStats. Join-to-first-frame (sfu) is from the student's stage
 * appearing to its first presented frame.
 *
 * Runs inside a private network namespace (loopback only) when unshare allows it, like e2e.
 */
import { spawnSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

if (!process.env.TP_BENCH_INNER) {
  const probe = spawnSync('unshare', ['-rn', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  const args = process.argv.slice(1).map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env = { ...process.env, TP_BENCH_INNER: '1' };
  const r =
    probe.status === 0
      ? spawnSync('unshare', ['-rn', 'sh', '-c', `ip link set lo up && ${process.execPath} ${args}`], { stdio: 'inherit', env })
      : (console.log('bench: unshare -rn unavailable; running on 127.0.0.1 only'),
        spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env }));
  process.exit(r.status ?? 1);
}

const { values } = parseArgs({
  options: { students: { type: 'string', default: '1,4,8' }, seconds: { type: 'string', default: '8' } },
});
const COUNTS = values.students.split(',').map(Number);
const SECONDS = Number(values.seconds);
const HZ = 100; // USER_HZ for /proc stat times
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection',
  // Background pages must keep decoding at full rate, as on real students' screens.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- process CPU from /proc ----
function treeCpuSeconds(rootPid) {
  const children = new Map();
  const times = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      times.set(Number(d), (Number(f[11]) + Number(f[12])) / HZ);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {}
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += times.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function launch() {
  const server = await chromium.launchServer({ executablePath, headless: true, args: ARGS });
  const browser = await chromium.connect(server.wsEndpoint());
  return { server, browser, pid: server.process().pid };
}

// Instrumentation: every RTCPeerConnection a page makes, for getStats.
const INSTRUMENT = () => {
  const Native = window.RTCPeerConnection;
  const pcs = (window.__pcs = []);
  window.RTCPeerConnection = class extends Native {
    constructor(c) {
      super(c);
      pcs.push(this);
    }
  };
};

async function newPage(browser, url) {
  const ctx = await browser.newContext();
  await ctx.addInitScript(INSTRUMENT);
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}

/** Sum over a page's connections: frames encoded, decoded, freezes. */
const pageStats = (page) =>
  page.evaluate(async () => {
    let encoded = 0, decoded = 0, freezes = 0;
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') encoded += s.framesEncoded ?? 0;
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          decoded += s.framesDecoded ?? 0;
          freezes += s.freezeCount ?? 0;
        }
      });
    }
    return { encoded, decoded, freezes };
  });

function startHostChild() {
  const child = fork(path.join(import.meta.dirname, 'host.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const ask = (cmd) =>
    new Promise((resolve) => {
      const id = ++next;
      const on = (m) => m?.id === id && (child.off('message', on), resolve(m));
      child.on('message', on);
      child.send({ id, cmd });
    });
  return new Promise((resolve) => child.once('message', (info) => resolve({ ...info, ask, child })));
}

/** Measures one window; `students` are pages whose inbound video we read. */
async function measure({ teacherPid, teacher, students, hostAsk }) {
  const t0 = performance.now();
  const cpu0 = treeCpuSeconds(teacherPid);
  const tStats0 = await pageStats(teacher);
  const sStats0 = await Promise.all(students.map(pageStats));
  const h0 = hostAsk ? await hostAsk('stats') : null;
  await sleep(SECONDS * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = treeCpuSeconds(teacherPid);
  const tStats1 = await pageStats(teacher);
  const sStats1 = await Promise.all(students.map(pageStats));
  const h1 = hostAsk ? await hostAsk('stats') : null;
  const fps = sStats1.map((s, i) => (s.decoded - sStats0[i].decoded) / secs);
  return {
    teacherCpu: (100 * (cpu1 - cpu0)) / secs,
    encodedFps: (tStats1.encoded - tStats0.encoded) / secs,
    hostCpu: h1 ? (100 * (h1.cpu.user + h1.cpu.system - h0.cpu.user - h0.cpu.system)) / 1e6 / secs : null,
    eldP99: h1 ? h1.eldP99Ms : null,
    studentFpsMin: Math.min(...fps),
    studentFpsMean: fps.reduce((a, b) => a + b, 0) / fps.length,
    freezes: sStats1.reduce((n, s, i) => n + s.freezes - sStats0[i].freezes, 0),
  };
}

async function runSfu(n, teacherB, studentB) {
  const host = await startHostChild();
  const teacher = await newPage(teacherB.browser, host.teacherUrl);
  await teacher.getByRole('button', { name: 'Share screen' }).click();
  await teacher.getByRole('button', { name: 'Stop sharing' }).waitFor();
  const students = [];
  const joinMs = [];
  for (let i = 0; i < n; i++) {
    const p = await newPage(studentB.browser, `${host.url}/`);
    await p.getByRole('button', { name: 'Join a class' }).click();
    await p.getByLabel('Room code').fill(host.code);
    await p.getByLabel('Your name').fill(`S${i}`);
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByRole('region', { name: 'Stage' }).waitFor();
    const t = performance.now();
    try {
      await p.waitForFunction(() => {
        const v = document.querySelector('[role="region"][aria-label="Stage"] video');
        return v && v.getVideoPlaybackQuality().totalVideoFrames > 0;
      }, null, { timeout: 15_000, polling: 20 });
      joinMs.push(performance.now() - t);
    } catch {
      // Reported, not fatal: a benchmark prints what happened.
      console.log(`N=${n} sfu: student S${i} showed no frame within 15 s`);
      joinMs.push(Infinity);
    }
    students.push(p);
  }
  await sleep(2000);
  const m = await measure({ teacherPid: teacherB.pid, teacher, students, hostAsk: host.ask });
  await Promise.all([teacher, ...students].map((p) => p.context().close()));
  await host.ask('close');
  return { ...m, joinMs };
}

async function runMesh(n, teacherB, studentB) {
  const host = await startHostChild(); // only serves an origin (a secure context for capture)
  const origin = `${host.url}/health`;
  const teacher = await newPage(teacherB.browser, origin);
  await teacher.evaluate(() => {
    const b = document.createElement('button');
    b.textContent = 'capture';
    b.onclick = async () => {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: false });
      s.getVideoTracks()[0].contentHint = 'detail';
      window.__screen = s;
    };
    document.body.append(b);
  });
  await teacher.click('text=capture'); // getDisplayMedia needs a user gesture
  await teacher.waitForFunction(() => !!window.__screen);
  const students = [];
  for (let i = 0; i < n; i++) {
    const p = await newPage(studentB.browser, origin);
    const offer = await teacher.evaluate(async () => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      const t = pc.addTransceiver(window.__screen.getVideoTracks()[0], {
        direction: 'sendonly',
        sendEncodings: [{ maxBitrate: 1_200_000, maxFramerate: 10 }],
      });
      t.setCodecPreferences(RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
      await pc.setLocalDescription();
      await new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
      return pc.localDescription.sdp;
    });
    const answer = await p.evaluate(async (sdp) => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      pc.ontrack = (e) => {
        const v = document.createElement('video');
        v.muted = true;
        v.autoplay = true;
        v.srcObject = new MediaStream([e.track]);
        document.body.append(v);
      };
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription();
      await new Promise((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
      return pc.localDescription.sdp;
    }, offer);
    await teacher.evaluate(async ({ i, sdp }) => window.__pcs[i].setRemoteDescription({ type: 'answer', sdp }), { i, sdp: answer });
    students.push(p);
  }
  await sleep(2000);
  const m = await measure({ teacherPid: teacherB.pid, teacher, students, hostAsk: null });
  await Promise.all([teacher, ...students].map((p) => p.context().close()));
  await host.ask('close');
  return m;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const f = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

const teacherB = await launch();
const studentB = await launch();
const rows = [];
const allJoins = [];
try {
  for (const n of COUNTS) {
    for (const mode of ['sfu', 'mesh']) {
      const r = mode === 'sfu' ? await runSfu(n, teacherB, studentB) : await runMesh(n, teacherB, studentB);
      if (r.joinMs) allJoins.push(...r.joinMs);
      rows.push({ n, mode, ...r });
      console.log(`N=${n} ${mode}: teacher CPU ${f(r.teacherCpu)}%, encoded ${f(r.encodedFps, 1)} fps, host CPU ${f(r.hostCpu)}%, ELD p99 ${f(r.eldP99, 1)} ms, student fps min/mean ${f(r.studentFpsMin, 1)}/${f(r.studentFpsMean, 1)}, freezes ${r.freezes}${r.joinMs ? `, join→frame max ${f(Math.max(...r.joinMs))} ms` : ''}`);
    }
  }
} finally {
  await teacherB.browser.close().catch(() => {});
  await studentB.browser.close().catch(() => {});
  await teacherB.server.close();
  await studentB.server.close();
}

console.log('\n| N | mode | teacher browser CPU % | frames encoded/s | host CPU % | host event-loop delay p99 (ms) | student fps min / mean | freezes |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.n} | ${r.mode} | ${f(r.teacherCpu)} | ${f(r.encodedFps, 1)} | ${f(r.hostCpu)} | ${f(r.eldP99, 1)} | ${f(r.studentFpsMin, 1)} / ${f(r.studentFpsMean, 1)} | ${r.freezes} |`);
}
const cpu = (n, mode) => rows.find((r) => r.n === n && r.mode === mode)?.teacherCpu;
const lo = Math.min(...COUNTS);
const hi = Math.max(...COUNTS);
console.log(`\nteacher CPU(${hi})/CPU(${lo}): sfu ${f(cpu(hi, 'sfu') / cpu(lo, 'sfu'), 2)} (target ≤ 1.3), mesh ${f(cpu(hi, 'mesh') / cpu(lo, 'mesh'), 2)}`);
console.log(`join-to-first-frame (sfu, ${allJoins.length} joins): p50 ${f(pct(allJoins, 50))} ms, p95 ${f(pct(allJoins, 95))} ms (target ≤ 1000)`);
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
