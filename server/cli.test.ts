/** The headless host CLI, run for real in a child process (via tsx, no build needed). */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthSchema, ROOM_CODE_ALPHABET, normalizeRoomCode } from '../shared';
import { enterAsTeacher } from '../shared/client';
import { DB_FILE } from './store/database';
import { parsePort } from './cli';
import { runCli, type CliRun } from './test-support/cli';
import { joinAsStudent, tempDir } from './test-support/testHost';

const runs: CliRun[] = [];
const start = (args: string[]) => {
  const r = runCli(args);
  runs.push(r);
  return r;
};
const closers: { close(): unknown }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  // Only the children this file started, each by its own handle.
  for (const r of runs.splice(0)) if (r.child.exitCode === null && r.child.signalCode === null) await r.stop('SIGKILL');
});

interface JsonLine {
  url: string;
  port: number;
  code: string;
  teacherUrl: string;
  studentUrls: string[];
}

async function startJson(dataDir: string) {
  const run = start(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--json']);
  const [line] = await run.waitForStdout(/^\{.*\}\n/m);
  return { run, info: JSON.parse(line) as JsonLine };
}

describe('CLI --json', () => {
  it('prints one JSON line, serves a class, and on SIGINT exits 0 leaving a sound database', async () => {
    const dataDir = tempDir();
    const { run, info } = await startJson(dataDir);

    expect(run.stdout().trim().split('\n')).toHaveLength(1);
    expect(info.code).toHaveLength(6);
    for (const ch of info.code) expect(ROOM_CODE_ALPHABET).toContain(ch);
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    expect(info.teacherUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${info.port}/teacher\\?token=[\\w%-]{20,}$`));
    expect(info.studentUrls).toEqual([`http://127.0.0.1:${info.port}/`]);

    const health = HealthSchema.parse(await (await fetch(`${info.url}/health`)).json());
    expect(health).toMatchObject({ status: 'ok', rooms: 1 });

    // The printed teacher token and code really work.
    const token = decodeURIComponent(new URL(info.teacherUrl).searchParams.get('token')!);
    const teacher = await enterAsTeacher(info.url, token);
    expect(teacher.ok && teacher.data.room.code).toBe(info.code);
    const ana = await joinAsStudent(info, 'Ana');
    closers.push(ana);
    expect((await ana.sendMessage('saved before shutdown')).ok).toBe(true);
    ana.close();

    const stopped = await run.stop('SIGINT', 5000);
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(5000);
    expect(run.stderr()).not.toMatch(/error/i);

    const file = path.join(dataDir, DB_FILE);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT text FROM messages').all()).toEqual([{ text: 'saved before shutdown' }]);
    } finally {
      db.close();
    }
    // A clean close checkpoints the log: nothing left in a -wal file.
    const wal = `${file}-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  });

  it('SIGTERM right after the JSON line is a clean exit, and a second run carries on with the same code and token', async () => {
    const dataDir = tempDir();
    const first = await startJson(dataDir);
    expect((await first.run.stop('SIGTERM')).code).toBe(0);
    const second = await startJson(dataDir);
    expect(second.info.code).toBe(first.info.code);
    expect(new URL(second.info.teacherUrl).searchParams.get('token')).toBe(new URL(first.info.teacherUrl).searchParams.get('token'));
    expect((await second.run.stop('SIGINT')).code).toBe(0);
  });
});

describe('CLI banner', () => {
  it('shows the room code as ABC-DEF, the student URL and the teacher console link', async () => {
    const dataDir = tempDir();
    const run = start(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--name', 'Maths 7B']);
    await run.waitForStdout(/Press Ctrl-C to stop\./);
    const out = run.stdout();
    const code = out.match(/Room code:\s+([0-9A-Z]{3}-[0-9A-Z]{3})\s*$/m)?.[1];
    expect(code).toBeDefined();
    expect(out).toMatch(/Teacher console/);
    const teacherUrl = out.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/teacher\?token=\S+)$/m)?.[1];
    expect(teacherUrl).toBeDefined();
    const base = new URL(teacherUrl!).origin;
    expect(out).toContain(`    ${base}/\n`);
    const health = HealthSchema.parse(await (await fetch(`${base}/health`)).json());
    expect(health.rooms).toBe(1);
    // The banner's code is the live class's code.
    const token = new URL(teacherUrl!).searchParams.get('token')!;
    const teacher = await enterAsTeacher(base, token);
    expect(teacher.ok && teacher.data.room).toMatchObject({ code: normalizeRoomCode(code!), name: 'Maths 7B' });
    expect((await run.stop('SIGINT')).code).toBe(0);
  });
});

describe('CLI argument errors', () => {
  it('--port abc exits 2 with a message and the usage, and starts nothing', async () => {
    const dataDir = path.join(tempDir(), 'never-created');
    const run = start(['--port', 'abc', '--host', '127.0.0.1', '--data-dir', dataDir]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toMatch(/--port must be a number from 0 to 65535/);
    expect(run.stderr()).toMatch(/Usage:/);
    expect(run.stdout()).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('parsePort takes whole numbers from 0 to 65535 written in digits, nothing else', () => {
    expect(['0', '80', '4321', '65535', '00080'].map(parsePort)).toEqual([0, 80, 4321, 65535, 80]);
    for (const bad of ['', 'abc', '65536', '70000', '-1', '0x10', '1e3', '80.5', ' 80', '80 ', '+80', '123456']) {
      expect(parsePort(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('an unknown option exits 2 with the usage', async () => {
    const run = start(['--bogus']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toMatch(/Unknown option '--bogus'/);
    expect(run.stderr()).toMatch(/Usage:/);
  });
});
