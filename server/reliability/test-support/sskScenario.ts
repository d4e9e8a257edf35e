/**
 * Run by reconnectNetns.test.ts inside `unshare -rn` (a private network namespace with only
 * loopback, where we may use `ss -K`): a host, a teacher and a student; the student's TCP
 * connection is destroyed by the kernel (`ss -K`, both ends) mid-class, the way a dead Wi-Fi
 * link or a NAT timeout ends it. Prints one JSON line with what the student ended up with.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChatMessage } from '../../../shared';
import { RoomConnection, enterAsTeacher, joinClass } from '../../../shared/client';
import { createHost } from '../../host';
import { silentLogger } from '../../log';

// Not test-support/testHost: that registers vitest hooks, and this runs outside vitest.
const texts = (ms: readonly ChatMessage[]) => ms.map((m) => m.text);
function waitFor(conn: RoomConnection, event: 'messages' | 'status' | 'synced', ok: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting on ${event}`)), ms);
    const check = () => ok() && (clearTimeout(timer), off(), resolve());
    const off = conn.on(event, check);
    check();
  });
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-ssk-'));
  const host = await createHost({ host: '127.0.0.1', port: 0, logger: silentLogger(), dataDir });
  const session = await enterAsTeacher(host.url, host.teacherToken);
  if (!session.ok) throw new Error(session.error.message);
  const teacher = new RoomConnection({ baseUrl: host.url, token: session.data.token }).connect();
  await waitFor(teacher, 'synced', () => teacher.lastSeq !== undefined);
  const joined = await joinClass(host.url, { code: host.code!, name: 'Ana' });
  if (!joined.ok) throw new Error(joined.error.message);
  const ana = new RoomConnection({ baseUrl: host.url, token: joined.data.token }).connect(); // production backoff
  await waitFor(ana, 'synced', () => ana.lastSeq !== undefined);
  const me = ana.you!.id;
  for (let i = 0; i < 3; i++) await teacher.sendMessage(`before${i}`);
  await waitFor(ana, 'messages', () => ana.messages.length === 3);

  // The student's own TCP connection (the teacher's stays up).
  const engine = (ana as unknown as { socket: { io: { engine: { transport: { ws: { _socket: { localPort: number } } } } } } }).socket.io.engine;
  const port = engine.transport.ws._socket.localPort;
  execFileSync('ss', ['-K', `( sport = :${port} or dport = :${port} )`], { stdio: 'ignore' });
  await waitFor(ana, 'status', () => ana.status === 'reconnecting', 3000);
  const droppedAt = Date.now();
  const offline = ['offline-a', 'offline-b'].map((t) => ana.sendMessage(t));
  for (let i = 0; i < 3; i++) await teacher.sendMessage(`during${i}`);
  await waitFor(ana, 'status', () => ana.status === 'connected', 5000);
  const reconnectMs = Date.now() - droppedAt;
  const sends = (await Promise.all(offline)).map((r) => r.ok);
  await waitFor(ana, 'messages', () => ana.messages.length >= 8, 5000);
  await waitFor(teacher, 'messages', () => teacher.messages.length >= 8, 5000);
  await new Promise((r) => setTimeout(r, 100));
  console.log(
    JSON.stringify({
      reconnectMs,
      sameParticipant: ana.you?.id === me,
      sends,
      ana: texts(ana.messages),
      anaSeqs: ana.messages.map((m) => m.seq),
      teacher: texts(teacher.messages),
      teacherStayed: teacher.status === 'connected',
    }),
  );
  ana.close();
  teacher.close();
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
