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
import os from 'node:os';
import { N, PIN, RSS_N, SKIP_WS } from './options.mjs';
import { killChildren, pinTo, watchdog } from './process.mjs';
import { hostDriver, wsDriver } from './drivers.mjs';
import { chatPhases } from './phases.mjs';
import { rssPhase } from './memory.mjs';
import { gitInfo, printReport } from './report.mjs';
import { checkFdLimit, openFileLimit, round } from './util.mjs';

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
  printReport({ started, machine, build, host, ws, discarded, rssHost, rssWs });
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
