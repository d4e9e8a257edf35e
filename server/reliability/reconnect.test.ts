/**
 * Reconnect without loss or duplicates (issue #7, items 1 and 8): a student's connection is
 * cut mid-class (the engine transport closed, as a Wi-Fi drop does). With the production
 * backoff (500 ms → 3 s, jitter 0.5) the client is back within 5 s as the same participant,
 * gets every message it missed once and in seq order, and what it sent while offline is
 * delivered once. Oversized and hostile chat is refused before it is sent, or stored inert.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared';
import { RoomConnection, joinClass } from '../../shared/client';
import { joinRaw, waitUntil } from '../test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost, texts, waitFor, closeAfterEach } from '../test-support/testHost';

const track = closeAfterEach();

const dropTransport = (c: RoomConnection) =>
  (c as unknown as { socket: { io: { engine: { close(): void } } } }).socket.io.engine.close();

function expectGapFree(ms: readonly ChatMessage[]) {
  const seqs = ms.map((m) => m.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
  expect(new Set(ms.map((m) => m.id)).size).toBe(ms.length);
}

describe('a student dropped mid-class', () => {
  it('is back within 5 s as the same person, with every missed message once, and its offline sends delivered once', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const joined = await joinClass(host.url, { code: host.code!, name: 'Ana' });
    if (!joined.ok) throw new Error(joined.error.message);
    // Production reconnection settings (no test-fast delays).
    const ana = track(new RoomConnection({ baseUrl: host.url, token: joined.data.token }).connect());
    await waitFor(ana, 'synced', () => ana.lastSeq !== undefined);
    const me = ana.you!.id;
    for (let i = 0; i < 3; i++) await teacher.sendMessage(`before${i}`);
    await waitFor(ana, 'messages', () => ana.messages.length === 3);

    const statuses: string[] = [];
    ana.on('status', (s) => statuses.push(s));
    dropTransport(ana);
    await waitFor(ana, 'status', () => ana.status === 'reconnecting', 2000);
    const droppedAt = Date.now();
    // While Ana is offline: she sends (queued, resent on reconnect), others chat.
    const offline = ['offline-a', 'offline-b', 'offline-c'].map((t) => ana.sendMessage(t));
    for (let i = 0; i < 4; i++) await teacher.sendMessage(`during${i}`);
    await ben.sendMessage('ben-during');

    await waitFor(ana, 'status', () => ana.status === 'connected', 5000);
    expect(Date.now() - droppedAt).toBeLessThan(5000);
    expect(statuses).toEqual(['reconnecting', 'connected']);
    const results = await Promise.all(offline);
    for (const r of results) expect(r.ok).toBe(true);
    expect(ana.you!.id).toBe(me);
    await teacher.sendMessage('after');

    const total = 3 + 3 + 4 + 1 + 1;
    for (const c of [ana, ben, teacher]) {
      await waitFor(c, 'messages', () => c.messages.length >= total, 5000);
      await new Promise((r) => setTimeout(r, 100));
      expect(c.messages).toHaveLength(total);
      expectGapFree(c.messages);
      for (const t of ['offline-a', 'offline-b', 'offline-c']) expect(texts(c.messages).filter((x) => x === t)).toHaveLength(1);
    }
    expect(texts(ana.messages)).toEqual(texts(teacher.messages));
    expect(ana.messages.filter((m) => m.text.startsWith('offline')).every((m) => m.sender.id === me)).toBe(true);
    // Still one Ana in the class.
    expect(teacher.participants.filter((p) => p.name === 'Ana')).toHaveLength(1);
  });

  it('three drops in a row still leave a gap-free, duplicate-free chat', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    let n = 0;
    for (let round = 0; round < 3; round++) {
      dropTransport(ana);
      await waitFor(ana, 'status', () => ana.status === 'reconnecting', 2000);
      const mine = ana.sendMessage(`ana-${round}`);
      for (let i = 0; i < 3; i++) await teacher.sendMessage(`t-${round}-${i}`);
      n += 4;
      expect((await mine).ok).toBe(true);
      await waitFor(ana, 'messages', () => ana.messages.length === n, 5000);
    }
    expectGapFree(ana.messages);
    await waitFor(teacher, 'messages', () => teacher.messages.length === n);
    expect(texts(ana.messages)).toEqual(texts(teacher.messages));
  });
});

describe('oversized and hostile chat', () => {
  it('the client refuses an oversized message before sending it, and keeps its connection', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    for (const text of ['x'.repeat(2001), 'y'.repeat(100_000)]) {
      expect(await ana.sendMessage(text)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/\w/) } });
    }
    expect(ana.status).toBe('connected');
    expect((await ana.sendMessage('fine')).ok).toBe(true);
    await waitFor(teacher, 'messages', () => texts(teacher.messages).includes('fine'));
    expect(texts(teacher.messages)).toEqual(['fine']);
  });

  it('HTML, javascript: links, bidi overrides and zero-width characters are stored as inert text', async () => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    const teacher = track(await joinAsTeacher(host));
    const hostile = [
      '<img src=x onerror=alert(1)><script>alert(2)</script>',
      '[click](javascript:alert(3)) javascript:alert(4)',
      'evil\u202Egnp.exe',
      'Tea\u200Bcher\u200D\uFEFF',
    ];
    for (const [i, text] of hostile.entries()) {
      const r = await mallory.socket.timeout(2000).emitWithAck('chat:send', { text, clientId: `hostile-${i}-xx` });
      if (!r.ok) continue; // refusing is inert too
      expect(r.data.sender.name).toBe('Mallory');
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const m of teacher.messages) {
      // No bidi controls or zero-width characters survive (they could spoof text or names).
      expect(m.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200D\uFEFF]/);
      expect(m.sender.name).toBe('Mallory');
    }
    // Markup stays as characters: the renderer shows text (React escapes), never HTML.
    expect(teacher.messages.some((m) => m.text.includes('<script>'))).toBe(true);
    await waitUntil(() => mallory.socket.connected, 1000, 'still connected');
  });
});
