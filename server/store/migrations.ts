/**
 * The one migration runner. Each migration is numbered; `PRAGMA user_version` records the
 * last one applied. Each runs in its own transaction, so a failure leaves the database at the
 * previous version, never half-migrated.
 */
import type { Database } from 'better-sqlite3';
import { migration001 } from './migrations/001_initial';
import { migration002 } from './migrations/002_lectures';
import { migration003 } from './migrations/003_interaction';
import { migration004 } from './migrations/004_surfaces';
import { migration005 } from './migrations/005_surface_permissions';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];

export const latestSchemaVersion = () => MIGRATIONS.at(-1)?.version ?? 0;

export function currentVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the current version, in order. Returns versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const from = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(
      `This data folder was written by a newer Teaching Playground (schema ${from}, this app knows ${latest}). Update the app.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    db.transaction(() => {
      m.up(db);
      // user_version cannot be bound as a parameter; the value is our own integer.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
