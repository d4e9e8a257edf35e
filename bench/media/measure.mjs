/**
 * What bench/media/run.mjs measures and how: process CPU from /proc, the other load on the
 * machine, page clocks, WebRTC stats and one measuring window over teacher, students, host
 * and (class mode) the light students' process.
 */
import fs from 'node:fs';
import { CODE, installClockReader } from './clock.mjs';

const HZ = 100; // USER_HZ for /proc stat times
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function treeCpuSeconds(rootPid) {
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

/** This process's clock, in the pages' terms (ms since the epoch, sub-ms). */
const clockNow = () => performance.timeOrigin + performance.now();

/** How far a page's clock is ahead of ours (median of 5 bracketed readings), in ms. */
export async function clockOffset(page) {
  const offsets = [];
  for (let i = 0; i < 5; i++) {
    const a = clockNow();
    const t = await page.evaluate(() => performance.timeOrigin + performance.now());
    const b = clockNow();
    offsets.push(t - (a + b) / 2);
  }
  return offsets.sort((x, y) => x - y)[2];
}

/** Starts reading the clock code in a student page (if `clock`); returns its clock offset. */
export async function startReader(page, selector, clock) {
  if (clock) await page.evaluate(installClockReader, { selector, ...CODE });
  return clockOffset(page);
}

/**
 * Sum over a page's connections: frames encoded, decoded, freezes, and the receiving side's
 * jitter-buffer and decode times (seconds, summed over frames), which split glass-to-glass.
 */
const pageStats = (page) =>
  page.evaluate(async () => {
    let encoded = 0, decoded = 0, freezes = 0, jbDelay = 0, jbEmitted = 0, decodeTime = 0;
    for (const pc of window.__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') encoded += s.framesEncoded ?? 0;
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          decoded += s.framesDecoded ?? 0;
          freezes += s.freezeCount ?? 0;
          jbDelay += s.jitterBufferDelay ?? 0;
          jbEmitted += s.jitterBufferEmittedCount ?? 0;
          decodeTime += s.totalDecodeTime ?? 0;
        }
      });
    }
    return { encoded, decoded, freezes, jbDelay, jbEmitted, decodeTime };
  });


/**
 * Measures one `seconds` window; `students` are pages whose inbound video we read, `lightAsk`
 * the light students' process (class mode), whose frames received count in the student fps.
 */
export async function measure({ seconds, teacherPid, teacher, students, hostAsk, lightAsk, offsets }) {
  await Promise.all(students.map((p) => p.evaluate(() => window.__g2g && ((window.__g2g.lat = []), (window.__g2g.rcv = []), (window.__g2g.bad = 0)))));
  // Everything counted, at the start and at the end of the window.
  const snapshot = async () => ({
    other: otherLoad(),
    cpu: treeCpuSeconds(teacherPid),
    teacher: await pageStats(teacher),
    students: await Promise.all(students.map(pageStats)),
    host: hostAsk ? await hostAsk('stats') : null,
    light: lightAsk ? await lightAsk('stats') : null,
  });
  const t0 = performance.now();
  const { other: other0, cpu: cpu0, teacher: tStats0, students: sStats0, host: h0, light: l0 } = await snapshot();
  await sleep(seconds * 1000);
  const secs = (performance.now() - t0) / 1000;
  const { other: other1, cpu: cpu1, teacher: tStats1, students: sStats1, host: h1, light: l1 } = await snapshot();
  const fps = sStats1.map((s, i) => (s.decoded - sStats0[i].decoded) / secs);
  // Light students receive but do not decode: their fps is whole frames received.
  const lightFps = l1 ? l1.frames.map((n, i) => (n - l0.frames[i]) / secs) : [];
  const cpuPct = (a, b) => (100 * (b.user + b.system - a.user - a.system)) / 1e6 / secs;
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
    hostCpu: h1 ? cpuPct(h0.cpu, h1.cpu) : null,
    hostMainCpu: h1?.mainCpuSeconds != null ? (100 * (h1.mainCpuSeconds - h0.mainCpuSeconds)) / secs : null,
    eldP99: h1 ? h1.eldP99Ms : null,
    studentFpsMin: Math.min(...fps, ...lightFps),
    studentFpsMean: [...fps, ...lightFps].reduce((a, b) => a + b, 0) / (fps.length + lightFps.length),
    lightCpu: l1 ? cpuPct(l0.cpu, l1.cpu) : null,
    lightMbps: l1 ? (8 * (l1.bytes.reduce((a, b) => a + b, 0) - l0.bytes.reduce((a, b) => a + b, 0))) / 1e6 / secs : null,
    freezes: sStats1.reduce((n, s, i) => n + s.freezes - sStats0[i].freezes, 0),
    // Mean per frame over the window, all students: time in the jitter buffer, decoding.
    jitterBufferMs: perFrameMs(sStats0, sStats1, 'jbDelay', 'jbEmitted'),
    decodeMs: perFrameMs(sStats0, sStats1, 'decodeTime', 'decoded'),
  };
}

function perFrameMs(before, after, seconds, frames) {
  const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
  return (1000 * (sum(after, seconds) - sum(before, seconds))) / (sum(after, frames) - sum(before, frames));
}

export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
