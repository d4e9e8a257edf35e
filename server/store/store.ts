/**
 * The one module that reads and writes the database. Prepared statements only; rows are
 * mapped to domain objects here so nothing else knows column names.
 */
import type { Database } from 'better-sqlite3';
import type { ChatMessage, MessageType, Participant, Role, Room } from '../../shared';

interface RoomRow {
  id: string;
  code: string;
  name: string;
  status: 'live' | 'ended';
  started_at: string;
  ended_at: string | null;
  last_seq: number;
}
interface ParticipantRow {
  id: string;
  room_id: string;
  name: string;
  role: Role;
  joined_at: string;
  left_at: string | null;
}
interface MessageRow {
  id: string;
  room_id: string;
  seq: number;
  text: string;
  sent_at: string;
  type: MessageType;
  language: string | null;
  deleted_at: string | null;
  p_id: string;
  p_name: string;
  p_role: Role;
  p_joined_at: string;
}

const toRoom = (r: RoomRow): Room => ({
  id: r.id,
  code: r.code,
  name: r.name,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});
const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  name: r.name,
  role: r.role,
  joinedAt: r.joined_at,
});
const toMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  roomId: r.room_id,
  seq: r.seq,
  // The archive keeps a deleted message's text; the wire never carries it again.
  text: r.deleted_at ? '' : r.text,
  sentAt: r.sent_at,
  type: r.type,
  language: r.language,
  deleted: r.deleted_at !== null,
  sender: { id: r.p_id, name: r.p_name, role: r.p_role, joinedAt: r.p_joined_at },
});

const MESSAGE_SELECT = `
  SELECT m.id, m.room_id, m.seq, m.text, m.sent_at, m.type, m.language, m.deleted_at,
         p.id AS p_id, p.name AS p_name, p.role AS p_role, p.joined_at AS p_joined_at
  FROM messages m JOIN participants p ON p.id = m.sender_id`;

export interface NewMessage {
  id: string;
  roomId: string;
  senderId: string;
  clientId: string;
  text: string;
  sentAt: string;
  type?: MessageType;
  language?: string | null;
}

export type Store = ReturnType<typeof createStore>;

export function createStore(db: Database) {
  const s = {
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    insertRoom: db.prepare<[string, string, string, string]>(
      "INSERT INTO rooms (id, code, name, status, started_at) VALUES (?, ?, ?, 'live', ?)",
    ),
    roomById: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
    liveRoomByCode: db.prepare<[string], RoomRow>("SELECT * FROM rooms WHERE code = ? AND status = 'live'"),
    liveRooms: db.prepare<[], RoomRow>("SELECT * FROM rooms WHERE status = 'live' ORDER BY started_at, rowid"),
    setRoomCode: db.prepare<[string, string]>("UPDATE rooms SET code = ? WHERE id = ? AND status = 'live'"),
    endRoom: db.prepare<[string, string]>(
      "UPDATE rooms SET status = 'ended', ended_at = ? WHERE id = ? AND status = 'live'",
    ),
    bumpSeq: db.prepare<[string], { last_seq: number }>(
      'UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq',
    ),
    insertParticipant: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO participants (id, room_id, name, role, joined_at) VALUES (?, ?, ?, ?, ?)',
    ),
    participantById: db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
    roomTeacher: db.prepare<[string], ParticipantRow>(
      "SELECT * FROM participants WHERE room_id = ? AND role IN ('teacher', 'admin') ORDER BY joined_at LIMIT 1",
    ),
    markLeft: db.prepare<[string, string]>('UPDATE participants SET left_at = ? WHERE id = ?'),
    insertSession: db.prepare<[string, string, string]>(
      'INSERT INTO sessions (token_hash, participant_id, created_at) VALUES (?, ?, ?)',
    ),
    sessionParticipant: db.prepare<[string], ParticipantRow>(
      'SELECT p.* FROM sessions s JOIN participants p ON p.id = s.participant_id WHERE s.token_hash = ?',
    ),
    deleteRoomSessions: db.prepare<[string]>(
      'DELETE FROM sessions WHERE participant_id IN (SELECT id FROM participants WHERE room_id = ?)',
    ),
    insertMessage: db.prepare<[string, string, number, string, string, string, string, string, string | null]>(
      `INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, sent_at, type, language)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deleteMessage: db.prepare<[string, string, string, string], { seq: number }>(
      'UPDATE messages SET deleted_at = ?, deleted_by = ? WHERE id = ? AND room_id = ? AND deleted_at IS NULL RETURNING seq',
    ),
    deletedInRoom: db.prepare<[string], { id: string; seq: number }>(
      'SELECT id, seq FROM messages WHERE room_id = ? AND deleted_at IS NOT NULL ORDER BY seq',
    ),
    muteOf: db.prepare<[string], { muted_reason: string | null }>('SELECT muted_reason FROM participants WHERE id = ?'),
    messageByClientId: db.prepare<[string, string], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.sender_id = ? AND m.client_id = ?`,
    ),
    messagesAfter: db.prepare<[string, number, number], MessageRow>(
      `${MESSAGE_SELECT} WHERE m.room_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?`,
    ),
    lastMessages: db.prepare<[string, number], MessageRow>(
      `SELECT * FROM (${MESSAGE_SELECT} WHERE m.room_id = ? ORDER BY m.seq DESC LIMIT ?) ORDER BY seq`,
    ),
    countRoomMessages: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE room_id = ?'),
  };

  const insertMessageTx = db.transaction((m: NewMessage): number => {
    const { last_seq } = s.bumpSeq.get(m.roomId)!;
    s.insertMessage.run(m.id, m.roomId, last_seq, m.senderId, m.clientId, m.text, m.sentAt, m.type ?? 'text', m.language ?? null);
    return last_seq;
  });

  const endRoomTx = db.transaction((roomId: string, endedAt: string): boolean => {
    const changed = s.endRoom.run(endedAt, roomId).changes > 0;
    // Sessions die with the class: a stale token can never re-enter it.
    s.deleteRoomSessions.run(roomId);
    return changed;
  });

  return {
    db,
    getSetting: (key: string) => s.getSetting.get(key)?.value,
    setSetting: (key: string, value: string) => void s.setSetting.run(key, value),

    insertRoom(room: { id: string; code: string; name: string; startedAt: string }): Room {
      s.insertRoom.run(room.id, room.code, room.name, room.startedAt);
      return toRoom(s.roomById.get(room.id)!);
    },
    roomById: (id: string) => mapOpt(s.roomById.get(id), toRoom),
    liveRoomByCode: (code: string) => mapOpt(s.liveRoomByCode.get(code), toRoom),
    liveRooms: () => s.liveRooms.all().map(toRoom),
    endRoom: (roomId: string, endedAt: string) => endRoomTx(roomId, endedAt),
    setRoomCode: (roomId: string, code: string) => s.setRoomCode.run(code, roomId).changes > 0,

    insertParticipant(p: Participant & { roomId: string }): Participant {
      s.insertParticipant.run(p.id, p.roomId, p.name, p.role, p.joinedAt);
      // Exactly a Participant: the caller's object carries roomId, which must not leak into
      // wire payloads (it made a live chat_message's sender differ from the stored one).
      return { id: p.id, name: p.name, role: p.role, joinedAt: p.joinedAt };
    },
    participantById: (id: string) => mapOpt(s.participantById.get(id), toParticipant),
    participantRoomId: (id: string) => s.participantById.get(id)?.room_id,
    roomTeacher: (roomId: string) => mapOpt(s.roomTeacher.get(roomId), toParticipant),
    markLeft: (participantId: string, at: string) => void s.markLeft.run(at, participantId),

    insertSession: (tokenHash: string, participantId: string, at: string) =>
      void s.insertSession.run(tokenHash, participantId, at),
    sessionParticipant(tokenHash: string): (Participant & { roomId: string }) | undefined {
      const row = s.sessionParticipant.get(tokenHash);
      return row && { ...toParticipant(row), roomId: row.room_id };
    },

    /** Inserts a message with the room's next seq, atomically. Returns the seq. */
    insertMessage: (m: NewMessage) => insertMessageTx(m),
    messageByClientId: (senderId: string, clientId: string) =>
      mapOpt(s.messageByClientId.get(senderId, clientId), toMessage),
    messagesAfter: (roomId: string, afterSeq: number, limit: number) =>
      s.messagesAfter.all(roomId, afterSeq, limit).map(toMessage),
    lastMessages: (roomId: string, limit: number) => s.lastMessages.all(roomId, limit).map(toMessage),
    countRoomMessages: (roomId: string) => s.countRoomMessages.get(roomId)!.n,
    /** Marks a message of the room deleted; returns its seq, or undefined if none (or already deleted). */
    deleteMessage: (messageId: string, roomId: string, byId: string, at: string) =>
      s.deleteMessage.get(at, byId, messageId, roomId)?.seq,
    /** Every deleted message of a room (a reconnecting client may still show one). */
    deletedInRoom: (roomId: string) => s.deletedInRoom.all(roomId),
    /** Why the participant is muted in chat, or undefined if they may chat. */
    muteOf: (participantId: string) => s.muteOf.get(participantId)?.muted_reason ?? undefined,

    close: () => db.close(),
  };
}

function mapOpt<R, T>(row: R | undefined, map: (r: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}
