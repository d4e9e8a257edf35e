/** Migration 002 (classrooms, lectures, users, attendance), including upgrading a v1 database. */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { columns, emptyDatabaseFile, schemaObjects, userVersion } from '../../test-support/db';
import { migrate } from '../migrations';
import { migration001 } from './001_initial';
import { migration002, OWNER_USER_ID, QUICK_CLASSROOM_ID } from './002_lectures';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 002_lectures', () => {
  it('is version 2 and adds its tables and columns', () => {
    db = emptyDatabaseFile().db;
    expect(migrate(db, [migration001, migration002])).toEqual([1, 2]);
    expect(userVersion(db)).toBe(2);
    expect(schemaObjects(db, 'table')).toEqual(
      expect.arrayContaining(['users', 'classrooms', 'lectures', 'attendance']),
    );
    expect(columns(db, 'rooms')).toContain('lecture_id');
    expect(columns(db, 'participants')).toContain('hands_raised');
    expect(db.prepare('SELECT role FROM users WHERE id = ?').get(OWNER_USER_ID)).toEqual({ role: 'admin' });
    expect(db.prepare('SELECT capacity FROM classrooms WHERE id = ?').get(QUICK_CLASSROOM_ID)).toEqual({ capacity: 500 });
  });

  it('refuses an unknown lecture status and a capacity out of range', () => {
    db = emptyDatabaseFile().db;
    migrate(db, [migration001, migration002]);
    const now = '2026-01-01T00:00:00.000Z';
    expect(() =>
      db
        .prepare(
          `INSERT INTO lectures (id, title, date, classroom_id, teacher_id, created_by, status, max_participants, created_at, updated_at)
           VALUES ('l', 't', ?, ?, ?, ?, 'paused', 1, ?, ?)`,
        )
        .run(now, QUICK_CLASSROOM_ID, OWNER_USER_ID, OWNER_USER_ID, now, now),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.prepare("INSERT INTO classrooms (id, name, capacity, features, created_at, updated_at) VALUES ('c', 'n', 0, '{}', ?, ?)").run(now, now),
    ).toThrow(/CHECK constraint failed/);
  });

  it('upgrades a v1 database without loss: rooms become ad-hoc lectures, chat untouched', () => {
    db = emptyDatabaseFile().db;
    migrate(db, [migration001]);
    const t = '2025-05-01T09:00:00.000Z';
    db.prepare("INSERT INTO rooms (id, code, name, status, started_at, ended_at, last_seq) VALUES ('old', 'AAAAAA', 'Old class', 'ended', ?, ?, 2)").run(t, t);
    db.prepare("INSERT INTO rooms (id, code, name, status, started_at, last_seq) VALUES ('now', 'BBBBBB', 'Live class', 'live', ?, 0)").run(t);
    db.prepare("INSERT INTO participants (id, room_id, name, role, joined_at) VALUES ('p', 'old', 'Ana', 'student', ?)").run(t);
    for (const seq of [1, 2]) {
      db.prepare("INSERT INTO messages (id, room_id, seq, sender_id, client_id, text, sent_at) VALUES (?, 'old', ?, 'p', ?, ?, ?)").run(`m${seq}`, seq, `c${seq}`, `hello ${seq}`, t);
    }

    expect(migrate(db, [migration001, migration002])).toEqual([2]);

    const lectures = db.prepare('SELECT title, status, ad_hoc, classroom_id FROM lectures ORDER BY title').all();
    expect(lectures).toEqual([
      { title: 'Live class', status: 'in-progress', ad_hoc: 1, classroom_id: QUICK_CLASSROOM_ID },
      { title: 'Old class', status: 'completed', ad_hoc: 1, classroom_id: QUICK_CLASSROOM_ID },
    ]);
    const linked = db.prepare('SELECT COUNT(*) AS n FROM rooms WHERE lecture_id IS NOT NULL').get();
    expect(linked).toEqual({ n: 2 });
    expect(db.prepare('SELECT text FROM messages ORDER BY seq').all()).toEqual([{ text: 'hello 1' }, { text: 'hello 2' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
