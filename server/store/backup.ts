/**
 * Backup and restore of the whole store (seed 000 data management). Backups use SQLite's
 * online backup API through better-sqlite3, so they are consistent while a class runs.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, openDatabase, type OpenOptions } from './database';

export async function backupTo(db: Database.Database, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await db.backup(file);
}

export function integrityCheck(db: Database.Database): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}

/**
 * Restores `backupFile` into an empty data dir: checks the file's integrity first, then
 * opens it through the normal path (which migrates an older backup). Refuses a non-empty dir
 * so a restore can never overwrite a class.
 */
export function restoreInto(backupFile: string, dataDir: string, opts: OpenOptions = {}): { integrity: string } {
  if (!fs.existsSync(backupFile)) throw new Error(`No backup file at ${backupFile}.`);
  if (fs.existsSync(path.join(dataDir, DB_FILE))) {
    throw new Error(`${dataDir} already holds a classroom database. Restore into an empty folder.`);
  }
  const probe = new Database(backupFile, { readonly: true, fileMustExist: true, ...opts });
  try {
    const result = integrityCheck(probe);
    if (result !== 'ok') throw new Error(`The backup is damaged (integrity check: ${result}).`);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new Error('That file is not a Teaching Playground backup.');
    throw err;
  } finally {
    probe.close();
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.copyFileSync(backupFile, path.join(dataDir, DB_FILE));
  const db = openDatabase(dataDir, opts);
  try {
    return { integrity: integrityCheck(db) };
  } finally {
    db.close();
  }
}
