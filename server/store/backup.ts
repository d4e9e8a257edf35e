/**
 * Backup and restore of the whole store (seed 000 data management). Backups use SQLite's
 * online backup API through better-sqlite3, so they are consistent while a class runs.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, openDatabase, RESTORE_PENDING_FILE, type OpenOptions } from './database';

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

/** Checks that `file` is a healthy backup this version can open; throws a person-readable error. */
export function verifyBackup(file: string, latestVersion: number, opts: OpenOptions = {}): void {
  let probe: Database.Database;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, ...opts });
  } catch {
    throw new Error('That file is not a Teaching Playground backup.');
  }
  try {
    let result: string;
    try {
      result = integrityCheck(probe);
    } catch {
      throw new Error('That file is not a Teaching Playground backup.');
    }
    if (result !== 'ok') throw new Error(`The backup is damaged (integrity check: ${result}).`);
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version < 1) throw new Error('That file is not a Teaching Playground backup.');
    if (version > latestVersion) throw new Error('That backup was made by a newer Teaching Playground. Update the app first.');
  } finally {
    probe.close();
  }
}

/**
 * Stages a verified backup to replace the data on the next start (a running class is never
 * swapped out from under its students). The replaced files are kept, not deleted.
 */
export function stageRestore(file: string, dataDir: string): void {
  fs.copyFileSync(file, path.join(dataDir, RESTORE_PENDING_FILE));
}
