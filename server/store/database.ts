/**
 * Opens the SQLite file in the data folder with the settings we rely on, then migrates it.
 *
 * Durability: WAL with synchronous=NORMAL. In WAL mode a committed transaction is in the
 * log before `run()` returns, so it survives the host *process* dying (SIGKILL, crash);
 * only an OS crash or power cut can lose the last transactions. We ack a chat message only
 * after its INSERT commits.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations';

export const DB_FILE = 'classroom.sqlite';
/** A verified backup waiting to replace the data on the next start (see backup.ts). */
export const RESTORE_PENDING_FILE = 'restore-pending.sqlite';

/** Swaps a staged backup in before opening, moving the old files aside (never deleting them). */
export function applyStagedRestore(dataDir: string): boolean {
  const pending = path.join(dataDir, RESTORE_PENDING_FILE);
  if (!fs.existsSync(pending)) return false;
  const aside = path.join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(aside, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const f = path.join(dataDir, DB_FILE + suffix);
    if (fs.existsSync(f)) fs.renameSync(f, path.join(aside, DB_FILE + suffix));
  }
  fs.renameSync(pending, path.join(dataDir, DB_FILE));
  return true;
}

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron in development). */
  nativeBinding?: string;
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  applyStagedRestore(dataDir);
  const file = path.join(dataDir, DB_FILE);
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
