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

export interface OpenOptions {
  /** Path to a better_sqlite3.node built for this runtime (Electron in development). */
  nativeBinding?: string;
}

export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
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
