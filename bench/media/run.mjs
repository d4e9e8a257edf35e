#!/usr/bin/env node
/**
 * Live-media benchmark (not a test: it never fails on a slow figure).
 *
 *   npm run bench:media                         # builds first; N = 1, 4, 8
 *   node bench/media/run.mjs --students 1,4,8 --seconds 8 [--modes sfu,sfu-inline,mesh] [--source clock|fake]
 *                            [--browser-per-student]
 *   TP_BENCH_DIST=/tmp/copy/dist node bench/media/run.mjs   # a private build (see host.mjs)
 *
 * For each N it runs the same screen share three times, one after the other:
 *   - sfu:        the real app. The teacher page shares its "screen" to the host, the host's
 *                 werift SFU (in its worker thread) forwards to N student pages (each joined
 *                 through the UI);
 *   - sfu-inline: the same with TP_SFU=inline: werift on the host's main thread, as before
 *                 the worker, for the event-loop comparison;
 *   - mesh:       the baseline. One RTCPeerConnection per student straight from the teacher
 *                 page, same codec (VP8) and preset (1.2 Mbps, 10 fps, contentHint 'detail').
 * The shared "screen" is a 1280×720 canvas slide with a clock code painted 60 times a second
 * (bench/media/clock.mjs): getDisplayMedia is replaced in the teacher page, so the app's own
 * Share screen path publishes it. Students read the code from every presented frame:
 * glass-to-glass latency = frame's expected display time − time painted. `--source fake`
 * shares Chromium's fake screen instead (no latency figures, no canvas painting in the
 * teacher's CPU).
 * The teacher runs in its own Chromium, students in another, so "teacher CPU" is the whole
 * teacher browser's process tree (/proc), encoder threads included. Host CPU and event-loop
 * delay come from the host child itself (bench/media/host.mjs). Student fps/freezes come
 * from each student's getStats. Join-to-first-frame (sfu) is from the student's stage
 * appearing to its first presented frame.
 *
 * Runs inside a private network namespace (loopback only) when unshare allows it, like e2e.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, enterLoopbackNamespace, executablePath, STAGE_VIDEO, startHostChild } from './common.mjs';
import { CODE, installClockReader, installClockSource } from './clock.mjs';

enterLoopbackNamespace();

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1,4,8' },
    seconds: { type: 'string', default: '8' },
    modes: { type: 'string', default: 'sfu,sfu-inline,mesh' },
    // clock: the clock-code canvas (glass-to-glass); fake: Chromium's fake screen, as before
    // the latency figures (the canvas's painting adds the same CPU to every teacher row).
    source: { type: 'string', default: 'clock' },
    // one Chromium for all students (default), or one per student, as in a real class where
    // every student has their own machine: then no two students share a display compositor.
    'browser-per-student': { type: 'boolean', default: false },
  },
});
const CLOCK = values.source === 'clock';
const COUNTS = values.students.split(',').map(Number);
const MODES = values.modes.split(',');
const SECONDS = Number(values.seconds);
const HZ = 100; // USER_HZ for /proc stat times
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

/** CPU seconds all cores spent busy since boot (/proc/stat). */
function machineBusySeconds() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const idle = f[3] + f[4];
  return (f.reduce((a, b) => a + b, 0) - idle) / HZ;
}

/**
 * Everything this bench runs (browsers, host child) descends from this process; whatever else
 * the machine did in a window is other people's load, printed so noisy windows are visible.
 */
const otherLoad = () => machineBusySeconds() - treeCpuSeconds(process.pid);

async function launch() {
  const server = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS });
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

async function newPage(browser, url, { clockSource = false } = {}) {
  const ctx = await browser.newContext();
  await ctx.addInitScript(INSTRUMENT);
  if (clockSource && CLOCK) await ctx.addInitScript(installClockSource, CODE);
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}

/** This process's clock, in the pages' terms (ms since the epoch, sub-ms). */
const clockNow = () => performance.timeOrigin + performance.now();

/** How far a page's clock is ahead of ours (median of 5 bracketed readings), in ms. */
async function clockOffset(page) {
  const offsets = [];
  for (let i = 0; i < 5; i++) {
    const a = clockNow();
    const t = await page.evaluate(() => performance.timeOrigin + performance.now());
    const b = clockNow();
    offsets.push(t - (a + b) / 2);
  }
  return offsets.sort((x, y) => x - y)[2];
}

/** Starts reading the clock code in a student page; returns its clock offset. */
async function startReader(page, selector) {
  if (CLOCK) await page.evaluate(installClockReader, { selector, ...CODE });
  return clockOffset(page);
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


/** Measures one window; `students` are pages whose inbound video we read. */
async function measure({ teacherPid, teacher, students, hostAsk, offsets }) {
  await Promise.all(students.map((p) => p.evaluate(() => window.__g2g && ((window.__g2g.lat = []), (window.__g2g.rcv = []), (window.__g2g.bad = 0)))));
  const t0 = performance.now();
  const other0 = otherLoad();
  const cpu0 = treeCpuSeconds(teacherPid);
  const tStats0 = await pageStats(teacher);
  const sStats0 = await Promise.all(students.map(pageStats));
  const h0 = hostAsk ? await hostAsk('stats') : null;
  await sleep(SECONDS * 1000);
  const secs = (performance.now() - t0) / 1000;
  const other1 = otherLoad();
  const cpu1 = treeCpuSeconds(teacherPid);
  const tStats1 = await pageStats(teacher);
  const sStats1 = await Promise.all(students.map(pageStats));
  const h1 = hostAsk ? await hostAsk('stats') : null;
  const fps = sStats1.map((s, i) => (s.decoded - sStats0[i].decoded) / secs);
  // Latency in our clock: each reading corrected by (student offset − teacher offset).
  const g2g = [];
  const g2r = [];
  let unreadable = 0;
  for (const [i, p] of students.entries()) {
    const r = await p.evaluate(() => window.__g2g ?? { lat: [], rcv: [], bad: 0 });
    const skew = offsets.students[i] - offsets.teacher;
    g2g.push(...r.lat.map((l) => l - skew));
    g2r.push(...(r.rcv ?? []).map((l) => l - skew));
    unreadable += r.bad;
  }
  return {
    g2g,
    g2r,
    unreadable,
    clockSkewMax: Math.max(...offsets.students.map((o) => Math.abs(o - offsets.teacher))),
    teacherCpu: (100 * (cpu1 - cpu0)) / secs,
    otherCpu: (100 * (other1 - other0)) / secs,
    encodedFps: (tStats1.encoded - tStats0.encoded) / secs,
    hostCpu: h1 ? (100 * (h1.cpu.user + h1.cpu.system - h0.cpu.user - h0.cpu.system)) / 1e6 / secs : null,
    hostMainCpu: h1?.mainCpuSeconds != null ? (100 * (h1.mainCpuSeconds - h0.mainCpuSeconds)) / secs : null,
    eldP99: h1 ? h1.eldP99Ms : null,
    studentFpsMin: Math.min(...fps),
    studentFpsMean: fps.reduce((a, b) => a + b, 0) / fps.length,
    freezes: sStats1.reduce((n, s, i) => n + s.freezes - sStats0[i].freezes, 0),
  };
}


async function runSfu(n, teacherB, studentB, sfu) {
  const host = await startHostChild(sfu);
  const teacher = await newPage(teacherB.browser, host.teacherUrl, { clockSource: true });
  await teacher.getByRole('button', { name: 'Share screen' }).click();
  await teacher.getByRole('button', { name: 'Stop sharing' }).waitFor();
  const students = [];
  const joinMs = [];
  for (let i = 0; i < n; i++) {
    const p = await newPage(await studentB.browserFor(i), `${host.url}/`);
    await p.getByRole('button', { name: 'Join a class' }).click();
    await p.getByLabel('Room code').fill(host.code);
    await p.getByLabel('Your name').fill(`S${i}`);
    await p.getByRole('button', { name: 'Join' }).click();
    await p.getByRole('region', { name: 'Stage' }).waitFor();
    const t = performance.now();
    try {
      await p.waitForFunction((sel) => {
        const v = document.querySelector(sel);
        return v && v.getVideoPlaybackQuality().totalVideoFrames > 0;
      }, STAGE_VIDEO, { timeout: 15_000, polling: 20 });
      joinMs.push(performance.now() - t);
    } catch {
      // Reported, not fatal: a benchmark prints what happened.
      console.log(`N=${n} sfu: student S${i} showed no frame within 15 s`);
      joinMs.push(Infinity);
    }
    students.push(p);
  }
  const offsets = { teacher: await clockOffset(teacher), students: [] };
  for (const p of students) offsets.students.push(await startReader(p, STAGE_VIDEO));
  await sleep(2000);
  const m = await measure({ teacherPid: teacherB.pid, teacher, students, hostAsk: host.ask, offsets });
  await Promise.all([teacher, ...students].map((p) => p.context().close()));
  await host.ask('close');
  return { ...m, joinMs };
}

async function runMesh(n, teacherB, studentB) {
  const host = await startHostChild(); // only serves an origin (a secure context for capture)
  const origin = `${host.url}/health`;
  const teacher = await newPage(teacherB.browser, origin, { clockSource: true });
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
    const p = await newPage(await studentB.browserFor(i), origin);
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
    await p.waitForFunction(() => document.querySelector('video')?.getVideoPlaybackQuality().totalVideoFrames > 0, null, { timeout: 15_000, polling: 20 });
    students.push(p);
  }
  const offsets = { teacher: await clockOffset(teacher), students: [] };
  for (const p of students) offsets.students.push(await startReader(p, 'video'));
  await sleep(2000);
  const m = await measure({ teacherPid: teacherB.pid, teacher, students, hostAsk: null, offsets });
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
/** Student browsers: one shared, or one per student (launched when first needed). */
const studentBrowsers = [];
const studentB = {
  async browserFor(i) {
    const k = values['browser-per-student'] ? i : 0;
    studentBrowsers[k] ??= await launch();
    return studentBrowsers[k].browser;
  },
};
const rows = [];
const joins = { sfu: [], 'sfu-inline': [] };
try {
  for (const n of COUNTS) {
    for (const mode of MODES) {
      const r =
        mode === 'mesh'
          ? await runMesh(n, teacherB, studentB)
          : await runSfu(n, teacherB, studentB, mode === 'sfu-inline' ? 'inline' : 'worker');
      if (r.joinMs) joins[mode].push(...r.joinMs);
      rows.push({ n, mode, ...r });
      console.log(
        `N=${n} ${mode}: teacher CPU ${f(r.teacherCpu)}%, encoded ${f(r.encodedFps, 1)} fps, host CPU ${f(r.hostCpu)}% (main thread ${f(r.hostMainCpu)}%), ` +
          `ELD p99 ${f(r.eldP99, 1)} ms, other processes ${f(r.otherCpu)}% CPU, student fps min/mean ${f(r.studentFpsMin, 1)}/${f(r.studentFpsMean, 1)}, freezes ${r.freezes}, ` +
          `g2g p50/p95 ${f(pct(r.g2g, 50))}/${f(pct(r.g2g, 95))} ms (painted→received ${f(pct(r.g2r, 50))}/${f(pct(r.g2r, 95))} ms; ${r.g2g.length} frames, ${r.unreadable} unreadable, clock skew ≤ ${f(r.clockSkewMax, 1)} ms)` +
          `${r.joinMs ? `, join→frame max ${f(Math.max(...r.joinMs))} ms` : ''}`,
      );
    }
  }
} finally {
  await teacherB.browser.close().catch(() => {});
  for (const b of studentBrowsers) await b.browser.close().catch(() => {});
  await teacherB.server.close();
  for (const b of studentBrowsers) await b.server.close();
}

console.log(
  '\n| N | mode | teacher browser CPU % | frames encoded/s | host CPU % (main thread) | host event-loop delay p99 (ms) | student fps min / mean | freezes | glass-to-glass p50 / p95 (ms) | painted→received p50 / p95 (ms) | frames read | other processes CPU % |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.mode} | ${f(r.teacherCpu)} | ${f(r.encodedFps, 1)} | ${f(r.hostCpu)} (${f(r.hostMainCpu)}) | ${f(r.eldP99, 1)} | ` +
      `${f(r.studentFpsMin, 1)} / ${f(r.studentFpsMean, 1)} | ${r.freezes} | ${f(pct(r.g2g, 50))} / ${f(pct(r.g2g, 95))} | ${f(pct(r.g2r, 50))} / ${f(pct(r.g2r, 95))} | ${r.g2g.length} | ${f(r.otherCpu)} |`,
  );
}
const row = (n, mode) => rows.find((r) => r.n === n && r.mode === mode);
const lo = Math.min(...COUNTS);
const hi = Math.max(...COUNTS);
const ratio = (a, b) => (a === undefined || b === undefined ? NaN : a / b);
console.log(
  `\nteacher CPU(${hi})/CPU(${lo}): sfu ${f(ratio(row(hi, 'sfu')?.teacherCpu, row(lo, 'sfu')?.teacherCpu), 2)} (target ≤ 1.3), ` +
    `mesh ${f(ratio(row(hi, 'mesh')?.teacherCpu, row(lo, 'mesh')?.teacherCpu), 2)}`,
);
for (const n of COUNTS) {
  const w = row(n, 'sfu');
  const i = row(n, 'sfu-inline');
  if (w && i) {
    console.log(
      `N=${n}: host event-loop p99 worker ${f(w.eldP99, 1)} ms vs in-process ${f(i.eldP99, 1)} ms (ratio ${f(ratio(w.eldP99, i.eldP99), 2)}); ` +
        `main-thread CPU worker ${f(w.hostMainCpu)}% vs in-process ${f(i.hostMainCpu)}%`,
    );
  }
}
for (const n of COUNTS) {
  const parts = MODES.map((m) => row(n, m)).filter(Boolean).map((r) => `${r.mode} ${f(pct(r.g2g, 50))}/${f(pct(r.g2g, 95))}`);
  console.log(`N=${n}: glass-to-glass p50/p95 (ms): ${parts.join(', ')} (target p95 ≤ 100)`);
}
for (const [mode, js] of Object.entries(joins)) {
  if (js.length) console.log(`join-to-first-frame (${mode}, ${js.length} joins): p50 ${f(pct(js, 50))} ms, p95 ${f(pct(js, 95))} ms (target ≤ 1000)`);
}
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
