/**
 * The checkpoint worker: a real worker thread with its own connection to a real SQLite file.
 * Evidence that it works is the database file itself: with automatic checkpoints off, only a
 * checkpoint moves pages from the WAL into the main file.
 */
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDatabaseFile } from '../test-support/db';
import { startCheckpointer, type Checkpointer } from './checkpointer';

const quiet = pino({ level: 'silent' });
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

/** ~2 MB of rows: well past the 1,000-page automatic checkpoint threshold. */
function writeLots(db: ReturnType<typeof emptyDatabaseFile>['db']) {
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < 2000; i++) insert.run('x'.repeat(1000));
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('background WAL checkpoints', () => {
  it('turn automatic checkpoints off and move the WAL into the database file from the worker', async () => {
    const { db, file } = emptyDatabaseFile();
    const cp: Checkpointer = startCheckpointer(db, { file, intervalMs: 100, log: quiet });
    open.push(db, cp); // closed in reverse: the worker first
    await cp.ready;
    expect(cp.active).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const before = fs.statSync(file).size;
    writeLots(db); // the main connection does not checkpoint now…
    expect(fs.statSync(file).size).toBe(before);
    // …the worker does.
    await until(() => fs.statSync(file).size > before + 1_000_000, 5000, 'the worker to checkpoint');
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2000 });
  });

  it('falls back to automatic checkpoints when the worker cannot open the database', async () => {
    const { db, file } = emptyDatabaseFile();
    const cp = startCheckpointer(db, { file, nativeBinding: '/no/such/better_sqlite3.node', log: quiet });
    open.push(db, cp);
    await cp.ready;
    await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000, 3000, 'the fallback');
    expect(cp.active).toBe(false);
    const before = fs.statSync(file).size;
    writeLots(db); // now the main connection checkpoints by itself
    expect(fs.statSync(file).size).toBeGreaterThan(before + 1_000_000);
  });

  it('stops on close: automatic checkpoints are back and the database closes cleanly', async () => {
    const { db, file } = emptyDatabaseFile();
    const cp = startCheckpointer(db, { file, intervalMs: 100, log: quiet });
    await cp.ready;
    writeLots(db);
    await cp.close();
    expect(cp.active).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // the last connection checkpointed and removed it
  });
});
