/**
 * Host crash (issue #7, item 2): SIGKILL the real host process during a burst of chat, start
 * it again on the same data folder and port. Every message acknowledged to its sender is in
 * the database exactly once, the database passes integrity_check, and the students' pages
 * reconnect by themselves and resync from the store: the same messages, in seq order, once.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, Result } from '../../shared';
import { DB_FILE } from '../store/database';
import { runCli, type CliRun } from '../test-support/cli';
import { waitUntil } from '../test-support/raw';
import { joinAsStudent, tempDir, waitFor } from '../test-support/testHost';

const runs: CliRun[] = [];
const closers: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  // Only the children this file started, each by its own handle.
  for (const r of runs.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) await r.stop('SIGKILL');
});

async function startHost(dataDir: string, port: number) {
  const run = runCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--json']);
  runs.push(run);
  const [line] = await run.waitForStdout(/^\{.*\}\n/m, 30_000);
  return { run, info: JSON.parse(line) as { url: string; port: number; code: string } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('host killed mid-class', () => {
  it('loses no acknowledged message, keeps a sound database, and clients resync', async () => {
    const dataDir = tempDir('tp-crash-');
    const first = await startHost(dataDir, 0);
    const { url, port, code } = first.info;
    const students = await Promise.all(['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'].map((n) => joinAsStudent({ url, code }, n)));
    closers.push(...students);

    // Each student chats at 4 messages/s (under the 5/s chat budget): 24 messages/s in all.
    const sent: { text: string; result: Promise<Result<ChatMessage>>; ackedAt?: number }[] = [];
    let sending = true;
    const loops = students.map(async (s, k) => {
      for (let i = 0; sending; i++) {
        const text = `s${k}-m${i}`;
        const entry: (typeof sent)[number] = { text, result: s.sendMessage(text) };
        void entry.result.then((r) => r.ok && (entry.ackedAt = Date.now()));
        sent.push(entry);
        await sleep(250);
      }
    });
    await sleep(1500);
    first.run.child.kill('SIGKILL');
    const killedAt = Date.now();
    sending = false;
    await loops;
    expect((await first.run.exited).signal).toBe('SIGKILL');
    const ackedBeforeKill = sent.filter((e) => e.ackedAt !== undefined && e.ackedAt <= killedAt).map((e) => e.text);
    expect(ackedBeforeKill.length).toBeGreaterThan(20);

    await waitFor(students[0]!, 'status', () => students[0]!.status === 'reconnecting', 5000);
    const second = await startHost(dataDir, port);
    expect(second.info).toMatchObject({ port, code });

    // Messages in flight at the kill are resent by the clients (same client ids) and settle.
    const results = await Promise.all(sent.map((e) => e.result));
    const acked = sent.filter((_, i) => results[i]!.ok).map((e) => e.text);
    expect(acked.length).toBeGreaterThanOrEqual(ackedBeforeKill.length);

    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    let stored: { text: string; seq: number }[];
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      stored = db.prepare('SELECT text, seq FROM messages ORDER BY seq').all() as { text: string; seq: number }[];
    } finally {
      db.close();
    }
    const storedTexts = stored.map((m) => m.text);
    for (const t of ackedBeforeKill) expect(storedTexts, `acked before the kill: ${t}`).toContain(t);
    for (const t of acked) expect(storedTexts.filter((x) => x === t), `stored once: ${t}`).toHaveLength(1);
    expect(new Set(storedTexts).size).toBe(storedTexts.length);

    // Every page reconnected by itself and holds exactly the store's chat, in seq order.
    for (const s of students) {
      await waitUntil(() => s.status === 'connected' && s.messages.length >= stored.length, 10_000, `${s.messages.length} of ${stored.length} messages`);
      expect(s.messages.map((m) => m.text)).toEqual(storedTexts);
      expect(s.messages.map((m) => m.seq)).toEqual(stored.map((m) => m.seq));
    }
  }, 90_000);
});
