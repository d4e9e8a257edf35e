import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAT_TEXT_MAX,
  CLIENT_EVENT_NAMES,
  ChatHistoryRequestSchema,
  ChatSendSchema,
  ChatTextSchema,
  ClientMessageIdSchema,
  EmptySchema,
  HandshakeAuthSchema,
  JoinRequestSchema,
  NAME_MAX,
  NameSchema,
  RoomCodeSchema,
  TEACHER_ONLY_EVENTS,
  clientEvents,
  fail,
  resultSchema,
} from './index';
import { ROOM_CODE_ALPHABET } from './roomCode';
import { z } from 'zod';

const ok = (schema: z.ZodType, v: unknown) => schema.safeParse(v).success;
const firstMessage = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? undefined : r.error.issues[0]?.message;
};

describe('NameSchema', () => {
  it('normalises, then accepts 1 to 40 characters', () => {
    expect(NameSchema.parse('  Ana   María ')).toBe('Ana María');
    expect(NameSchema.parse('a'.repeat(NAME_MAX))).toBe('a'.repeat(NAME_MAX));
    expect(ok(NameSchema, 'a'.repeat(NAME_MAX + 1))).toBe(false);
    expect(firstMessage(NameSchema, 'a'.repeat(NAME_MAX + 1))).toMatch(/at most 40/);
  });

  it('counts length after normalisation, so invisible padding neither helps nor hurts', () => {
    expect(NameSchema.parse(`${'a'.repeat(NAME_MAX)}${'\u200B'.repeat(100)}`)).toBe('a'.repeat(NAME_MAX));
    expect(firstMessage(NameSchema, '\u202E\u200B   ')).toBe('Type your name.');
    expect(ok(NameSchema, '')).toBe(false);
  });

  it('refuses non-strings and absurdly long input before normalising it', () => {
    for (const v of [undefined, null, 42, {}, ['Ana']]) expect(ok(NameSchema, v)).toBe(false);
    expect(firstMessage(NameSchema, 'a'.repeat(401))).toMatch(/far too long/);
  });
});

describe('RoomCodeSchema', () => {
  it('accepts forgiving input and outputs the canonical code', () => {
    expect(RoomCodeSchema.parse('abc-def')).toBe('ABCDEF');
    expect(RoomCodeSchema.parse(' o1l i23 ')).toBe('011123');
  });

  it('refuses wrong lengths, wrong symbols and non-strings with a readable message', () => {
    for (const v of ['', 'ABCDE', 'ABCDEFG', 'ABCDEU', 'ABC*EF', 'x'.repeat(41), 123456, null]) {
      expect(ok(RoomCodeSchema, v)).toBe(false);
    }
    expect(firstMessage(RoomCodeSchema, 'AB')).toMatch(/6 letters and digits/);
  });

  it('property: every generated code (any case, with a dash) parses to itself', () => {
    const code = fc.array(fc.constantFrom(...ROOM_CODE_ALPHABET), { minLength: 6, maxLength: 6 }).map((c) => c.join(''));
    fc.assert(
      fc.property(code, (c) => RoomCodeSchema.parse(`${c.slice(0, 3).toLowerCase()}-${c.slice(3)}`) === c),
    );
  });
});

describe('ChatTextSchema', () => {
  it('trims, then accepts 1 to 2000 characters', () => {
    expect(ChatTextSchema.parse('  hi  ')).toBe('hi');
    expect(ChatTextSchema.parse('x'.repeat(CHAT_TEXT_MAX))).toHaveLength(CHAT_TEXT_MAX);
    expect(ChatTextSchema.parse(`   ${'x'.repeat(CHAT_TEXT_MAX)}\n\n `)).toHaveLength(CHAT_TEXT_MAX);
    expect(ok(ChatTextSchema, 'x'.repeat(CHAT_TEXT_MAX + 1))).toBe(false);
  });

  it('refuses empty and whitespace- or invisible-only messages', () => {
    for (const v of ['', '   ', '\n\n\t', '\u200B\u202E']) {
      expect(firstMessage(ChatTextSchema, v)).toBe('Type a message.');
    }
  });

  it('refuses input far beyond the limit before normalising it', () => {
    expect(ok(ChatTextSchema, ' '.repeat(CHAT_TEXT_MAX * 4 + 1))).toBe(false);
    expect(ok(ChatTextSchema, 'x'.repeat(100_000))).toBe(false);
  });

  it('keeps newlines inside a message', () => {
    expect(ChatTextSchema.parse('line 1\nline 2')).toBe('line 1\nline 2');
  });
});

describe('ChatSendSchema', () => {
  const valid = { text: 'hello', clientId: 'abcDEF12_-' };

  it('accepts text and a client id', () => {
    expect(ChatSendSchema.parse(valid)).toEqual(valid);
  });

  it('is strict: identity and other extra keys are refused, not ignored', () => {
    expect(ok(ChatSendSchema, { ...valid, sender: { id: 'x', role: 'teacher' } })).toBe(false);
    expect(ok(ChatSendSchema, { ...valid, role: 'teacher' })).toBe(false);
    expect(ok(ChatSendSchema, JSON.parse('{"text":"hi","clientId":"abcdefgh","__proto__":{"role":"teacher"}}'))).toBe(false);
  });

  it('requires both fields with the right types', () => {
    for (const v of [undefined, null, 'hello', [], {}, { text: 'hi' }, { clientId: valid.clientId }, { text: 5, clientId: valid.clientId }]) {
      expect(ok(ChatSendSchema, v)).toBe(false);
    }
  });

  it('client ids are 8 to 64 URL-safe characters', () => {
    expect(ok(ClientMessageIdSchema, 'a'.repeat(8))).toBe(true);
    expect(ok(ClientMessageIdSchema, 'a'.repeat(64))).toBe(true);
    for (const v of ['a'.repeat(7), 'a'.repeat(65), 'abc def gh', 'abcdefg/', 'abcdefgh\n', '']) {
      expect(ok(ClientMessageIdSchema, v)).toBe(false);
    }
  });
});

describe('other client event payloads', () => {
  it('history requests need a non-negative integer afterSeq and a limit of 1 to 500', () => {
    expect(ok(ChatHistoryRequestSchema, { afterSeq: 0 })).toBe(true);
    expect(ok(ChatHistoryRequestSchema, { afterSeq: 10, limit: 500 })).toBe(true);
    for (const v of [{}, { afterSeq: -1 }, { afterSeq: 1.5 }, { afterSeq: '1' }, { afterSeq: 0, limit: 0 }, { afterSeq: 0, limit: 501 }, { afterSeq: 0, x: 1 }]) {
      expect(ok(ChatHistoryRequestSchema, v)).toBe(false);
    }
  });

  it('empty payloads are exactly {}', () => {
    expect(ok(EmptySchema, {})).toBe(true);
    for (const v of [undefined, null, [], 'x', { a: 1 }]) expect(ok(EmptySchema, v)).toBe(false);
  });

  it('every client event has a payload and a reply schema; class:end is teacher-only, chat is not', () => {
    expect(CLIENT_EVENT_NAMES).toEqual(expect.arrayContaining(['chat:history', 'chat:send', 'class:end', 'class:leave']));
    for (const name of CLIENT_EVENT_NAMES) {
      expect(clientEvents[name].payload, name).toBeInstanceOf(z.ZodType);
      expect(clientEvents[name].reply, name).toBeInstanceOf(z.ZodType);
      // Every payload refuses "nothing": a handler never runs on an absent payload.
      expect(clientEvents[name].payload.safeParse(undefined).success, name).toBe(false);
    }
    expect(TEACHER_ONLY_EVENTS).toContain('class:end');
    for (const e of ['chat:send', 'chat:history', 'class:leave'] as const) expect(TEACHER_ONLY_EVENTS).not.toContain(e);
    for (const e of TEACHER_ONLY_EVENTS) expect(CLIENT_EVENT_NAMES).toContain(e);
  });
});

describe('HandshakeAuthSchema', () => {
  const token = 'x'.repeat(43);

  it('needs a token of 16 to 128 characters and an optional non-negative integer lastSeq', () => {
    expect(HandshakeAuthSchema.parse({ token })).toEqual({ token });
    expect(HandshakeAuthSchema.parse({ token, lastSeq: 0 })).toEqual({ token, lastSeq: 0 });
    for (const v of [undefined, null, {}, { token: 'short' }, { token: 'x'.repeat(129) }, { token: 42 }, { token, lastSeq: -1 }, { token, lastSeq: 1.5 }, { token, lastSeq: '3' }]) {
      expect(ok(HandshakeAuthSchema, v)).toBe(false);
    }
  });
});

describe('JoinRequestSchema and replies', () => {
  it('a join is a code and a name, nothing else', () => {
    expect(JoinRequestSchema.parse({ code: 'abc-def', name: ' Ana ' })).toEqual({ code: 'ABCDEF', name: 'Ana' });
    expect(ok(JoinRequestSchema, { code: 'ABCDEF', name: 'Ana', role: 'teacher' })).toBe(false);
  });

  it('resultSchema accepts exactly the two reply shapes', () => {
    const r = resultSchema(z.object({ n: z.number() }));
    expect(ok(r, { ok: true, data: { n: 1 } })).toBe(true);
    expect(ok(r, fail('FORBIDDEN', 'no'))).toBe(true);
    expect(ok(r, { ok: false, error: { code: 'NOPE', message: 'x' } })).toBe(false);
    expect(ok(r, { ok: true })).toBe(false);
  });
});
