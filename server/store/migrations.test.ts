/** The migration runner (PRAGMA user_version), against real SQLite files. */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDatabaseFile, openHandlesTo, schemaObjects, schemaSql, userVersion } from '../test-support/db';
import { tempDir } from '../test-support/testHost';
import { DB_FILE, openDatabase } from './database';
import { MIGRATIONS, currentVersion, migrate, type Migration } from './migrations';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});
function fresh(): Database.Database {
  const { db } = emptyDatabaseFile();
  opened.push(db);
  return db;
}

const latest = MIGRATIONS.at(-1)!.version;
const addTable = (version: number, table: string): Migration => ({
  version,
  name: `add_${table}`,
  up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY) STRICT`),
});

describe('the migration list', () => {
  it('is numbered 1, 2, 3 … with no gaps or repeats and unique names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('has a test file for every migration', () => {
    const dir = path.join(__dirname, 'migrations');
    for (const m of MIGRATIONS) {
      const file = `${String(m.version).padStart(3, '0')}_${m.name}.test.ts`;
      expect(fs.existsSync(path.join(dir, file)), `missing ${file}`).toBe(true);
    }
  });
});

describe('migrate', () => {
  it('brings an empty database to the latest version and reports what it applied', () => {
    const db = fresh();
    expect(currentVersion(db)).toBe(0);
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(userVersion(db)).toBe(latest);
  });

  it('is a no-op the second time', () => {
    const db = fresh();
    migrate(db);
    const schema = schemaSql(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaSql(db)).toBe(schema);
    expect(userVersion(db)).toBe(latest);
  });

  it('applies only the migrations above the current version, in order', () => {
    const db = fresh();
    const order: number[] = [];
    const track = (m: Migration): Migration => ({ ...m, up: (d) => (order.push(m.version), m.up(d)) });
    const list = [...MIGRATIONS, addTable(latest + 1, 'extra_a'), addTable(latest + 2, 'extra_b')].map(track);
    migrate(db, list.slice(0, MIGRATIONS.length));
    order.length = 0;
    expect(migrate(db, list)).toEqual([latest + 1, latest + 2]);
    expect(order).toEqual([latest + 1, latest + 2]);
    expect(userVersion(db)).toBe(latest + 2);
    expect(schemaObjects(db, 'table')).toEqual(expect.arrayContaining(['extra_a', 'extra_b']));
  });

  it('refuses a database written by a newer version, with a clear error, and changes nothing', () => {
    const db = fresh();
    migrate(db);
    db.pragma(`user_version = ${latest + 5}`);
    const schema = schemaSql(db);
    expect(() => migrate(db)).toThrow(
      new RegExp(`newer Teaching Playground \\(schema ${latest + 5}, this app knows ${latest}\\)\\. Update the app`),
    );
    expect(userVersion(db)).toBe(latest + 5);
    expect(schemaSql(db)).toBe(schema);
  });

  it('rolls a failing migration back: no half-made tables, user_version unchanged', () => {
    const db = fresh();
    migrate(db);
    const schema = schemaSql(db);
    const broken: Migration = {
      version: latest + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_made (id INTEGER PRIMARY KEY)');
        d.exec("INSERT INTO settings (key, value) VALUES ('touched', 'yes')");
        throw new Error('boom in the middle');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom in the middle');
    expect(userVersion(db)).toBe(latest);
    expect(schemaSql(db)).toBe(schema);
    expect(db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'touched'").get()).toEqual({ n: 0 });
  });

  it('keeps the migrations before a failing one', () => {
    const db = fresh();
    const failing: Migration = { version: latest + 2, name: 'bad_sql', up: (d) => d.exec('CREATE TABLE oops (') };
    expect(() => migrate(db, [...MIGRATIONS, addTable(latest + 1, 'kept'), failing])).toThrow(/syntax error|incomplete input/);
    expect(userVersion(db)).toBe(latest + 1);
    expect(schemaObjects(db, 'table')).toContain('kept');
  });
});

describe('openDatabase', () => {
  it('creates the data folder and a migrated file in WAL mode with foreign keys on', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const db = openDatabase(dir);
    opened.push(db);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(userVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a data folder from a newer app and leaves the file untouched', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();
    const file = path.join(dir, DB_FILE);
    const handlesBefore = openHandlesTo(file);
    expect(() => openDatabase(dir)).toThrow(/newer Teaching Playground/);
    // The refused open closed its handle (checked where /proc exists) …
    expect(openHandlesTo(file)).toBe(handlesBefore);
    // … and the file is still readable and unchanged.
    const again = emptyDatabaseFile().db;
    opened.push(again);
    again.prepare('ATTACH DATABASE ? AS old').run(path.join(dir, DB_FILE));
    expect(again.pragma('old.user_version', { simple: true })).toBe(latest + 1);
  });
});
