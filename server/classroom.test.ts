/** Integration: a real host on 127.0.0.1:0, real SQLite in a temp dir, real socket.io clients. */
import { describe, expect, it } from 'vitest';
import { joinClass } from '../shared/client';
import {
  joinAsStudent,
  joinAsTeacher,
  names,
  startTestHost,
  texts,
  waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

describe('host and join', () => {
  it('joins by code with forgiving input and lists participants with roles', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const code = host.code!;
    const typed = ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3).toLowerCase()} `;
    const ana = track(await joinAsStudent(host, 'Ana', typed));
    await waitFor(teacher, 'participants', () => teacher.participants.length === 2);
    expect(names(teacher.participants)).toEqual(['Teacher:teacher', 'Ana:student']);
    expect(ana.you?.role).toBe('student');
    expect(ana.room?.code).toBe(code);
  });

  it('refuses a wrong code with a clear message and creates no participant', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const wrong = host.code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    const res = await joinClass(host.url, { code: wrong, name: 'Eve' });
    expect(res).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    const bad = await joinClass(host.url, { code: 'AB', name: 'Eve' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/6 letters and digits/);
    expect(teacher.participants).toHaveLength(1);
  });

  it('announces leaving to everyone', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = await joinAsStudent(host, 'Ana');
    await waitFor(teacher, 'participants', () => teacher.participants.length === 2);
    await ana.leave();
    await waitFor(teacher, 'participants', () => teacher.participants.length === 1);
    expect(names(teacher.participants)).toEqual(['Teacher:teacher']);
  });
});

describe('chat', () => {
  it('delivers messages to everyone in the same order with sender and time', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const sends = [];
    for (let i = 0; i < 20; i++) {
      const who = [teacher, ana, ben][i % 3]!;
      sends.push(who.sendMessage(`m${i}`));
    }
    const results = await Promise.all(sends);
    expect(results.every((r) => r.ok)).toBe(true);
    for (const c of [teacher, ana, ben]) await waitFor(c, 'messages', () => c.messages.length === 20);
    const order = texts(teacher.messages);
    expect(texts(ana.messages)).toEqual(order);
    expect(texts(ben.messages)).toEqual(order);
    expect(teacher.messages.map((m) => m.seq)).toEqual([...Array(20).keys()].map((i) => i + 1));
    const first = ana.messages.find((m) => m.text === 'm1')!;
    expect(first.sender).toMatchObject({ name: 'Ana', role: 'student' });
    expect(Date.parse(first.sentAt)).not.toBeNaN();
  });

  it('trims text and refuses empty or oversized messages with typed errors', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinAsStudent(host, 'Ana'));
    const trimmed = await ana.sendMessage('   hello   ');
    expect(trimmed.ok && trimmed.data.text).toBe('hello');
    expect(await ana.sendMessage('   ')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ana.sendMessage('x'.repeat(2001))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await ana.sendMessage('x'.repeat(2000))).ok).toBe(true);
  });

  it('a reconnecting client gets exactly the messages it missed', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    for (let i = 0; i < 5; i++) await teacher.sendMessage(`before${i}`);
    await waitFor(ana, 'messages', () => ana.messages.length === 5);
    // Drop Ana's transport without telling the host, as a Wi-Fi drop would.
    const engine = (ana as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine;
    engine.close();
    for (let i = 0; i < 5; i++) await teacher.sendMessage(`during${i}`);
    await waitFor(ana, 'messages', () => ana.messages.length === 10, 8000);
    await teacher.sendMessage('after');
    await waitFor(ana, 'messages', () => ana.messages.length === 11);
    expect(texts(ana.messages)).toEqual(texts(teacher.messages));
    expect(new Set(ana.messages.map((m) => m.seq)).size).toBe(11);
  });

  it('a reload (same session, no local history) gets the latest history once', async () => {
    const host = track(await startTestHost({ historyLimit: 3 }));
    const ana = track(await joinAsStudent(host, 'Ana'));
    for (let i = 0; i < 5; i++) await ana.sendMessage(`m${i}`);
    ana.close();
    const { connectWithToken } = await import('./test-support/testHost');
    const again = track(await connectWithToken(host.url, ana.token));
    expect(texts(again.messages)).toEqual(['m2', 'm3', 'm4']);
    expect(again.you?.id).toBe(ana.you?.id);
  });

  it('deduplicates a resent message by client id', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinAsStudent(host, 'Ana'));
    const first = await ana.request('chat:send', { text: 'once', clientId: 'fixed-client-id-1' });
    const second = await ana.request('chat:send', { text: 'once', clientId: 'fixed-client-id-1' });
    expect(first.ok && second.ok && first.data.id === second.data.id).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(texts(ana.messages)).toEqual(['once']);
  });
});
