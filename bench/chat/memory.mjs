/**
 * Memory: RSS and heap per connected student, from the server child's stats after full GCs;
 * the RSS phase runs fresh servers with --rss-students idle students, several times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HTTP_IDLE_MS, RSS_REPEAT, RSS_ROOM, SNAPSHOT_DIR } from './options.mjs';
import { KB, MB, connectAll, median, nowMs, reportConnectErrors, round, sleep, waitQuiet } from './util.mjs';

export function memDelta(a, b, n) {
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

export async function rssPhase(makeDriver, n) {
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
