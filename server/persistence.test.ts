/**
 * Restarts and start-up failures: the class lives in the SQLite file, so a new host on the
 * same data folder carries on where the old one stopped.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enterAsTeacher } from '../shared/client';
import { createHost } from './host';
import { silentLogger } from './log';
import { DB_FILE } from './store/database';
import { openHandlesTo } from './test-support/db';
import { handshake, rawClient, waitUntil } from './test-support/raw';
import { connectWithToken, joinAsStudent, joinAsTeacher, startTestHost, tempDir, texts, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

describe('restarting the host on the same data folder', () => {
  it('continues the live class: same code, same teacher token, old sessions and the history', async () => {
    const first = await startTestHost();
    const dataDir = first.dataDir;
    const teacher = await joinAsTeacher(first);
    const ana = await joinAsStudent(first, 'Ana');
    for (const t of ['one', 'two', 'three']) await ana.sendMessage(t);
    await teacher.sendMessage('four');
    await waitFor(teacher, 'messages', () => teacher.messages.length === 4);
    const { code, teacherToken } = first;
    const roomId = teacher.room!.id;
    const anaId = ana.you!.id;
    ana.close();
    teacher.close();
    await first.close();
    // The old host is really gone.
    await expect(fetch(`${first.url}/health`)).rejects.toThrow();

    const second = track(await startTestHost({ dataDir }));
    expect(second.code).toBe(code);
    expect(second.teacherToken).toBe(teacherToken);
    expect(second.teacherUrl).toContain(`token=${encodeURIComponent(teacherToken)}`);

    // Ana's old token still gets in, as the same participant, with the whole history.
    const anaAgain = track(await connectWithToken(second.url, ana.token));
    expect(anaAgain.you?.id).toBe(anaId);
    expect(anaAgain.room).toMatchObject({ id: roomId, code, status: 'live' });
    expect(texts(anaAgain.messages)).toEqual(['one', 'two', 'three', 'four']);

    // The teacher's link (teacher token) works and lands in the same class.
    const t = await enterAsTeacher(second.url, teacherToken);
    expect(t.ok && t.data.room.id).toBe(roomId);
    const teacherAgain = track(await joinAsTeacher(second));
    expect(teacherAgain.you?.id).toBe(teacher.you!.id);

    // And the class carries on: seq continues, no duplicates.
    const five = await anaAgain.sendMessage('five');
    expect(five.ok && five.data.seq).toBe(5);
    await waitFor(teacherAgain, 'messages', () => teacherAgain.messages.length === 5);
    expect(teacherAgain.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a reconnect with lastSeq after the restart gets only what it missed', async () => {
    const first = await startTestHost();
    const ben = await joinAsStudent(first, 'Ben');
    await ben.sendMessage('seen');
    ben.close();
    await first.close();
    const second = track(await startTestHost({ dataDir: first.dataDir }));
    const teacher = track(await joinAsTeacher(second));
    await teacher.sendMessage('missed');
    // A client that had seq 1 before the restart gets only seq 2 …
    const resumed = track(rawClient(second.url, { token: ben.token, lastSeq: 1 }));
    resumed.socket.connect();
    await waitUntil(() => resumed.payloads('history').length === 1, 5000, 'history after lastSeq');
    expect(resumed.payloads('history')[0]).toMatchObject({ messages: [{ seq: 2, text: 'missed' }], hasMore: false });
    // … and a fresh page load (no lastSeq) gets everything.
    const reload = track(await connectWithToken(second.url, ben.token));
    expect(texts(reload.messages)).toEqual(['seen', 'missed']);
  });

  it('an ended class stays ended after a restart, and a fresh class is opened', async () => {
    const first = await startTestHost();
    const teacher = await joinAsTeacher(first);
    const ana = await joinAsStudent(first, 'Ana');
    const oldCode = first.code;
    await teacher.endClass();
    await waitFor(ana, 'status', () => ana.status === 'ended');
    await first.close();
    const second = track(await startTestHost({ dataDir: first.dataDir }));
    expect(second.code).not.toBeNull();
    expect(second.code).not.toBe(oldCode);
    const refused = await handshake(second.url, { token: ana.token });
    expect(refused.connected).toBe(false);
  });
});

describe('start-up failures', () => {
  it('a taken port with strictPort rejects and releases the database file', async () => {
    const busy = track(await startTestHost());
    const dataDir = tempDir();
    await expect(
      createHost({ dataDir, host: '127.0.0.1', port: busy.port, strictPort: true, logger: silentLogger() }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    // No handle left open on the file (checked via /proc where available) …
    const handles = openHandlesTo(path.join(dataDir, DB_FILE));
    if (handles !== undefined) expect(handles).toBe(0);
    // … and the same folder can host a class right away.
    const retry = track(await startTestHost({ dataDir }));
    expect(retry.code).toMatch(/^[0-9A-Z]{6}$/);
  });

  it('without strictPort a taken port falls back to a free one', async () => {
    const busy = track(await startTestHost());
    const other = track(await startTestHost({ port: busy.port }));
    expect(other.port).not.toBe(busy.port);
    expect((await fetch(`${other.url}/health`)).status).toBe(200);
  });

  it('close() is idempotent and stops answering', async () => {
    const host = await startTestHost();
    await Promise.all([host.close(), host.close()]);
    await host.close();
    await expect(fetch(`${host.url}/health`)).rejects.toThrow();
  });
});
