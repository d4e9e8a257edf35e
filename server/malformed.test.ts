/**
 * Hostile input over the socket: every client event gets a catalogue of bad payloads from a
 * raw socket.io-client with a valid student session. Each must be answered with a typed
 * BAD_REQUEST (or ignored when there is no ack), nothing may be stored, and the host must
 * go on serving normal clients.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_EVENT_NAMES, HealthSchema } from '../shared';
import { emitAck, http, joinRaw, waitUntil, type RawClient } from './test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost, texts, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

function deep(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Payloads that no client event accepts (each event's schema is strict and specific). */
const BAD_PAYLOADS: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['zero', 0],
  ['number', 42],
  ['negative', -1],
  ['NaN (null on the wire)', Number.NaN],
  ['true', true],
  ['empty string', ''],
  ['string', 'hello'],
  ['huge string (50 KB)', 'x'.repeat(50_000)],
  ['empty array', []],
  ['array of objects', [{}, { text: 'hi' }]],
  ['deep nesting', deep(2000)],
  ['own __proto__ key', JSON.parse('{"__proto__":{"role":"teacher","isAdmin":true}}')],
  ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
  ['extra keys on a chat', { text: 'hi', clientId: 'valid-client-1', role: 'teacher' }],
  ['spoofed sender', { text: 'hi', clientId: 'valid-client-2', sender: { id: 'x', name: 'Teacher', role: 'teacher' } }],
  ['extra keys on history', { afterSeq: 0, limit: 10, roomId: 'other' }],
  ['oversized chat text', { text: 'y'.repeat(9000), clientId: 'valid-client-3' }],
  ['wrong types', { text: { toString: 'x' }, clientId: 12345678, afterSeq: '0' }],
  ['binary', new Uint8Array([1, 2, 3, 4])],
];

function expectBadRequest(reply: unknown, what: string) {
  expect(reply, what).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
  expect(Object.keys(reply as object).sort(), what).toEqual(['error', 'ok']);
}

/** The host still works: a fresh student and the teacher can chat both ways. */
async function expectHostServes(host: Awaited<ReturnType<typeof startTestHost>>) {
  expect(HealthSchema.parse((await http(`${host.url}/health`)).json).status).toBe('ok');
  const teacher = track(await joinAsTeacher(host));
  const zoe = track(await joinAsStudent(host, 'Zoe'));
  expect((await zoe.sendMessage('after the storm')).ok).toBe(true);
  expect((await teacher.sendMessage('all good')).ok).toBe(true);
  await waitFor(zoe, 'messages', () => texts(zoe.messages).includes('all good'));
  await waitFor(teacher, 'messages', () => texts(teacher.messages).includes('after the storm'));
}

describe('malformed payloads on every client event', () => {
  it.each(CLIENT_EVENT_NAMES)('%s: each bad payload gets a typed BAD_REQUEST ack', async (event) => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    for (const [what, payload] of BAD_PAYLOADS) {
      const args = payload === undefined ? [] : [payload];
      expectBadRequest(await emitAck(mallory.socket, event, args), `${event} ${what}`);
    }
    // The socket was not thrown out for it, and nothing was stored or broadcast.
    expect(mallory.socket.connected).toBe(true);
    expect(mallory.payloads('chat_message')).toEqual([]);
    expect(mallory.payloads('class_ended')).toEqual([]);
    const history = await emitAck(mallory.socket, 'chat:history', [{ afterSeq: 0 }]);
    expect(history).toEqual({ ok: true, data: { messages: [], hasMore: false } });
    await expectHostServes(host);
  });

  it('without an ack callback, bad payloads are ignored without a crash', async () => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    for (const event of CLIENT_EVENT_NAMES) {
      for (const [, payload] of BAD_PAYLOADS) mallory.socket.emit(event, payload);
      mallory.socket.emit(event); // no payload, no ack
      mallory.socket.emit(event, { afterSeq: 0 }, 'a second payload instead of an ack');
    }
    // Still connected and still answered: the round trip proves the host processed them all.
    const reply = await emitAck(mallory.socket, 'chat:history', [{ afterSeq: 0 }]);
    expect(reply).toEqual({ ok: true, data: { messages: [], hasMore: false } });
    expect(mallory.socket.connected).toBe(true);
    await expectHostServes(host);
  });

  it('extra arguments after a valid payload do not change what is stored', async () => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    const reply = await emitAck(mallory.socket, 'chat:send', [
      { text: 'plain', clientId: 'extra-args-1' },
      { sender: { name: 'Teacher', role: 'teacher' } },
    ]);
    expect(reply).toMatchObject({ ok: true, data: { text: 'plain', sender: { name: 'Mallory', role: 'student' } } });
  });

  it('identity comes from the session: a payload cannot choose sender, room or role', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const mallory = track(await joinRaw(host, 'Mallory'));
    const ok = await emitAck(mallory.socket, 'chat:send', [{ text: 'I am who I am', clientId: 'who-am-i-1' }]);
    expect(ok).toMatchObject({ ok: true, data: { sender: { id: mallory.participantId, name: 'Mallory', role: 'student' } } });
    // On the wire (not through a schema that strips extras) a participant is exactly these keys.
    const participantKeys = ['id', 'joinedAt', 'name', 'role'];
    await waitUntil(() => mallory.payloads('chat_message').length === 1, 3000, 'own chat_message');
    const wire = mallory.payloads('chat_message')[0] as { sender: object };
    expect(Object.keys(wire.sender).sort()).toEqual(participantKeys);
    expect(Object.keys((ok as { data: { sender: object } }).data.sender).sort()).toEqual(participantKeys);
    const state = mallory.payloads('room_state')[0] as { you: object; participants: object[] };
    expect(Object.keys(state.you).sort()).toEqual(participantKeys);
    for (const p of state.participants) expect(Object.keys(p).sort()).toEqual(participantKeys);
    await waitFor(teacher, 'messages', () => teacher.messages.length === 1);
    expect(teacher.messages[0]!.sender).toEqual({
      id: mallory.participantId,
      name: 'Mallory',
      role: 'student',
      joinedAt: expect.any(String),
    });
  });
});

describe('unknown and reserved events', () => {
  it('unknown event names are ignored: no ack, no crash, the socket stays', async () => {
    const host = track(await startTestHost());
    const mallory = track(await joinRaw(host, 'Mallory'));
    const names = ['nope', 'chat:delete', 'class:start', 'admin:become', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'error', ''];
    for (const name of names) mallory.socket.emit(name, { no: 'ack' });
    const replies = await Promise.all(names.map((name) => emitAck(mallory.socket, name, [{ any: 'thing' }], 500)));
    expect(replies).toEqual(names.map(() => 'no-ack'));
    expect(mallory.socket.connected).toBe(true);
    expect(await emitAck(mallory.socket, 'chat:history', [{ afterSeq: 0 }])).toMatchObject({ ok: true });
    await expectHostServes(host);
  });

  it('reserved names and garbage frames only cost the sender its connection', async () => {
    const host = track(await startTestHost());
    const frames = ['42["disconnect",{}]', '42["connect"]', '42["newListener","chat:send"]', '4garbage', '42[', '45-["x"]', '9'];
    for (const frame of frames) {
      const c: RawClient = track(await joinRaw(host, 'Mallory'));
      const engine = (c.socket.io as unknown as { engine: { write(s: string): void } }).engine;
      engine.write(frame);
      await waitUntil(() => c.socket.disconnected, 3000, `disconnect after ${frame}`);
    }
    await expectHostServes(host);
  });

  it('a frame over the 64 KB limit closes that connection and nothing else', async () => {
    const host = track(await startTestHost());
    const bystander = track(await joinRaw(host, 'Ben'));
    const mallory = track(await joinRaw(host, 'Mallory'));
    mallory.socket.emit('chat:send', { text: 'z'.repeat(100_000), clientId: 'too-big-frame-1' }, () => {});
    await waitUntil(() => mallory.socket.disconnected, 3000, 'oversized sender disconnected');
    expect(bystander.socket.connected).toBe(true);
    expect(bystander.payloads('chat_message')).toEqual([]);
    await expectHostServes(host);
    await waitUntil(() => bystander.payloads('chat_message').length === 2, 3000, 'bystander still receives');
  });
});
