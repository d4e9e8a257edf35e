/** Attendance from real joins, leaves and reconnects; backup while chatting; restore. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectWithToken, joinAsStudent, joinAsTeacher, startTestHost, tempDir, waitFor, closeAfterEach } from './test-support/testHost';
import { restoreInto } from './store/backup';
import { DB_FILE } from './store/database';

const track = closeAfterEach();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('attendance', () => {
  it('a leave and a return are two stretches of one person; a quick reconnect is not a new stretch', async () => {
    const host = track(await startTestHost({ leaveGraceMs: 300 }));
    const teacher = track(await joinAsTeacher(host));
    const ana = await joinAsStudent(host, 'Ana');
    const ben = track(await joinAsStudent(host, 'Ben'));
    await ana.sendMessage('hi');

    // Ben's Wi-Fi blips: reconnects inside the grace period.
    (ben as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine.close();
    await waitFor(ben, 'status', () => ben.status === 'connected', 5000);

    // Ana closes her laptop, then comes back with the same session.
    ana.close();
    await waitFor(teacher, 'participants', () => teacher.participants.length === 2, 5000);
    const back = track(await connectWithToken(host.url, ana.token));
    await waitFor(teacher, 'participants', () => teacher.participants.length === 3);

    const lectureId = host.playground.listLectures().then((ls) => ls[0]!.id);
    const rows = (await host.playground.getLectureDetails(await lectureId)).attendance;
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Ana', 'Ben', 'Teacher']);
    expect(byName.Ana!.intervals).toHaveLength(2);
    expect(byName.Ana!.intervals[0]!.leftAt).not.toBeNull();
    expect(byName.Ana).toMatchObject({ present: true, messages: 1, lastLeave: null });
    expect(byName.Ben!.intervals).toHaveLength(1);
    expect(back.you?.id).toBe(ana.you?.id);
  });

  it('ending the class closes every open stretch', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    track(await joinAsStudent(host, 'Ana'));
    expect((await teacher.endClass()).ok).toBe(true);
    const [lecture] = await host.playground.listLectures();
    expect(lecture!.status).toBe('completed');
    const rows = (await host.playground.getLectureDetails(lecture!.id)).attendance;
    expect(rows.every((r) => !r.present && r.lastLeave)).toBe(true);
  });
});

describe('backup and restore', () => {
  it('backs up consistently while messages are being written, and restores into an empty dir', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinAsStudent(host, 'Ana'));
    let sending = true;
    let acked = 0;
    const writer = (async () => {
      for (let i = 0; sending && i < 2000; i++) if ((await ana.sendMessage(`m${i}`)).ok) acked++;
    })();
    await sleep(100);
    const file = path.join(tempDir(), 'backup.sqlite');
    await host.playground.backup(file);
    const atBackup = acked;
    sending = false;
    await writer;

    const restoredDir = tempDir();
    expect(restoreInto(file, restoredDir)).toEqual({ integrity: 'ok' });
    const db = new Database(path.join(restoredDir, DB_FILE), { readonly: true });
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number };
    const seqs = db.prepare('SELECT seq FROM messages ORDER BY seq').all() as { seq: number }[];
    db.close();
    expect(n).toBeGreaterThanOrEqual(atBackup > 0 ? 1 : 0);
    // A consistent snapshot: seqs are 1..n with no holes.
    expect(seqs.map((r) => r.seq)).toEqual([...Array(n).keys()].map((i) => i + 1));

    const restored = track(await startTestHost({ dataDir: restoredDir }));
    expect(restored.code).toBe(host.code);
  });

  it('refuses to restore over existing data or from a file that is not a backup', async () => {
    const dir = tempDir();
    const host = await startTestHost({ dataDir: dir });
    await host.close();
    const bogus = path.join(tempDir(), 'notes.sqlite');
    fs.writeFileSync(bogus, 'this is not a database at all, just text '.repeat(100));
    expect(() => restoreInto(bogus, tempDir())).toThrow(/not a Teaching Playground backup|damaged/);
    expect(() => restoreInto(path.join(dir, DB_FILE), dir)).toThrow(/Restore into an empty folder/);
  });
});
