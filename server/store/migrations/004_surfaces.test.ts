/** Migration 004 (shared surfaces): applied on its own on top of 001–002, to a real SQLite file. */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { columns, emptyDatabaseFile, schemaObjects, userVersion } from '../../test-support/db';
import { migrate } from '../migrations';
import { migration001 } from './001_initial';
import { migration002 } from './002_lectures';
import { migration004 } from './004_surfaces';

let db: Database.Database;
afterEach(() => db?.close());

describe('migration 004_surfaces', () => {
  it('is version 4 and adds the surface update and file tables', () => {
    db = emptyDatabaseFile().db;
    expect(migrate(db, [migration001, migration002, migration004])).toEqual([1, 2, 4]);
    expect(userVersion(db)).toBe(4);
    expect(schemaObjects(db, 'table')).toEqual(expect.arrayContaining(['surface_updates', 'shared_files']));
    expect(columns(db, 'surface_updates')).toEqual(['id', 'lecture_id', 'surface', 'data', 'is_snapshot', 'created_at']);
    expect(columns(db, 'shared_files')).toContain('uploader_name');
  });

  it('refuses an unknown surface, file kind or a negative size', () => {
    db = emptyDatabaseFile().db;
    migrate(db, [migration001, migration002, migration004]);
    const t = '2026-01-01T00:00:00.000Z';
    expect(() => db.prepare("INSERT INTO surface_updates (lecture_id, surface, data, created_at) VALUES ('l', 'slides', x'00', ?)").run(t)).toThrow(
      /CHECK constraint failed/,
    );
    const file = db.prepare(
      "INSERT INTO shared_files (id, lecture_id, room_id, kind, name, size, uploader_id, uploader_name, created_at) VALUES ('f', 'l', 'r', ?, 'n', ?, 'u', 'U', ?)",
    );
    expect(() => file.run('secret', 1, t)).toThrow(/CHECK constraint failed/);
    expect(() => file.run('shared', -1, t)).toThrow(/CHECK constraint failed/);
    expect(file.run('shared', 1, t).changes).toBe(1);
  });
});
