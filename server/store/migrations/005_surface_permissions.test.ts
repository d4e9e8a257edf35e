/** Migration 005 (surface permissions), applied on top of 001–004, to a real SQLite file. */
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { columns, emptyDatabaseFile, schemaObjects, userVersion } from '../../test-support/db';
import { migrate } from '../migrations';
import { migration001 } from './001_initial';
import { migration002 } from './002_lectures';
import { migration003 } from './003_interaction';
import { migration004 } from './004_surfaces';
import { migration005 } from './005_surface_permissions';

let db: Database.Database;
afterEach(() => db?.close());
const t = '2026-01-01T09:00:00.000Z';

describe('migration 005_surface_permissions', () => {
  it('is version 5 and adds the surface_permissions table', () => {
    db = emptyDatabaseFile().db;
    expect(migrate(db, [migration001, migration002, migration003, migration004, migration005])).toEqual([1, 2, 3, 4, 5]);
    expect(userVersion(db)).toBe(5);
    expect(schemaObjects(db, 'table')).toContain('surface_permissions');
    expect(columns(db, 'surface_permissions')).toEqual(['lecture_id', 'surface', 'mode', 'participant_ids', 'updated_at']);
  });

  it('upgrades a v4 database, keeping its boards; one row per lecture and surface; bad values refused', () => {
    db = emptyDatabaseFile().db;
    migrate(db, [migration001, migration002, migration003, migration004]);
    db.prepare("INSERT INTO surface_updates (lecture_id, surface, data, created_at) VALUES ('l', 'board', x'0000', ?)").run(t);
    expect(migrate(db, [migration001, migration002, migration003, migration004, migration005])).toEqual([5]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM surface_updates').get()).toEqual({ n: 1 });

    const put = db.prepare('INSERT INTO surface_permissions (lecture_id, surface, mode, participant_ids, updated_at) VALUES (?, ?, ?, ?, ?)');
    expect(put.run('l', 'board', 'selected', '["p1","p2"]', t).changes).toBe(1);
    expect(() => put.run('l', 'board', 'everyone', '[]', t)).toThrow(/UNIQUE constraint failed/);
    expect(put.run('l', 'code', 'teacher', '[]', t).changes).toBe(1);
    expect(() => put.run('m', 'slides', 'everyone', '[]', t)).toThrow(/CHECK constraint failed/);
    expect(() => put.run('m', 'board', 'anyone', '[]', t)).toThrow(/CHECK constraint failed/);
    expect(() => put.run('m', 'board', 'selected', 'not json', t)).toThrow(/CHECK constraint failed/);
    expect(() => put.run('m', 'board', 'selected', '{"a":1}', t)).toThrow(/CHECK constraint failed/);
  });
});
