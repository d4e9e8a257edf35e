/**
 * Budgets (issue #7, items 6 and 7): the token bucket, the room-code guessing budget with its
 * arithmetic, and both wired into the host — a student flooding chat is throttled and told so
 * while everyone else's chat stays quick; a code-guessing run pauses joins, warns the teacher,
 * and the teacher's rotate-code route gives the class a fresh code.
 */
import { describe, expect, it } from 'vitest';
import { RotateCodeReplySchema, SecurityWarningSchema, resultSchema } from '../../shared';
import { joinClass } from '../../shared/client';
import { CODE_SPACE, DEFAULT_GUESS_BUDGET, GuessBudget, maxTestsPerHour } from '../security/guessBudget';
import { DEFAULT_RATE_LIMITS, SocketLimiter, TokenBucket } from '../security/tokenBucket';
import { connectRaw, emitAck, joinRaw, waitUntil, type RawClient } from '../test-support/raw';
import { startTestHost, closeAfterEach } from '../test-support/testHost';
import { enterAsTeacher } from '../../shared/client';

const track = closeAfterEach();

describe('token bucket', () => {
  it('allows a burst, then the refill rate, and never more than the burst after a pause', () => {
    let t = 0;
    const b = new TokenBucket({ ratePerSec: 5, burst: 10 }, () => t);
    expect(Array.from({ length: 12 }, () => b.take()).filter(Boolean)).toHaveLength(10);
    t += 1000;
    expect(Array.from({ length: 12 }, () => b.take()).filter(Boolean)).toHaveLength(5);
    t += 3_600_000;
    expect(Array.from({ length: 30 }, () => b.take()).filter(Boolean)).toHaveLength(10);
  });

  it('gives chat its own budget (5/s, burst 10) so chatting does not starve other events', () => {
    let t = 0;
    const l = new SocketLimiter(DEFAULT_RATE_LIMITS, () => t);
    const chat = Array.from({ length: 1000 }, () => l.allow('chat:send')).filter(Boolean).length;
    expect(chat).toBe(10);
    expect(l.allow('chat:history')).toBe(true);
    t += 2000;
    expect(Array.from({ length: 100 }, () => l.allow('chat:send')).filter(Boolean)).toHaveLength(10);
  });
});

describe('room-code guessing budget', () => {
  it('keeps the chance of guessing a live code in one hour below 1e-6', () => {
    expect(CODE_SPACE).toBe(1_073_741_824);
    // Each failed join is charged one token per live room, so the bound holds for any number of rooms.
    expect(maxTestsPerHour(DEFAULT_GUESS_BUDGET.global) / CODE_SPACE).toBeLessThan(1e-6);
    for (const liveRooms of [1, 3, 10, 50]) {
      let t = 0;
      const budget = new GuessBudget(DEFAULT_GUESS_BUDGET, {}, () => t);
      let failures = 0;
      // A botnet: a fresh address for every guess, one guess every 100 ms for an hour.
      for (let i = 0; t <= 3_600_000; i++, t += 100) {
        const addr = `10.0.${i >> 8}.${i & 255}`;
        if (budget.check(addr, liveRooms).allowed) budget.failed(addr, liveRooms), failures++;
      }
      expect((failures * liveRooms) / CODE_SPACE, `${liveRooms} live rooms`).toBeLessThan(1e-6);
      expect(budget.isTripped).toBe(true);
    }
  });

  it('limits one address before the global budget, and a rotation resets the global budget', () => {
    let t = 0;
    let trips = 0;
    const budget = new GuessBudget(DEFAULT_GUESS_BUDGET, { onTrip: () => trips++ }, () => t);
    for (let i = 0; i < 10; i++) {
      expect(budget.check('a', 1).allowed).toBe(true);
      budget.failed('a', 1);
    }
    expect(budget.check('a', 1)).toEqual({ allowed: false, reason: 'address' });
    expect(budget.check('b', 1).allowed).toBe(true);
    t += 10_000;
    expect(budget.check('a', 1).allowed).toBe(true);
    for (let i = 0; i < 600; i++) budget.failed(`x${i}`, 1);
    expect(budget.check('c', 1)).toEqual({ allowed: false, reason: 'global' });
    expect(trips).toBe(1);
    budget.reset();
    expect(budget.check('c', 1).allowed).toBe(true);
  });
});

const teacherRaw = async (host: Awaited<ReturnType<typeof startTestHost>>) => {
  const s = await enterAsTeacher(host.url, host.teacherToken);
  if (!s.ok) throw new Error(s.error.message);
  return Object.assign(await connectRaw(host.url, s.data.token), { token: s.data.token });
};

const wrongCode = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

describe('joining under a guessing attack', () => {
  it('refuses an address after 10 wrong codes, even with the right one, as RATE_LIMITED', async () => {
    const host = track(await startTestHost());
    for (let i = 0; i < 10; i++) {
      expect(await joinClass(host.url, { code: wrongCode(host.code!), name: 'Eve' })).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    }
    const refused = await joinClass(host.url, { code: host.code!, name: 'Eve' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/wrong codes/) } });
  });

  it('after the global budget trips: joins pause, the teacher is warned, rotate-code restores joining', async () => {
    const host = track(
      await startTestHost({ guessBudget: { global: { burst: 20, ratePerSec: 0 }, perAddress: { burst: 1000, ratePerSec: 1 } } }),
    );
    const teacher = track(await teacherRaw(host));
    const inClass = track(await joinRaw(host, 'Ana'));
    const oldCode = host.code!;
    for (let i = 0; i < 20; i++) await joinClass(host.url, { code: wrongCode(oldCode), name: 'Eve' });
    const paused = await joinClass(host.url, { code: oldCode, name: 'Ben' });
    expect(paused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/paused/) } });

    await waitUntil(() => teacher.payloads('security_warning').length === 1, 3000, 'teacher warned');
    const warning = SecurityWarningSchema.parse(teacher.payloads('security_warning')[0]);
    expect(warning.message).toMatch(/new code/i);
    expect(inClass.payloads('security_warning')).toEqual([]); // students are not told
    // A teacher who connects later still sees the standing warning.
    const late = track(await teacherRaw(host));
    expect(late.payloads('security_warning')).toHaveLength(1);

    const res = await fetch(`${host.url}/api/rooms/rotate-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.teacherToken}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
    const reply = resultSchema(RotateCodeReplySchema).parse(await res.json());
    if (!reply.ok) throw new Error(reply.error.message);
    const newCode = reply.data.rooms[0]!.code;
    expect(newCode).not.toBe(oldCode);
    expect(host.code).toBe(newCode);

    expect(await joinClass(host.url, { code: oldCode, name: 'Ben' })).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    expect(await joinClass(host.url, { code: newCode, name: 'Ben' })).toMatchObject({ ok: true });
    // Who was already in class stays in, and can still chat.
    expect(inClass.socket.connected).toBe(true);
    expect(await emitAck(inClass.socket, 'chat:send', [{ text: 'still here', clientId: 'after-rotate-1' }])).toMatchObject({ ok: true });
    // Everyone in class is told the new code (the teacher's board shows it to newcomers).
    for (const c of [teacher, inClass]) {
      await waitUntil(() => c.payloads('room_updated').length === 1, 3000, 'room_updated');
      expect(c.payloads('room_updated')[0]).toMatchObject({ code: newCode, status: 'live' });
    }
  });
});

describe('POST /api/rooms/rotate-code', () => {
  const rotate = (url: string, token: string, body: string) =>
    fetch(`${url}/api/rooms/rotate-code`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

  it('rotates one class by id, leaves the others, and refuses bad bodies with typed errors', async () => {
    const host = track(await startTestHost());
    const first = host.code!;
    const secondRoom = host.openClass('Second');
    const second = secondRoom.code;
    const firstId = (await host.playground.listLectures()).map((l) => l.roomId).find((id) => id && id !== secondRoom.id)!;
    const res = await rotate(host.url, host.teacherToken, JSON.stringify({ roomId: firstId }));
    const reply = resultSchema(RotateCodeReplySchema).parse(await res.json());
    expect(reply.ok && reply.data.rooms.map((r) => r.id)).toEqual([firstId]);
    expect((await joinClass(host.url, { code: second, name: 'Bea' })).ok).toBe(true);
    expect(await joinClass(host.url, { code: first, name: 'Ana' })).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });

    const unknown = await rotate(host.url, host.teacherToken, JSON.stringify({ roomId: 'no-such-room' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'ROOM_NOT_FOUND' } });
    for (const body of ['{"roomId":5}', '{"extra":true}', '[]', 'not json']) {
      const bad = await rotate(host.url, host.teacherToken, body);
      expect(bad.status, body).toBe(400);
      expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(host.code).toBe(second);
  });
});

/** Median of the time for `sender`'s message to reach `receiver`, over `n` sequential messages. */
async function medianLatency(sender: RawClient, receiver: RawClient, n: number, tag: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = `${tag}-${i}`;
    const start = performance.now();
    const seen = () => receiver.payloads('chat_message').some((m) => (m as { text: string }).text === text);
    void emitAck(sender.socket, 'chat:send', [{ text, clientId: `${tag}-id-${i}` }]);
    await waitUntil(seen, 5000, `delivery of ${text}`);
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 150)); // stay well inside the 5/s chat budget
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

describe('flooding', () => {
  it('a flood of bad payloads is cut off too, without costing the socket its valid requests', async () => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    const acks = (await Promise.all(
      Array.from({ length: 400 }, (_, i) => emitAck(mallory.socket, 'chat:send', [{ text: i, clientId: 'x' }])),
    )) as { ok: boolean; error: { code: string } }[];
    const codes = acks.map((a) => a.error.code);
    expect(codes.filter((c) => c === 'BAD_REQUEST').length).toBeGreaterThanOrEqual(100);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(200);
    expect(codes.every((c) => c === 'BAD_REQUEST' || c === 'RATE_LIMITED')).toBe(true);
    expect(await emitAck(mallory.socket, 'chat:history', [{ afterSeq: 0 }])).toMatchObject({ ok: true });
    expect(await emitAck(mallory.socket, 'chat:send', [{ text: 'ok now', clientId: 'valid-after-flood' }])).toMatchObject({ ok: true });
  });

  it('more sockets, or reconnecting, with the same token do not buy a bigger budget', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinRaw(host, 'Ana'));
    const twins = [track(await connectRaw(host.url, ana.token)), track(await connectRaw(host.url, ana.token))];
    const all = [ana, ...twins];
    const started = performance.now();
    const send = (c: RawClient, i: number) => emitAck(c.socket, 'chat:send', [{ text: `x${i}`, clientId: `twin-msg-${i}` }]);
    const first = (await Promise.all(Array.from({ length: 60 }, (_, i) => send(all[i % 3]!, i)))) as { ok: boolean }[];
    twins[0]!.close();
    const again = track(await connectRaw(host.url, ana.token));
    const second = (await Promise.all(Array.from({ length: 30 }, (_, i) => send(again, 100 + i)))) as { ok: boolean }[];
    const elapsedS = (performance.now() - started) / 1000;
    const accepted = [...first, ...second].filter((a) => a.ok).length;
    // One burst of 10 plus the 5/s refill over the whole test: not a burst per socket.
    expect(accepted).toBeLessThanOrEqual(10 + Math.ceil(5 * elapsedS) + 1);
    expect(accepted).toBeLessThan(30);
  });

  it('the teacher is not throttled', async () => {
    const host = track(await startTestHost());
    const teacher = track(await teacherRaw(host));
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => emitAck(teacher.socket, 'chat:send', [{ text: `note ${i}`, clientId: `teacher-note-${i}` }])),
    );
    expect(acks.every((a) => (a as { ok: boolean }).ok)).toBe(true);
  });

  it('a client sending 1,000 chats a second is throttled and told so; others stay quick', async () => {
    const host = track(await startTestHost());
    const flooder = track(await joinRaw(host, 'Flo'));
    const alice = track(await joinRaw(host, 'Alice'));
    const bob = track(await joinRaw(host, 'Bob'));
    const normal = await medianLatency(alice, bob, 8, 'calm');

    // 1,000 messages in one second: 100 every 100 ms, acks collected.
    const replies: Promise<unknown>[] = [];
    const flood = (async () => {
      for (let batch = 0; batch < 10; batch++) {
        for (let i = 0; i < 100; i++) {
          const n = batch * 100 + i;
          replies.push(emitAck(flooder.socket, 'chat:send', [{ text: `spam ${n}`, clientId: `spam-${n}-xxxx` }], 10_000));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const during = await medianLatency(alice, bob, 8, 'storm');
    await flood;
    const acks = (await Promise.all(replies)) as { ok: boolean; error?: { code: string; message: string } }[];

    const accepted = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error?.code === 'RATE_LIMITED');
    // Burst of 10, then 5/s over about a second (the flood may take longer on a busy box).
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThanOrEqual(30);
    expect(limited.length).toBe(acks.length - accepted);
    expect(limited[0]!.error!.message).toMatch(/too fast/);
    expect(flooder.socket.connected).toBe(true);
    // Only what was accepted reached the others.
    await new Promise((r) => setTimeout(r, 200));
    expect(bob.payloads('chat_message').filter((m) => (m as { text: string }).text.startsWith('spam'))).toHaveLength(accepted);
    // Generous on a shared 2-core box: within 2× normal, with a 25 ms floor for timer noise.
    expect(during).toBeLessThanOrEqual(Math.max(2 * normal, normal + 25));
  }, 30_000);
});
