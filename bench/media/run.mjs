#!/usr/bin/env node
/**
 * Live-media benchmark (not a test: it never fails on a slow figure).
 *
 *   npm run bench:media                         # builds first; N = 1, 4, 8
 *   node bench/media/run.mjs --students 1,4,8 --seconds 8 [--modes sfu,sfu-inline,mesh] [--source clock|fake]
 *                            [--browser-per-student] [--joins 8] [--shares 3] [--content static|scrolling]
 *   node bench/media/run.mjs --modes class --students 1,8,16,40   # a whole class, one measuring student
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
 *   - class:      (not in the default set) the real app with N − 1 light students (viewers.mjs:
 *                 they join and receive over WebRTC like a browser but do not decode) and one
 *                 Chromium student; the teacher starts sharing `--shares` times to the whole
 *                 class, then the Chromium student joins late `--joins` times: one student's
 *                 view of a class of N, without N decoders fighting over this machine's two cores.
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
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, enterLoopbackNamespace, executablePath, STAGE_VIDEO, startChild, startHostChild } from './common.mjs';
import { CODE, installClockSource } from './clock.mjs';
import { clockOffset, measure, pct, startReader } from './measure.mjs';

enterLoopbackNamespace();

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1,4,8' },
    seconds: { type: 'string', default: '8' },
    modes: { type: 'string', default: 'sfu,sfu-inline,mesh' },
    // clock: the clock-code canvas (glass-to-glass); fake: Chromium's fake screen, as before
    // the latency figures (the canvas's painting adds the same CPU to every teacher row).
    source: { type: 'string', default: 'clock' },
    // static: a slide; scrolling: the teacher scrolls through notes (full bitrate all the time)
    content: { type: 'string', default: 'static' },
    // one Chromium for all students (default), or one per student, as in a real class where
    // every student has their own machine: then no two students share a display compositor.
    'browser-per-student': { type: 'boolean', default: false },
    // class mode: how many times its Chromium student joins late (each a join-to-first-frame)
    joins: { type: 'string', default: '8' },
    // class mode: how many times the teacher starts sharing to the whole class
    shares: { type: 'string', default: '3' },
  },
});
const CLOCK = values.source === 'clock';
const COUNTS = values.students.split(',').map(Number);
const MODES = values.modes.split(',');
const SECONDS = Number(values.seconds);
const JOINS = Number(values.joins);
const SHARES = Number(values.shares);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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
  if (clockSource && CLOCK) await ctx.addInitScript(installClockSource, { ...CODE, scrolling: values.content === 'scrolling' });
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}

/** Joins a class through the UI as a student, up to its stage showing. */
async function enterClass(p, code, name) {
  await p.getByRole('button', { name: 'Join a class' }).click();
  await p.getByLabel('Room code').fill(code);
  await p.getByLabel('Your name').fill(name);
  await p.getByRole('button', { name: 'Join' }).click();
  await p.getByRole('region', { name: 'Stage' }).waitFor();
}

/** Ms from `t` (performance.now()) to the stage's first presented frame; Infinity after 15 s. */
async function firstFrameSince(p, t) {
  try {
    await p.waitForFunction((sel) => {
      const v = document.querySelector(sel);
      return v && v.getVideoPlaybackQuality().totalVideoFrames > 0;
    }, STAGE_VIDEO, { timeout: 15_000, polling: 20 });
    return performance.now() - t;
  } catch {
    // Reported, not fatal: a benchmark prints what happened.
    console.log('a student showed no frame within 15 s');
    return Infinity;
  }
}

/** Joins as a student; resolves with ms from the stage showing to its first frame. */
async function joinAsStudent(p, code, name) {
  await enterClass(p, code, name);
  return firstFrameSince(p, performance.now());
}

/** The teacher's page, sharing its "screen" through the app's own button. */
async function sharingTeacher(teacherB, host) {
  const teacher = await newPage(teacherB.browser, host.teacherUrl, { clockSource: true });
  await share(teacher);
  return teacher;
}

async function share(teacher) {
  await teacher.getByRole('button', { name: 'Share screen' }).click();
  await teacher.getByRole('button', { name: 'Stop sharing' }).waitFor();
}

/** Clock offsets, a 2 s settle, then one measuring window. */
async function settleAndMeasure(teacherB, teacher, students, selector, extra) {
  const offsets = { teacher: await clockOffset(teacher), students: [] };
  for (const p of students) offsets.students.push(await startReader(p, selector, CLOCK));
  await sleep(2000);
  return measure({ seconds: SECONDS, teacherPid: teacherB.pid, teacher, students, offsets, ...extra });
}

async function runSfu(n, teacherB, studentB, sfu) {
  const host = await startHostChild(sfu);
  const teacher = await sharingTeacher(teacherB, host);
  const students = [];
  const joinMs = [];
  for (let i = 0; i < n; i++) {
    const p = await newPage(await studentB.browserFor(i), `${host.url}/`);
    joinMs.push(await joinAsStudent(p, host.code, `S${i}`));
    students.push(p);
  }
  const m = await settleAndMeasure(teacherB, teacher, students, STAGE_VIDEO, { hostAsk: host.ask });
  await Promise.all([teacher, ...students].map((p) => p.context().close()));
  await host.ask('close');
  return { ...m, joinMs };
}

/**
 * A class of N as it is in a real room, where every student decodes on their own machine: N − 1
 * light students (viewers.mjs: real joins and viewer legs, ICE/DTLS/SRTP, no decoding) and one
 * Chromium student who joins, watches and leaves JOINS times while the others keep watching.
 * The host forwards to all N; the Chromium student's figures are what one student sees.
 */
async function runClass(n, teacherB, studentB) {
  const host = await startHostChild('worker');
  const teacher = await newPage(teacherB.browser, host.teacherUrl, { clockSource: true });
  const light = await startChild('viewers.mjs');
  const lightJoin = await light.ask('join', { url: host.url, code: host.code, count: n - 1 });
  if (lightJoin.failed) console.log(`N=${n} class: ${lightJoin.failed} light students could not join`);
  // Share to a full class, SHARES times (stop, then share again): from the click to the
  // first frame on every student.
  let student = await newPage(await studentB.browserFor(0), `${host.url}/`);
  await enterClass(student, host.code, 'Visitor 0');
  const shareMs = [];
  for (let k = 0; k < SHARES; k++) {
    if (k > 0) {
      await teacher.getByRole('button', { name: 'Stop sharing' }).click();
      await student.waitForFunction((sel) => !document.querySelector(sel), STAGE_VIDEO);
      await sleep(500);
    }
    await light.ask('resetFirstFrames');
    const clickedAt = Date.now();
    const t = performance.now();
    await share(teacher);
    shareMs.push(await firstFrameSince(student, t));
    await sleep(1000);
    shareMs.push(...(await light.ask('firstFrames')).at.map((at) => (at === null ? Infinity : at - clickedAt)));
  }
  // Late joins while the others keep watching.
  const joinMs = [];
  for (let j = 0; j < JOINS; j++) {
    await student.context().close(); // the previous visit leaves; the next one is a late join
    await sleep(300);
    student = await newPage(await studentB.browserFor(0), `${host.url}/`);
    joinMs.push(await joinAsStudent(student, host.code, `Visitor ${j + 1}`));
  }
  const m = await settleAndMeasure(teacherB, teacher, [student], STAGE_VIDEO, { hostAsk: host.ask, lightAsk: light.ask });
  await Promise.all([teacher, student].map((p) => p.context().close()));
  await light.ask('close');
  await host.ask('close');
  return { ...m, joinMs, shareMs, lightJoined: lightJoin.joined };
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
  const m = await settleAndMeasure(teacherB, teacher, students, 'video', {});
  await Promise.all([teacher, ...students].map((p) => p.context().close()));
  await host.ask('close');
  return m;
}

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
const joins = { sfu: [], 'sfu-inline': [], class: [] };
try {
  for (const n of COUNTS) {
    for (const mode of MODES) {
      const r =
        mode === 'mesh'
          ? await runMesh(n, teacherB, studentB)
          : mode === 'class'
            ? await runClass(n, teacherB, studentB)
            : await runSfu(n, teacherB, studentB, mode === 'sfu-inline' ? 'inline' : 'worker');
      if (r.joinMs) joins[mode].push(...r.joinMs);
      rows.push({ n, mode, ...r });
      console.log(
        `N=${n} ${mode}: teacher CPU ${f(r.teacherCpu)}%, encoded ${f(r.encodedFps, 1)} fps, host CPU ${f(r.hostCpu)}% (main thread ${f(r.hostMainCpu)}%), ` +
          `ELD p99 ${f(r.eldP99, 1)} ms, other processes ${f(r.otherCpu)}% CPU, student fps min/mean ${f(r.studentFpsMin, 1)}/${f(r.studentFpsMean, 1)}, freezes ${r.freezes}, ` +
          `g2g p50/p95 ${f(pct(r.g2g, 50))}/${f(pct(r.g2g, 95))} ms (painted→received ${f(pct(r.g2r, 50))}/${f(pct(r.g2r, 95))} ms; ${r.g2g.length} frames, ${r.unreadable} unreadable, clock skew ≤ ${f(r.clockSkewMax, 1)} ms), ` +
          `student jitter buffer ${f(r.jitterBufferMs)} ms + decode ${f(r.decodeMs, 1)} ms per frame (mean)` +
          `${r.joinMs ? `, join→frame max ${f(Math.max(...r.joinMs))} ms` : ''}` +
          `${r.lightCpu != null ? `; ${r.lightJoined} light students, their process ${f(r.lightCpu)}% CPU, ${f(r.lightMbps, 1)} Mbit/s received in all` : ''}` +
          `${r.shareMs ? `; share→first frame (${r.shareMs.length} student-shares): p50 ${f(pct(r.shareMs, 50))} ms, p95 ${f(pct(r.shareMs, 95))} ms, max ${f(Math.max(...r.shareMs))} ms` : ''}`,
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
  `\nteacher CPU(${hi})/CPU(${lo}) (target ≤ 1.3): ` +
    MODES.map((m) => `${m} ${f(ratio(row(hi, m)?.teacherCpu, row(lo, m)?.teacherCpu), 2)}`).join(', '),
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
const shares = rows.flatMap((r) => r.shareMs ?? []);
if (shares.length) console.log(`share-to-first-frame (class, ${shares.length} student-shares): p50 ${f(pct(shares, 50))} ms, p95 ${f(pct(shares, 95))} ms (target ≤ 1000)`);
for (const [mode, js] of Object.entries(joins)) {
  if (js.length) console.log(`join-to-first-frame (${mode}, ${js.length} joins): p50 ${f(pct(js, 50))} ms, p95 ${f(pct(js, 95))} ms (target ≤ 1000)`);
}
console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
