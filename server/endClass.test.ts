/** Ending a class: real host, real SQLite file, real socket.io clients. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HealthSchema, TeacherSessionSchema, resultSchema, type ClassEnded } from '../shared';
import { enterAsTeacher, joinClass } from '../shared/client';
import { DB_FILE } from './store/database';
import { handshake, http, joinRaw, waitUntil } from './test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost, texts, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

async function health(url: string) {
  return HealthSchema.parse((await http(`${url}/health`)).json);
}

/** Reads the host's SQLite file directly, as an admin with a DB browser would. */
function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('End class by the teacher', () => {
  it('tells every student, refuses their sessions, clears live state and keeps the chat', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const carl = track(await joinRaw(host, 'Carl'));
    const ended: ClassEnded[] = [];
    for (const c of [ana, ben]) c.on('class_ended', (e) => ended.push(e));
    await teacher.sendMessage('welcome');
    await ana.sendMessage('hi');
    await ben.sendMessage('hello');
    await waitFor(ben, 'messages', () => ben.messages.length === 3);
    expect(await health(host.url)).toMatchObject({ rooms: 1, connections: 4 });
    const roomId = teacher.room!.id;

    const res = await teacher.endClass();
    expect(res).toMatchObject({ ok: true, data: { roomId } });

    for (const c of [ana, ben, teacher]) await waitFor(c, 'status', () => c.status === 'ended');
    expect(ended).toHaveLength(2);
    expect(ended[0]).toMatchObject({ roomId, message: expect.stringMatching(/ended/) });
    await waitUntil(() => carl.payloads('class_ended').length === 1, 5000, 'raw student class_ended');
    await waitUntil(() => carl.socket.disconnected, 5000, 'raw student disconnected by the host');

    // Old sessions are refused on reconnect.
    for (const token of [ana.token, carl.token, teacher.token]) {
      const again = await handshake(host.url, { token });
      expect(again.connected).toBe(false);
      if (!again.connected) expect(['ROOM_ENDED', 'UNAUTHORIZED']).toContain((again.data as { code: string }).code);
    }

    // Live state is gone; the code no longer admits anyone.
    await waitUntil(async () => (await health(host.url)).connections === 0, 5000, 'connections to drop');
    expect(await health(host.url)).toMatchObject({ rooms: 0, connections: 0 });
    expect(host.code).toBeNull();
    expect(await joinClass(host.url, { code: teacher.room!.code, name: 'Late' })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_NOT_FOUND' },
    });

    // The chat and the record of the class stay in the database file.
    const stored = readDb(host.dataDir, (db) => ({
      messages: db.prepare('SELECT text FROM messages WHERE room_id = ? ORDER BY seq').all(roomId),
      room: db.prepare('SELECT status, ended_at FROM rooms WHERE id = ?').get(roomId),
      sessions: db.prepare('SELECT COUNT(*) AS n FROM sessions').get(),
    }));
    expect(stored.messages).toEqual([{ text: 'welcome' }, { text: 'hi' }, { text: 'hello' }]);
    expect(stored.room).toEqual({ status: 'ended', ended_at: res.ok ? res.data.endedAt : 'x' });
    expect(stored.sessions).toEqual({ n: 0 });
  });

  it('afterwards the teacher can open a new class with a different code, and students can join it', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const oldCode = teacher.room!.code;
    const oldRoomId = teacher.room!.id;
    expect((await teacher.endClass()).ok).toBe(true);
    await waitUntil(async () => (await health(host.url)).rooms === 0, 5000, 'room to close');

    const res = await enterAsTeacher(host.url, host.teacherToken, { newClass: true });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.room.code).not.toBe(oldCode);
    expect(res.data.room.id).not.toBe(oldRoomId);
    expect(res.data.room.status).toBe('live');
    expect(res.data.host.code).toBe(res.data.room.code);
    expect(host.code).toBe(res.data.room.code);
    expect(await health(host.url)).toMatchObject({ rooms: 1 });

    const teacher2 = track(await joinAsTeacher(host));
    expect(teacher2.room?.id).toBe(res.data.room.id);
    const dana = track(await joinAsStudent(host, 'Dana', res.data.room.code));
    await dana.sendMessage('new class, new chat');
    await waitFor(teacher2, 'messages', () => teacher2.messages.length === 1);
    expect(texts(teacher2.messages)).toEqual(['new class, new chat']);
  });

  it('with no live class, entering as the teacher opens one even without newClass', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    await teacher.endClass();
    await waitFor(teacher, 'status', () => teacher.status === 'ended');
    const raw = await http(`${host.url}/api/teacher/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.teacherToken}` },
      body: '{}',
    });
    const parsed = resultSchema(TeacherSessionSchema).parse(raw.json);
    expect(parsed.ok && parsed.data.room.status).toBe('live');
    expect(parsed.ok && parsed.data.room.id).not.toBe(teacher.room!.id);
  });
});

describe('a student cannot end the class', () => {
  it('gets FORBIDDEN and the class carries on for everyone', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const carl = track(await joinRaw(host, 'Carl'));

    expect(await ana.endClass()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const rawReply = await carl.socket.timeout(2000).emitWithAck('class:end', {});
    expect(rawReply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });

    expect(ana.status).toBe('connected');
    expect((await ana.sendMessage('still here')).ok).toBe(true);
    await waitFor(teacher, 'messages', () => teacher.messages.length === 1);
    expect(carl.payloads('class_ended')).toEqual([]);
    expect(teacher.status).toBe('connected');
    expect(await health(host.url)).toMatchObject({ rooms: 1 });
    expect(host.code).toBe(teacher.room!.code);
    readDb(host.dataDir, (db) => {
      expect(db.prepare('SELECT status FROM rooms WHERE id = ?').get(teacher.room!.id)).toEqual({ status: 'live' });
    });
  });
});
