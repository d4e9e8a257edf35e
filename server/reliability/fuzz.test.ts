/**
 * Payload fuzzing (issue #7, item 3): every client event in CLIENT_EVENT_NAMES — features
 * that arrive later included — gets ≥ 1,000 fast-check generated payloads that its schema
 * refuses: wrong types, missing fields, huge strings, deep nesting, prototype-pollution keys,
 * and emits without an ack callback. Each must be answered with a typed error ack; the host
 * must not crash or leave an unhandled rejection, and must serve a normal client afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppErrorSchema, CLIENT_EVENT_NAMES, clientEvents, type ClientEventName } from '../../shared';
import { enterAsTeacher } from '../../shared/client';
import { connectRaw, emitAck, joinRaw, waitUntil } from '../test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost, texts, waitFor } from '../test-support/testHost';

const PER_EVENT = 1_000;
/** The fuzzer must see the pipeline's validation, not the flood limiter (tested in flood.test.ts). */
const UNLIMITED = { ratePerSec: 1e9, burst: 1e9 };
const NO_LIMITS = { chat: UNLIMITED, default: UNLIMITED, invalid: UNLIMITED };

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

/** Nested objects/arrays `depth` levels deep around `leaf`. */
const deepArb = fc
  .tuple(fc.integer({ min: 50, max: 1500 }), fc.boolean(), fc.jsonValue({ maxDepth: 1 }))
  .map(([depth, arrays, leaf]) => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });

/** Objects whose own keys include prototype-pollution names, with hostile values. */
const pollutingArb = fc
  .dictionary(fc.constantFrom(...POLLUTING_KEYS, 'text', 'clientId', 'role', 'sender', 'roomId'), fc.jsonValue({ maxDepth: 2 }), {
    minKeys: 1,
    maxKeys: 5,
  })
  .map((o) => JSON.parse(JSON.stringify(o).replace(/"constructor"/, '"__proto__"')) as unknown);

// Two of these in one payload stay under the 64 KB frame limit (oversized frames: limits.test.ts).
const hugeStringArb = fc.integer({ min: 2_001, max: 25_000 }).map((n) => 'x'.repeat(n));

/** Take a valid-looking shape and damage it: wrong types for known fields, plus extras. */
const wrongTypesArb = fc.record(
  {
    text: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string()), hugeStringArb, fc.object()),
    clientId: fc.oneof(fc.string({ maxLength: 7 }), fc.integer(), fc.constant('bad id with spaces')),
    afterSeq: fc.oneof(fc.double(), fc.string(), fc.constant(-1), fc.constant(2 ** 60)),
    limit: fc.oneof(fc.constant(0), fc.constant(10_000), fc.string()),
    sdp: fc.oneof(fc.integer(), hugeStringArb),
    participantId: fc.oneof(fc.integer(), fc.object()),
    level: fc.oneof(fc.string(), fc.double()),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

const payloadArb = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, -1, true, false, '', [], {}) },
  { weight: 1, arbitrary: hugeStringArb },
  { weight: 1, arbitrary: deepArb },
  { weight: 2, arbitrary: pollutingArb },
  { weight: 3, arbitrary: wrongTypesArb },
);

/** What the host receives after the socket.io JSON encoding (undefined keys vanish, -0 is 0…). */
const onTheWire = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** `n` payloads the event's schema refuses once they have crossed the wire. */
function badPayloads(event: ClientEventName, n: number, seed: number): unknown[] {
  const schema = clientEvents[event].payload;
  const out: unknown[] = [];
  const gen = fc.sample(payloadArb, { numRuns: n * 3, seed });
  for (const p of gen) {
    if (out.length === n) break;
    if (!schema.safeParse(onTheWire(p)).success) out.push(p);
  }
  expect(out.length, `${event}: generated enough bad payloads`).toBe(n);
  return out;
}

const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

describe('fuzzing every client event', () => {
  it('lists the events it fuzzes (a new feature event is fuzzed without touching this file)', () => {
    expect(CLIENT_EVENT_NAMES.length).toBeGreaterThanOrEqual(4);
    for (const e of ['chat:send', 'chat:history', 'class:end', 'class:leave']) expect(CLIENT_EVENT_NAMES).toContain(e);
  });

  it.each(CLIENT_EVENT_NAMES.map((e, i) => [e, i] as const))(
    '%s: 1,000 bad payloads, each answered with a typed error, nothing crashes',
    async (event, i) => {
      const host = await startTestHost({ rateLimits: NO_LIMITS });
      try {
        const mallory = await joinRaw(host, 'Mallory');
        const payloads = badPayloads(event, PER_EVENT, 7_000 + i);
        // An event listed in CLIENT_EVENT_NAMES must have a handler: without one, clients hang.
        const probe = await emitAck(mallory.socket, event, [payloads[1]], 3000);
        expect(probe, `${event} is in CLIENT_EVENT_NAMES but the host registers no handler for it`).not.toBe('no-ack');
        // Every tenth goes without an ack callback: the host must shrug it off silently.
        const silent = payloads.filter((_, j) => j % 10 === 0);
        for (const p of silent) mallory.socket.emit(event, p);
        const acked = payloads.filter((_, j) => j % 10 !== 0);
        const replies = await Promise.all(acked.map((p) => emitAck(mallory.socket, event, p === undefined ? [] : [p], 15_000)));
        for (const [j, reply] of replies.entries()) {
          expect(reply, `${event} #${j}: ${JSON.stringify(acked[j])?.slice(0, 200)}`).toMatchObject({ ok: false });
          const error = AppErrorSchema.parse((reply as { error: unknown }).error);
          // Students are refused teacher-only events before, or instead of, validation.
          expect(['BAD_REQUEST', 'FORBIDDEN']).toContain(error.code);
          expect(error.message).toMatch(/\w/);
        }
        expect(mallory.socket.connected).toBe(true);
        // Nothing was stored or broadcast by all that.
        expect(mallory.payloads('chat_message')).toEqual([]);
        expect(mallory.payloads('class_ended')).toEqual([]);
        expect(await emitAck(mallory.socket, 'chat:history', [{ afterSeq: 0 }])).toMatchObject({ ok: true, data: { messages: [] } });

        // The same for the teacher, whose events pass authorization and reach validation.
        const session = await enterAsTeacher(host.url, host.teacherToken);
        if (!session.ok) throw new Error(session.error.message);
        const rawTeacher = await connectRaw(host.url, session.data.token);
        const teacherReplies = await Promise.all(
          payloads.slice(0, 200).map((p) => emitAck(rawTeacher.socket, event, p === undefined ? [] : [p], 15_000)),
        );
        for (const r of teacherReplies) expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        expect(rawTeacher.payloads('class_ended')).toEqual([]);
        rawTeacher.close();
        const teacher = await joinAsTeacher(host);

        // The host still serves a normal class.
        const ana = await joinAsStudent(host, 'Ana');
        expect((await ana.sendMessage('still here')).ok).toBe(true);
        await waitFor(teacher, 'messages', () => texts(teacher.messages).includes('still here'));
        mallory.close();
        ana.close();
        teacher.close();
        await waitUntil(() => !mallory.socket.connected, 2000, 'mallory closed');
        expect(unhandled).toEqual([]);
      } finally {
        await host.close();
      }
    },
    60_000,
  );
});
