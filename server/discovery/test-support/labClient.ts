/**
 * The test side of lab.ts: starts a private test LAN (`unshare -rn`) and talks to its machines.
 * `labUnavailable()` says why namespaces cannot be made here (tests then skip, printing it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const LAB = path.join(__dirname, 'lab.ts');

/** Null if private namespaces with veth and bridges work here; else the reason they do not. */
export function labUnavailable(): string | null {
  const probe = spawnSync(
    'unshare',
    ['-rn', 'sh', '-c', 'ip link add name tpa type veth peer name tpb && ip link add name tpbr type bridge && unshare -n true'],
    { encoding: 'utf8' },
  );
  if (probe.error) return `unshare is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `private network namespaces are unavailable: ${probe.stderr.trim() || `exit ${probe.status}`}`;
  return null;
}

export interface Lab {
  spawn(name: string, ip: string): Promise<void>;
  call<T = unknown>(to: string, op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  const child: ChildProcess = spawn('unshare', ['-rn', process.execPath, '--import', 'tsx', LAB], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const pending = new Map<number, (msg: { ok: boolean; data?: unknown; error?: string }) => void>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`lab exited (${code})`));
      for (const p of pending.values()) p({ ok: false, error: `lab exited (${code})` });
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { id?: number; ready?: boolean; ok: boolean };
      if (msg.ready) return resolve();
      const done = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (done) {
        pending.delete(msg.id!);
        done(msg);
      }
    });
  });

  const request = (req: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (msg) => (msg.ok ? resolve(msg.data) : reject(new Error(msg.error))));
      child.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
    });

  return {
    async spawn(name, ip) {
      await request({ op: 'spawn', name, ip });
    },
    call: <T>(to: string, op: string, args: Record<string, unknown> = {}) => request({ ...args, to, op }) as Promise<T>,
    close() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.stdin!.end();
      });
    },
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    const value = await check().catch((err: unknown) => ((last = err), undefined));
    if (value !== undefined) return { value, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
