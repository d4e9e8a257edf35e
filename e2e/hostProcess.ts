/**
 * Starts the real headless host (`node dist/node/server/cli.js`) as a child process on
 * 127.0.0.1 port 0 with a temp data dir, as a teacher would with `npm run host`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HostProcess {
  url: string;
  code: string;
  teacherUrl: string;
  dataDir: string;
  /** Ctrl-C: graceful stop. */
  stop(): Promise<number | null>;
}

const CLI = path.resolve(__dirname, '../dist/node/server/cli.js');

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tp-e2e-'));
}

export async function startHost(dataDir = newDataDir(), port = 0): Promise<HostProcess> {
  if (!fs.existsSync(CLI)) throw new Error('Build first: npm run build');
  const child = spawn(
    process.execPath,
    [CLI, '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, '--json', '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const info = await new Promise<{ url: string; code: string; teacherUrl: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.on('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
  return { ...info, dataDir, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGINT');
  });
}
