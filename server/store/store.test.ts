/** The store against a real migrated SQLite file. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Participant, Role } from '../../shared';
import { createChatService } from '../services/chat';
import { createSessionService } from '../services/sessions';
import { tempDir } from '../test-support/testHost';
import { openDatabase } from './database';
import { createStore, type Store } from './store';

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) if (s.db.open) s.close();
});

function openStore(dir = tempDir()): Store & { dir: string } {
  const store = createStore(openDatabase(dir));
  stores.push(store);
  return Object.assign(store, { dir });
}

let n = 0;
const at = (i: number) => new Date(Date.UTC(2025, 0, 1, 9, 0, i)).toISOString();
function room(store: Store, code = `R${String(++n).padStart(5, '0')}`, startedAt = at(0)) {
  return store.insertRoom({ id: `room-${++n}`, code, name: 'Class', startedAt });
}
function person(store: Store, roomId: string, role: Role = 'student'): Participant {
  return store.insertParticipant({ id: `p-${++n}`, roomId, name: `N${n}`, role, joinedAt: at(n % 60) });
}
function say(store: Store, roomId: string, sender: Participant, text: string, clientId = `client-${++n}`) {
  return store.insertMessage({ id: `m-${++n}`, roomId, senderId: sender.id, clientId, text, sentAt: at(0) });
}

describe('insertMessage', () => {
  it('numbers messages 1, 2, 3 … per room, independently for each room', () => {
    const s = openStore();
    const a = room(s);
    const b = room(s);
    const pa = person(s, a.id);
    const pb = person(s, b.id);
    const seqA: number[] = [];
    const seqB: number[] = [];
    for (let i = 0; i < 10; i++) {
      seqA.push(say(s, a.id, pa, `a${i}`));
      if (i % 2 === 0) seqB.push(say(s, b.id, pb, `b${i}`));
    }
    expect(seqA).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seqB).toEqual([1, 2, 3, 4, 5]);
    expect(s.countRoomMessages(a.id)).toBe(10);
  });

  it('a failed insert does not use up a seq: the bump and the insert are one transaction', () => {
    const s = openStore();
    const r = room(s);
    const p = person(s, r.id);
    expect(say(s, r.id, p, 'one', 'same-client-id')).toBe(1);
    expect(() => say(s, r.id, p, 'again', 'same-client-id')).toThrow(/UNIQUE constraint failed/);
    expect(() => say(s, r.id, { ...p, id: 'no-such-participant' }, 'ghost')).toThrow(/FOREIGN KEY/);
    expect(say(s, r.id, p, 'two')).toBe(2);
    expect(s.messagesAfter(r.id, 0, 10).map((m) => [m.seq, m.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
  });

  it('two connections writing to the same room still get consecutive, unique seqs', () => {
    const s1 = openStore();
    const s2 = openStore(s1.dir);
    const r = room(s1);
    const p = person(s1, r.id);
    const seqs: number[] = [];
    for (let i = 0; i < 50; i++) seqs.push(say(i % 2 ? s1 : s2, r.id, p, `m${i}`));
    expect(seqs).toEqual([...Array(50).keys()].map((i) => i + 1));
  });

  it('dedupes by (sender, client id): the resend finds the stored message, another sender may reuse the id', () => {
    const s = openStore();
    const r = room(s);
    const ana = person(s, r.id);
    const ben = person(s, r.id);
    say(s, r.id, ana, 'hello', 'shared-client-id');
    const stored = s.messageByClientId(ana.id, 'shared-client-id');
    expect(stored).toMatchObject({ seq: 1, text: 'hello', sender: { id: ana.id, name: ana.name, role: 'student' } });
    expect(s.messageByClientId(ben.id, 'shared-client-id')).toBeUndefined();
    expect(say(s, r.id, ben, 'hi', 'shared-client-id')).toBe(2);
  });

  it('the chat service turns a resend into the stored message instead of a second row', () => {
    const s = openStore();
    const chat = createChatService(s, { now: () => new Date(at(5)) });
    const r = room(s);
    const p = person(s, r.id);
    const first = chat.send(r.id, p, 'once', 'retry-client-id');
    const again = chat.send(r.id, p, 'once (edited?)', 'retry-client-id');
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ message: first.message, duplicate: true });
    expect(s.countRoomMessages(r.id)).toBe(1);
  });
});

describe('reading history', () => {
  function roomWith(count: number) {
    const s = openStore();
    const r = room(s);
    const other = room(s);
    const p = person(s, r.id);
    const q = person(s, other.id);
    for (let i = 1; i <= count; i++) {
      say(s, r.id, p, `m${i}`);
      say(s, other.id, q, `other${i}`);
    }
    return { s, r };
  }

  it('messagesAfter returns seq > afterSeq, oldest first, at most limit, only from that room', () => {
    const { s, r } = roomWith(10);
    expect(s.messagesAfter(r.id, 0, 100).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.messagesAfter(r.id, 3, 4).map((m) => m.text)).toEqual(['m4', 'm5', 'm6', 'm7']);
    expect(s.messagesAfter(r.id, 10, 5)).toEqual([]);
    expect(s.messagesAfter(r.id, 0, 100).every((m) => m.roomId === r.id)).toBe(true);
  });

  it('lastMessages returns the newest N, oldest first', () => {
    const { s, r } = roomWith(10);
    expect(s.lastMessages(r.id, 3).map((m) => m.seq)).toEqual([8, 9, 10]);
    expect(s.lastMessages(r.id, 50).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.lastMessages('no-such-room', 5)).toEqual([]);
  });

  it('the chat service pages with hasMore', () => {
    const { s, r } = roomWith(7);
    const chat = createChatService(s, { now: () => new Date() });
    const page1 = chat.after(r.id, 0, 3);
    expect(page1.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(page1.hasMore).toBe(true);
    const last = chat.after(r.id, 6, 3);
    expect(last).toMatchObject({ hasMore: false });
    expect(last.messages.map((m) => m.seq)).toEqual([7]);
    expect(chat.after(r.id, 4, 3).hasMore).toBe(false);
  });
});

describe('endRoom', () => {
  it('ends a live room once, revokes its sessions only, and keeps its chat', () => {
    const s = openStore();
    const sessions = createSessionService(s, { now: () => new Date(at(1)) });
    const r = room(s, 'ENDME1');
    const other = room(s, 'KEEPME');
    const ana = sessions.joinAsStudent(r, 'Ana');
    const teacher = sessions.enterAsTeacher(r, 'Teacher');
    const ben = sessions.joinAsStudent(other, 'Ben');
    say(s, r.id, ana.participant, 'kept');
    expect(sessions.resolve(ana.token)?.participant.id).toBe(ana.participant.id);

    expect(s.endRoom(r.id, at(30))).toBe(true);
    expect(s.roomById(r.id)).toMatchObject({ status: 'ended', endedAt: at(30) });
    expect(sessions.resolve(ana.token)).toBeUndefined();
    expect(sessions.resolve(teacher.token)).toBeUndefined();
    expect(sessions.resolve(ben.token)?.roomId).toBe(other.id);
    expect(s.liveRoomByCode('ENDME1')).toBeUndefined();
    expect(s.liveRooms().map((x) => x.id)).toEqual([other.id]);
    expect(s.countRoomMessages(r.id)).toBe(1);

    expect(s.endRoom(r.id, at(40))).toBe(false);
    expect(s.roomById(r.id)?.endedAt).toBe(at(30));
    // The code is free again for a new live class.
    expect(room(s, 'ENDME1').status).toBe('live');
  });
});

describe('rooms and settings', () => {
  it('liveRooms lists classes oldest first, in opening order when they started the same instant', () => {
    const s = openStore();
    const ids = [room(s, 'SAME01', at(5)), room(s, 'SAME02', at(5)), room(s, 'EARLY1', at(1)), room(s, 'SAME03', at(5))].map(
      (r) => r.code,
    );
    expect(ids).toHaveLength(4);
    expect(s.liveRooms().map((r) => r.code)).toEqual(['EARLY1', 'SAME01', 'SAME02', 'SAME03']);
  });

  it('settings are upserted and survive reopening the file', () => {
    const s = openStore();
    expect(s.getSetting('k')).toBeUndefined();
    s.setSetting('k', 'v1');
    s.setSetting('k', 'v2');
    s.close();
    expect(openStore(s.dir).getSetting('k')).toBe('v2');
  });

  it('participants come back as exactly id, name, role and joinedAt (no storage fields)', () => {
    const s = openStore();
    const sessions = createSessionService(s, { now: () => new Date(at(1)) });
    const r = room(s);
    const { participant } = sessions.joinAsStudent(r, 'Ana');
    expect(Object.keys(participant).sort()).toEqual(['id', 'joinedAt', 'name', 'role']);
    expect(s.participantById(participant.id)).toEqual(participant);
  });

  it('the teacher of a room is one participant, reused by every teacher session', () => {
    const s = openStore();
    const sessions = createSessionService(s, { now: () => new Date(at(1)) });
    const r = room(s);
    const t1 = sessions.enterAsTeacher(r, 'Teacher');
    const t2 = sessions.enterAsTeacher(r, 'Teacher');
    expect(t1.token).not.toBe(t2.token);
    expect(t2.participant.id).toBe(t1.participant.id);
    expect(s.roomTeacher(r.id)?.role).toBe('teacher');
  });
});
