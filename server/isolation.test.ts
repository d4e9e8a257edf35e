/**
 * Two classes in one host: nothing leaks between them. Raw recording sockets see every event
 * the host sends, so a leak of any kind (chat, participants, history, class_ended) shows up.
 */
import { describe, expect, it } from 'vitest';
import type { Room } from '../shared';
import { joinRaw, waitUntil, type RawClient, type RecordedEvent } from './test-support/raw';
import { joinAsTeacher, startTestHost, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

/** Every room id and participant name mentioned anywhere in a recorded event. */
function mentions(events: RecordedEvent[]) {
  const roomIds = new Set<string>();
  const names = new Set<string>();
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (key === 'room' && typeof o.id === 'string') roomIds.add(o.id);
      if (typeof o.role === 'string' && typeof o.name === 'string') names.add(o.name);
      for (const [k, x] of Object.entries(o)) {
        if (k === 'roomId' && typeof x === 'string') roomIds.add(x);
        walk(x, k);
      }
    }
  };
  for (const e of events) walk(e.args);
  return { roomIds, names };
}

async function chat(c: RawClient, text: string) {
  const reply = await c.socket.timeout(2000).emitWithAck('chat:send', { text, clientId: `id-${text.replace(/[^A-Za-z0-9]/g, '_')}` });
  expect(reply).toMatchObject({ ok: true });
}

describe('two classes in one host', () => {
  it('keep chat, participants and history to themselves', async () => {
    const host = track(await startTestHost());
    const teacherA = track(await joinAsTeacher(host)); // enters the first class
    const roomA: Room = teacherA.room!;
    const roomB = host.openClass('Second class');
    expect(roomB.code).not.toBe(roomA.code);
    expect(host.code).toBe(roomB.code); // the newest live class

    const a1 = track(await joinRaw(host, 'Ana', roomA.code));
    const a2 = track(await joinRaw(host, 'Abe', roomA.code));
    const b1 = track(await joinRaw(host, 'Bea', roomB.code));
    const b2 = track(await joinRaw(host, 'Bob', roomB.code));
    const teacherB = track(await joinAsTeacher(host));
    expect(teacherB.room?.id).toBe(roomB.id);

    await chat(a1, 'ALPHA~one');
    await chat(b1, 'BRAVO~one');
    await chat(a2, 'ALPHA~two');
    await chat(b2, 'BRAVO~two');
    await teacherA.sendMessage('ALPHA~teacher');
    await teacherB.sendMessage('BRAVO~teacher');
    const got = (c: RawClient) => c.payloads('chat_message').length;
    await waitUntil(() => [a1, a2, b1, b2].every((c) => got(c) === 3), 5000, 'three chats each');

    // Seqs are per class: both start at 1.
    expect((a1.payloads('chat_message') as { seq: number }[]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((b1.payloads('chat_message') as { seq: number }[]).map((m) => m.seq)).toEqual([1, 2, 3]);

    // A student leaving only changes their own class's list.
    await a2.socket.timeout(2000).emitWithAck('class:leave', {});
    await waitFor(teacherA, 'participants', () => teacherA.participants.length === 2);
    await new Promise((r) => setTimeout(r, 100));

    for (const [clients, room, own, other] of [
      [[a1, a2], roomA, ['Ana', 'Abe', 'Teacher'], 'BRAVO~'],
      [[b1, b2], roomB, ['Bea', 'Bob', 'Teacher'], 'ALPHA~'],
    ] as const) {
      for (const c of clients) {
        const m = mentions(c.events);
        expect([...m.roomIds]).toEqual([room.id]);
        for (const name of m.names) expect(own).toContain(name);
        expect(JSON.stringify(c.events)).not.toContain(other);
      }
    }
    expect(teacherA.messages.map((m) => m.text)).toEqual(['ALPHA~one', 'ALPHA~two', 'ALPHA~teacher']);
    expect(teacherB.messages.map((m) => m.text)).toEqual(['BRAVO~one', 'BRAVO~two', 'BRAVO~teacher']);
    expect(teacherB.participants.map((p) => p.name).sort()).toEqual(['Bea', 'Bob', 'Teacher']);
  });

  it('a student of one class cannot read the other class through chat:history', async () => {
    const host = track(await startTestHost());
    const teacherA = track(await joinAsTeacher(host));
    await teacherA.sendMessage('secret of A');
    const roomB = host.openClass();
    const b1 = track(await joinRaw(host, 'Bea', roomB.code));
    const page = await b1.socket.timeout(2000).emitWithAck('chat:history', { afterSeq: 0 });
    expect(page).toEqual({ ok: true, data: { messages: [], hasMore: false } });
    expect(JSON.stringify(b1.events)).not.toContain('secret of A');
  });

  it('ending one class leaves the other running', async () => {
    const host = track(await startTestHost());
    const teacherA = track(await joinAsTeacher(host));
    const roomB = host.openClass();
    const a1 = track(await joinRaw(host, 'Ana', teacherA.room!.code));
    const b1 = track(await joinRaw(host, 'Bea', roomB.code));
    const b2 = track(await joinRaw(host, 'Bob', roomB.code));

    expect((await teacherA.endClass()).ok).toBe(true);
    await waitUntil(() => a1.payloads('class_ended').length === 1, 5000, 'class A ended');
    await chat(b1, 'B still on');
    await waitUntil(() => b2.payloads('chat_message').length === 1, 5000, 'chat in B');
    expect(b1.payloads('class_ended')).toEqual([]);
    expect(b2.payloads('class_ended')).toEqual([]);
    expect(b1.socket.connected && b2.socket.connected).toBe(true);
    expect(host.code).toBe(roomB.code);
  });
});
