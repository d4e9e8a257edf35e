/**
 * The report: the results table, the verdict per target, and one JSON line (the record that
 * goes into bench/chat/results/*.jsonl).
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  CONCURRENCY,
  MAX_REDO,
  N,
  OTHER_LOAD_LIMIT,
  QUIET_WAIT_S,
  R,
  REPEAT,
  RSS_N,
  RSS_REPEAT,
  RSS_ROOM,
  T,
  TEXT_BYTES,
  W,
  WS_SEND,
} from './options.mjs';
import { fmt, ratio, round, table } from './util.mjs';

const here = import.meta.dirname;

/** Which code was measured: the commit, and how many files differ from it. */
export function gitInfo() {
  const git = (...a) => execFileSync('git', a, { cwd: path.resolve(here, '../..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirtyFiles: git('status', '--porcelain').split('\n').filter(Boolean).length };
  } catch {
    return { commit: null, dirtyFiles: null };
  }
}

/** Prints the table and verdicts, then the run's JSON summary as the last line. */
export function printReport({ started, machine, build, host, ws, discarded, rssHost, rssWs }) {
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
