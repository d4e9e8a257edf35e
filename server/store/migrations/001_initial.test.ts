/** Migration 001 (initial schema), applied to a real SQLite file. */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { columns, emptyDatabaseFile, schemaObjects, schemaSql, userVersion } from '../../test-support/db';
import { migrate } from '../migrations';
import { migration001 } from './001_initial';

let db: Database.Database;
afterEach(() => db?.close());

function migrated(): Database.Database {
  db = emptyDatabaseFile().db;
  expect(migrate(db, [migration001])).toEqual([1]);
  return db;
}

const insertRoom = (d: Database.Database, id: string, code: string, status = 'live') =>
  d.prepare("INSERT INTO rooms (id, code, name, status, started_at) VALUES (?, ?, 'C', ?, '2025-01-01T00:00:00.000Z')").run(id, code, status);
const insertParticipant = (d: Database.Database, id: string, roomId: string, role = 'student') =>
  d.prepare("INSERT INTO participants (id, room_id, name, role, joined_at) VALUES (?, ?, 'N', ?, '2025-01-01T00:00:00.000Z')").run(id, roomId, role);
const insertMessage = (d: Database.Database, id: string, roomId: string, seq: number, sender: string, clientId: string) =>
  d.prepare("INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, sent_at) VALUES (?, ?, ?, ?, ?, 't', 'x')").run(id, roomId, seq, sender, clientId);

describe('migration 001_initial', () => {
  it('is version 1', () => {
    expect(migration001.version).toBe(1);
    expect(migration001.name).toBe('initial');
  });

  it('on an empty database creates the five tables and their indexes and sets user_version = 1', () => {
    const d = migrated();
    expect(userVersion(d)).toBe(1);
    expect(schemaObjects(d, 'table')).toEqual(['messages', 'participants', 'rooms', 'sessions', 'settings']);
    expect(schemaObjects(d, 'index')).toEqual(['participants_room', 'rooms_live_code']);
    expect(columns(d, 'rooms')).toEqual(['id', 'code', 'name', 'status', 'started_at', 'ended_at', 'last_seq']);
    expect(columns(d, 'participants')).toEqual(['id', 'room_id', 'name', 'role', 'joined_at', 'left_at']);
    expect(columns(d, 'sessions')).toEqual(['token_hash', 'participant_id', 'created_at']);
    expect(columns(d, 'messages')).toEqual(['id', 'room_id', 'seq', 'sender_id', 'client_id', 'text', 'sent_at']);
    expect(columns(d, 'settings')).toEqual(['key', 'value']);
    // UNIQUE (room_id, seq) and UNIQUE (sender_id, client_id) exist as automatic indexes.
    const messageIndexes = d.pragma('index_list(messages)') as { unique: number; origin: string }[];
    expect(messageIndexes.filter((i) => i.unique && i.origin === 'u')).toHaveLength(2);
  });

  it('makes the tables STRICT: a wrongly typed value is refused', () => {
    const d = migrated();
    expect(() => d.prepare("INSERT INTO rooms (id, code, name, status, started_at, last_seq) VALUES ('r', 'C', 'n', 'live', 'x', 'many')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('allows one live class per code, but an ended class may share a code', () => {
    const d = migrated();
    insertRoom(d, 'r1', 'ABCDEF');
    expect(() => insertRoom(d, 'r2', 'ABCDEF')).toThrow(/UNIQUE constraint failed: rooms.code/);
    insertRoom(d, 'r3', 'ABCDEF', 'ended');
    expect(() => insertRoom(d, 'r4', 'ABCDEF', 'paused')).toThrow(/CHECK constraint failed/);
  });

  it('enforces roles, foreign keys, one seq per room and one client id per sender', () => {
    const d = migrated();
    insertRoom(d, 'r1', 'AAAAAA');
    insertRoom(d, 'r2', 'BBBBBB');
    insertParticipant(d, 'p1', 'r1');
    expect(() => insertParticipant(d, 'p2', 'r1', 'owner')).toThrow(/CHECK constraint failed/);
    expect(() => insertParticipant(d, 'p3', 'nope')).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => d.prepare("INSERT INTO sessions VALUES ('h', 'ghost', 'x')").run()).toThrow(/FOREIGN KEY/);
    insertMessage(d, 'm1', 'r1', 1, 'p1', 'client-1');
    expect(() => insertMessage(d, 'm2', 'r1', 1, 'p1', 'client-2')).toThrow(/UNIQUE constraint failed: messages.room_id, messages.seq/);
    expect(() => insertMessage(d, 'm3', 'r1', 2, 'p1', 'client-1')).toThrow(/UNIQUE constraint failed: messages.sender_id, messages.client_id/);
    insertMessage(d, 'm4', 'r2', 1, 'p1', 'client-2'); // seq 1 again, but in another room
  });

  it('is not re-applied once the database is at version 1', () => {
    const d = migrated();
    const before = schemaSql(d);
    expect(migrate(d, [migration001])).toEqual([]);
    expect(schemaSql(d)).toBe(before);
    expect(userVersion(d)).toBe(1);
  });
});
