/**
 * Test helpers: a real host on 127.0.0.1 port 0 with a fresh SQLite file in a temp dir, and
 * real socket.io clients (our RoomConnection) joined through the real HTTP API.
 */
import fs from 'node:fs';
import { afterEach } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { enterAsTeacher, joinClass, RoomConnection } from '../../shared/client';
import type { ChatMessage, Participant } from '../../shared';
import { createHost, type Host, type HostOptions } from '../host';
import { silentLogger } from '../log';

export function tempDir(prefix = 'tp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestHost(opts: Partial<HostOptions> = {}): Promise<Host & { dataDir: string }> {
  const dataDir = opts.dataDir ?? tempDir();
  const host = await createHost({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger(),
    leaveGraceMs: 50,
    ...opts,
    dataDir,
  });
  return Object.assign(host, { dataDir });
}

/** Resolves when `predicate` holds, re-checking on every `event` of the connection. */
export function waitFor<T>(
  conn: RoomConnection,
  event: 'messages' | 'participants' | 'status' | 'room_state' | 'class_ended' | 'error' | 'synced',
  predicate: () => T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = predicate();
      if (v) {
        off();
        clearTimeout(timer);
        resolve(v);
      }
    };
    const off = conn.on(event, check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting on '${event}'`));
    }, timeoutMs);
    check();
  });
}

export async function connectWithToken(baseUrl: string, token: string): Promise<RoomConnection> {
  const conn = new RoomConnection({ baseUrl, token, reconnectionDelayMs: 100, reconnectionDelayMaxMs: 500 });
  conn.connect();
  // room_state comes first, then the history that sets lastSeq.
  await waitFor(conn, 'synced', () => conn.room !== undefined && conn.lastSeq !== undefined);
  return conn;
}

export async function joinAsStudent(host: Pick<Host, 'url' | 'code'>, name: string, code = host.code!): Promise<RoomConnection & { token: string }> {
  const res = await joinClass(host.url, { code, name });
  if (!res.ok) throw new Error(`join failed: ${res.error.code} ${res.error.message}`);
  const conn = await connectWithToken(host.url, res.data.token);
  return Object.assign(conn, { token: res.data.token });
}

export async function joinAsTeacher(host: Host, opts: { newClass?: boolean } = {}) {
  const res = await enterAsTeacher(host.url, host.teacherToken, opts);
  if (!res.ok) throw new Error(`teacher session failed: ${res.error.message}`);
  return Object.assign(await connectWithToken(host.url, res.data.token), { token: res.data.token });
}

export const texts = (ms: readonly ChatMessage[]) => ms.map((m) => m.text);
export const names = (ps: readonly Participant[]) => ps.map((p) => `${p.name}:${p.role}`);

type Closer = { close(): unknown };

/**
 * Registers an afterEach that closes everything passed to the returned `track` (newest
 * first), so a failing test never leaves a host or a socket open for the next one.
 */
export function closeAfterEach(): <T extends Closer>(x: T) => T {
  const open: Closer[] = [];
  afterEach(async () => {
    for (const x of open.splice(0).reverse()) await x.close();
  });
  return (x) => (open.push(x), x);
}
