/**
 * The chat phase: connect N students to each server, warm up, then measured windows of T s at
 * R msg/s alternating host / ws, windows with other load set aside and redone; pooled figures.
 */
import {
  DRAIN_TIMEOUT_MS,
  HTTP_IDLE_MS,
  MAX_REDO,
  N,
  OTHER_LOAD_LIMIT,
  R,
  REPEAT,
  SKIP_WS,
  T,
  TIMELINE,
  W,
} from './options.mjs';
import { hostDriver, wsDriver } from './drivers.mjs';
import { clientGc, cpuUs, machineCpu, pctOfCore, waitForQuietMachine } from './machine.mjs';
import { memDelta } from './memory.mjs';
import { Run, concat, dist, printTimeline, recording, sendRun } from './recording.mjs';
import { MB, connectAll, fmt, nowMs, reportConnectErrors, round, sleep, waitQuiet, waitUntil } from './util.mjs';

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
  const run = new Run(recording.nextIndex, T * R, driver.receivers);
  recording.nextIndex += T * R;
  clientGc();
  await sleep(100);
  recording.currentRun = run;
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
  recording.currentRun = null;

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

export async function chatPhases() {
  const host = hostDriver();
  const ws = SKIP_WS ? null : wsDriver();
  try {
    await setupChat(host);
    if (ws) await setupChat(ws);

    console.log(`\n== sending: ${R} msg/s; ${W} s warm-up each, then ${REPEAT} clean windows of ${T} s per server, alternating ==`);
    for (const d of [host, ws].filter(Boolean)) {
      if (W === 0) continue;
      const warm = (recording.currentRun = new Run(recording.nextIndex, W * R, d.receivers));
      recording.nextIndex += W * R;
      await sendRun(d, warm, R);
      await waitUntil(() => warm.delivered >= warm.expected, DRAIN_TIMEOUT_MS);
      recording.currentRun = null;
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
    recording.currentRun = null;
    await host.close();
    await ws?.close();
  }
}

