// What synchronous=FULL would cost us (docs/SECURITY.md, "Durability"): N single-row commits,
// as chat and attendance write them, in WAL mode with NORMAL vs FULL, on this machine's disk.
// Usage: node bench/soak/sync-cost.mjs [commits=2000] [dir=os.tmpdir()]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const n = Number(process.argv[2] ?? 2000);
const base = process.argv[3] ?? os.tmpdir();
for (const level of ['NORMAL', 'FULL']) {
  const dir = fs.mkdtempSync(path.join(base, 'tp-sync-'));
  const db = new Database(path.join(dir, 'x.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${level}`);
  db.exec('CREATE TABLE m (id INTEGER PRIMARY KEY, text TEXT)');
  const ins = db.prepare('INSERT INTO m (text) VALUES (?)');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) ins.run(`message ${i} `.repeat(8));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${level.padEnd(6)} ${n} commits: ${ms.toFixed(0)} ms, ${((ms * 1000) / n).toFixed(0)} µs per commit`);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
