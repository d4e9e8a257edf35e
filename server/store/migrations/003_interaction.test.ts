/** Migration 003 (interaction: polls, quizzes, announcements, moderation), including upgrading a v2 database. */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { columns, emptyDatabaseFile, schemaObjects, userVersion } from '../../test-support/db';
import { migrate } from '../migrations';
import { migration001 } from './001_initial';
import { migration002 } from './002_lectures';
import { migration003 } from './003_interaction';

let db: Database.Database;
afterEach(() => db?.close());
const t = '2026-01-01T09:00:00.000Z';

describe('migration 003_interaction', () => {
  it('is version 3 and adds its tables and columns', () => {
    db = emptyDatabaseFile().db;
    expect(migrate(db, [migration001, migration002, migration003])).toEqual([1, 2, 3]);
    expect(userVersion(db)).toBe(3);
    expect(schemaObjects(db, 'table')).toEqual(
      expect.arrayContaining(['polls', 'poll_votes', 'quizzes', 'quiz_answers', 'announcements', 'announcement_acks', 'moderation_actions']),
    );
    expect(columns(db, 'messages')).toEqual(expect.arrayContaining(['type', 'language', 'deleted_at', 'deleted_by']));
    expect(columns(db, 'participants')).toEqual(expect.arrayContaining(['muted_reason', 'removed_at', 'last_read_seq']));
  });

  it('upgrades a v2 database: old messages become text, nobody muted; bad values refused', () => {
    db = emptyDatabaseFile().db;
    migrate(db, [migration001, migration002]);
    db.prepare("INSERT INTO rooms (id, code, name, status, started_at, last_seq) VALUES ('r', 'AAAAAA', 'C', 'live', ?, 1)").run(t);
    db.prepare("INSERT INTO participants (id, room_id, name, role, joined_at) VALUES ('p', 'r', 'Ana', 'student', ?)").run(t);
    db.prepare("INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, sent_at) VALUES ('m', 'r', 1, 'p', 'c', 'hi', ?)").run(t);

    expect(migrate(db, [migration001, migration002, migration003])).toEqual([3]);

    expect(db.prepare('SELECT text, type, deleted_at FROM messages').get()).toEqual({ text: 'hi', type: 'text', deleted_at: null });
    expect(db.prepare('SELECT muted_reason, removed_at, last_read_seq FROM participants').get()).toEqual({
      muted_reason: null,
      removed_at: null,
      last_read_seq: 0,
    });
    expect(() => db.prepare("UPDATE messages SET type = 'shout'").run()).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.prepare("INSERT INTO announcements (id, room_id, text, priority, sent_at) VALUES ('a', 'r', 'x', 'loud', ?)").run(t),
    ).toThrow(/CHECK constraint failed/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
