/**
 * Privilege matrix (issue #7, item 4). Every client event has an entry here: who may send it
 * and, for teacher-only events, a payload that passes validation (so the refusal we see is the
 * authorization step, not the schema). A new event in CLIENT_EVENT_NAMES without an entry, or
 * an entry that disagrees with TEACHER_ONLY_EVENTS, fails the first test.
 *
 * Then each teacher-only event is sent by a student and must be refused FORBIDDEN and change
 * nothing: not one row of the database, not one event to anyone else. Sockets without a valid
 * token never get that far: the handshake refuses them. Teacher HTTP routes are refused to
 * students and to anonymous callers the same way.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_EVENT_NAMES, TEACHER_ONLY_EVENTS, clientEvents, type ClientEventName } from '../../shared';
import { DB_FILE } from '../store/database';
import { emitAck, handshake, http, joinRaw, rawClient, waitUntil } from '../test-support/raw';
import { joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';

const track = closeAfterEach();

type Entry = { who: 'anyone' } | { who: 'teacher'; sample: unknown };
const ID = 'p_0123456789abcdef';

/** Who may send each client event. Add a line for every new event. */
const MATRIX: Record<string, Entry> = {
  'chat:send': { who: 'anyone' },
  'chat:history': { who: 'anyone' },
  'class:end': { who: 'teacher', sample: {} },
  'class:leave': { who: 'anyone' },
  'media:publish': { who: 'anyone' },
  'media:update': { who: 'anyone' },
  'media:unpublish': { who: 'anyone' },
  'media:subscribe': { who: 'anyone' },
  'media:answer': { who: 'anyone' },
  'media:stage': { who: 'teacher', sample: { participantId: null } },
  'media:link': { who: 'anyone' },
  'interaction:sync': { who: 'anyone' },
  'hand:raise': { who: 'anyone' },
  'hand:lower': { who: 'anyone' },
  'hand:dismiss': { who: 'teacher', sample: {} },
  'poll:create': { who: 'teacher', sample: { question: 'Best?', options: ['a', 'b'], multiple: false, anonymous: false } },
  'poll:vote': { who: 'anyone' },
  'poll:close': { who: 'teacher', sample: { pollId: ID, showResults: true } },
  'quiz:create': {
    who: 'teacher',
    sample: { title: 'Q', questions: [{ prompt: 'One?', options: ['1', '2'], correct: 0 }], seconds: 60 },
  },
  'quiz:submit': { who: 'anyone' },
  'quiz:close': { who: 'teacher', sample: { quizId: ID } },
  'announce:send': { who: 'teacher', sample: { text: 'Listen up', priority: 'urgent' } },
  'announce:ack': { who: 'anyone' },
  'message:delete': { who: 'teacher', sample: { messageId: ID } },
  'chat:mute': { who: 'teacher', sample: { participantId: ID, muted: true } },
  'class:remove': { who: 'teacher', sample: { participantId: ID } },
  typing: { who: 'anyone' },
  'chat:read': { who: 'anyone' },
  'surface:sync': { who: 'anyone' },
  'surface:update': { who: 'anyone' },
  'surface:awareness': { who: 'anyone' },
  'surface:permission': { who: 'teacher', sample: { surface: 'board', permission: { mode: 'everyone', participantIds: [] } } },
  'files:list': { who: 'anyone' },
};

/** Every teacher-only HTTP route (issue #7 adds rotate-code; lecturesApi.test.ts keeps its own list). */
const TEACHER_ROUTES: [string, string, unknown?][] = [
  ['POST', '/api/rooms/rotate-code', {}],
  ['GET', '/api/status'],
  ['GET', '/api/classrooms'],
  ['POST', '/api/classrooms', { name: 'x', capacity: 1 }],
  ['PATCH', '/api/classrooms/ID', { name: 'x' }],
  ['DELETE', '/api/classrooms/ID'],
  ['GET', '/api/lectures'],
  ['POST', '/api/lectures', { title: 'x' }],
  ['GET', '/api/lectures/ID'],
  ['PATCH', '/api/lectures/ID', { title: 'x' }],
  ['POST', '/api/lectures/ID/start'],
  ['POST', '/api/lectures/ID/end'],
  ['POST', '/api/lectures/ID/cancel'],
  ['GET', '/api/lectures/ID/attendance.csv'],
  ['GET', '/api/lectures/ID/transcript.txt'],
  ['GET', '/api/backup'],
  ['POST', '/api/restore'],
];

/** Every row of every table, in a stable order: "changes nothing" means this stays equal. */
function snapshot(dataDir: string): string {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const dump: Record<string, unknown[]> = {};
    for (const { name } of tables) dump[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    return JSON.stringify(dump);
  } finally {
    db.close();
  }
}

const teacherOnly = CLIENT_EVENT_NAMES.filter((e) => MATRIX[e]?.who === 'teacher');

describe('privilege matrix', () => {
  it('has an entry for every client event, agreeing with TEACHER_ONLY_EVENTS, with valid samples', () => {
    const missing = CLIENT_EVENT_NAMES.filter((e) => !MATRIX[e]);
    expect(missing, 'events without a privilege-matrix entry (add them to MATRIX)').toEqual([]);
    expect(Object.keys(MATRIX).filter((e) => !(CLIENT_EVENT_NAMES as string[]).includes(e)), 'stale entries').toEqual([]);
    expect([...teacherOnly].sort()).toEqual([...TEACHER_ONLY_EVENTS].sort());
    for (const e of teacherOnly) {
      const entry = MATRIX[e] as { sample: unknown };
      const parsed = clientEvents[e as ClientEventName].payload.safeParse(entry.sample);
      expect(parsed.success, `${e}: sample must pass validation (${parsed.error?.message})`).toBe(true);
    }
  });

  it.each(teacherOnly)('%s from a student is refused FORBIDDEN and changes nothing', async (event) => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const bystander = track(await joinRaw(host, 'Bea'));
    const mallory = track(await joinRaw(host, 'Mallory'));
    await new Promise((r) => setTimeout(r, 150)); // let join-time broadcasts settle
    const before = snapshot(host.dataDir);
    const seenBefore = bystander.events.length;
    const teacherMessages = teacher.messages.length;

    const { sample } = MATRIX[event] as { sample: unknown };
    for (let i = 0; i < 3; i++) {
      expect(await emitAck(mallory.socket, event, [sample])).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringMatching(/teacher/i) },
      });
    }
    // The same payload sent twice, and with the sender's own id where an id is asked for.
    const own = JSON.parse(JSON.stringify(sample).replaceAll(ID, mallory.participantId));
    expect(await emitAck(mallory.socket, event, [own])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await new Promise((r) => setTimeout(r, 200));
    expect(snapshot(host.dataDir)).toEqual(before);
    expect(bystander.events.slice(seenBefore)).toEqual([]);
    expect(teacher.messages.length).toBe(teacherMessages);
    expect(mallory.socket.connected && bystander.socket.connected).toBe(true);
    expect(teacher.status).toBe('connected');
  });

  it('sockets without a valid session token cannot send anything: the handshake refuses them', async () => {
    const host = track(await startTestHost());
    const bystander = track(await joinRaw(host, 'Bea'));
    const before = snapshot(host.dataDir);
    for (const auth of [undefined, {}, { token: host.teacherToken }, { token: 'x'.repeat(43) }]) {
      expect(await handshake(host.url, auth)).toMatchObject({ connected: false, data: { code: 'UNAUTHORIZED' } });
      // Emitting anyway: a refused socket's emits are buffered client-side and never sent.
      const c = track(rawClient(host.url, auth));
      c.socket.connect();
      for (const e of CLIENT_EVENT_NAMES) c.socket.emit(e, (MATRIX[e] as { sample?: unknown } | undefined)?.sample ?? {});
      await waitUntil(() => !c.socket.active || c.socket.disconnected, 3000, 'refused');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(snapshot(host.dataDir)).toEqual(before);
    expect(bystander.payloads('class_ended')).toEqual([]);
    expect(bystander.socket.connected).toBe(true);
  });

  it('teacher HTTP routes refuse a student token, a forged token and no token, and change nothing', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinRaw(host, 'Ana'));
    const [lecture] = await host.playground.listLectures();
    const codeBefore = host.code;
    const before = snapshot(host.dataDir);
    for (const [method, route, body] of TEACHER_ROUTES) {
      const url = `${host.url}${route.replace('ID', lecture!.id)}`;
      for (const token of [undefined, ana.token, `${host.teacherToken}x`, 'x'.repeat(43)]) {
        const r = await http(url, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        expect(r.status, `${method} ${route} with ${token ? 'a bad' : 'no'} token`).toBe(401);
        expect(r.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      }
    }
    expect(snapshot(host.dataDir)).toEqual(before);
    expect(host.code).toBe(codeBefore);
  });
});
