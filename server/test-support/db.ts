/** Helpers for store and migration tests: real SQLite files in temp dirs, schema introspection. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './testHost';

/** A new, empty SQLite file (not migrated) with the pragmas openDatabase sets. */
export function emptyDatabaseFile(): { db: Database.Database; file: string } {
  const file = path.join(tempDir('tp-db-'), 'test.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return { db, file };
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Names of user tables and indexes (SQLite's own objects excluded). */
export function schemaObjects(db: Database.Database, type: 'table' | 'index'): string[] {
  return db
    .prepare<[string], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all(type)
    .map((r) => r.name);
}

export function columns(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map((c) => c.name);
}

/** The full schema SQL, for "nothing changed" comparisons. */
export function schemaSql(db: Database.Database): string {
  return db
    .prepare<[], { sql: string | null }>('SELECT sql FROM sqlite_schema ORDER BY type, name')
    .all()
    .map((r) => r.sql ?? '')
    .join(';\n');
}

/**
 * How many file descriptors of this process point at `file` (or its -wal/-shm), read from
 * /proc/self/fd. Returns undefined where /proc is not available (not Linux).
 */
export function openHandlesTo(file: string): number | undefined {
  if (!fs.existsSync('/proc/self/fd')) return undefined;
  const target = fs.realpathSync(file);
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(target)) n++;
    } catch {
      // fd closed while listing
    }
  }
  return n;
}
