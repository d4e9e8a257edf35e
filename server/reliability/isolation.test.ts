/**
 * Isolation, as a property (issue #7, item 5): several classes on one host, random students
 * doing random things (chat, history, hands, typing, leaving, reconnecting). No event ever
 * reaches a socket outside its class. Every name and text carries its class's tag, so a leak
 * of any kind (chat, participants, history, interaction state) shows up in the recordings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectRaw, emitAck, joinRaw, type RawClient } from '../test-support/raw';
import { startTestHost } from '../test-support/testHost';

const ROOMS = 3;
const PER_ROOM = 3;

type Action =
  | { kind: 'chat'; who: number; text: string }
  | { kind: 'history'; who: number; afterSeq: number }
  | { kind: 'hand'; who: number; up: boolean }
  | { kind: 'typing'; who: number; typing: boolean }
  | { kind: 'reconnect'; who: number }
  | { kind: 'leave'; who: number };

const who = fc.integer({ min: 0, max: ROOMS * PER_ROOM - 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('chat' as const), who, text: fc.string({ minLength: 1, maxLength: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('history' as const), who, afterSeq: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hand' as const), who, up: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('typing' as const), who, typing: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who }) },
);

/** Every string anywhere in a recorded event. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

describe('isolation between classes (property)', () => {
  it('no event reaches a socket outside its class, whatever students do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 10, maxLength: 40 }), async (actions) => {
        const host = await startTestHost();
        const everyone: RawClient[] = [];
        try {
          const codes = [host.code!];
          for (let r = 1; r < ROOMS; r++) codes.push(host.openClass(`Class ${r}`).code);
          const clients: (RawClient & { token: string; room: number; left?: boolean })[] = [];
          for (let r = 0; r < ROOMS; r++) {
            for (let k = 0; k < PER_ROOM; k++) {
              const c = await joinRaw(host, `R${r}-student${k}`, codes[r]!);
              clients.push(Object.assign(c, { room: r }));
              everyone.push(c);
            }
          }
          const roomIdOf = new Map<number, string>();
          for (const c of clients) {
            const state = c.payloads('room_state')[0] as { room: { id: string } };
            roomIdOf.set(c.room, state.room.id);
          }
          for (const [i, a] of actions.entries()) {
            const c = clients[a.who]!;
            if (c.left) continue;
            const tag = `R${c.room}:`;
            if (a.kind === 'chat') void emitAck(c.socket, 'chat:send', [{ text: `${tag}${a.text.trim() || 'x'}`, clientId: `act-${i}-${a.who}-xxxx` }], 1000);
            if (a.kind === 'history') void emitAck(c.socket, 'chat:history', [{ afterSeq: a.afterSeq }], 1000);
            if (a.kind === 'hand') void emitAck(c.socket, a.up ? 'hand:raise' : 'hand:lower', [{}], 1000);
            if (a.kind === 'typing') void emitAck(c.socket, 'typing', [{ typing: a.typing }], 1000);
            if (a.kind === 'leave') {
              c.left = true;
              void emitAck(c.socket, 'class:leave', [{}], 1000);
            }
            if (a.kind === 'reconnect') {
              c.close();
              const again = await connectRaw(host.url, c.token);
              everyone.push(again);
              // Keep recording into the same list: the new socket belongs to the same student.
              again.socket.onAny((event: string, ...args: unknown[]) => c.events.push({ event, args }));
              c.socket = again.socket;
            }
          }
          await new Promise((r) => setTimeout(r, 300));
          for (const c of clients) {
            const own = roomIdOf.get(c.room)!;
            for (const e of c.events) {
              for (const s of strings(e.args)) {
                const foreign = /^R(\d+)[:-]/.exec(s);
                if (foreign) expect(Number(foreign[1]), `${e.event} to a student of R${c.room}: ${s}`).toBe(c.room);
                for (const [r, id] of roomIdOf) if (r !== c.room) expect(s, `${e.event} names another room's id`).not.toBe(id);
              }
            }
            expect(strings(c.events.map((e) => e.args))).toContain(own);
          }
        } finally {
          for (const c of everyone) c.close();
          await host.close();
        }
      }),
      { numRuns: 6, seed: 4242 },
    );
  }, 120_000);
});
