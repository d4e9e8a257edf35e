/** Helpers for the interaction integration tests: record what each real client receives. */
import type { RoomConnection } from '../../shared/client';
import type { ServerEventName, ServerPayload } from '../../shared';
import { waitUntil } from '../test-support/raw';
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Clock } from '../services/clock';
import { DB_FILE } from '../store/database';

/** Reads the host's SQLite file directly, as an admin with a DB browser would. */
export function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Records every `event` a connection receives, parsed with its shared schema. */
export function record<E extends ServerEventName>(conn: RoomConnection, event: E) {
  const got: ServerPayload<E>[] = [];
  conn.subscribe(event, (p) => got.push(p as ServerPayload<E>));
  return {
    all: got,
    last: () => got.at(-1),
    /** Resolves once the newest payload received matches (the latest state). */
    until: (pred: (p: ServerPayload<E>) => boolean, what = String(event)) =>
      waitUntil(() => {
        const newest = got.at(-1);
        return newest !== undefined && pred(newest) ? newest : undefined;
      }, 5000, what),
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.now()) {
  let t = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(t),
    advance: (ms) => void (t += ms),
  };
  return clock;
}
