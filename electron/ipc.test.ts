import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, HostStatusSchema, IPC, resultSchema, RunningHostSchema, type Result, type RunningHost } from '../shared';
import { createHost } from '../server/host';
import { silentLogger } from '../server/log';
import { createHostController, type HostController } from './hostController';
import { registerIpc, type IpcRegistrar } from './ipc';
import { ipcEvent } from './test-support/fakeElectron';

type Invoke = (event: unknown, ...args: unknown[]) => Promise<Result<unknown>>;

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-ipc-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const APP_PAGE = `${APP_ORIGIN}/`;

function setup(create: typeof createHost = createHost) {
  const handlers = new Map<string, Invoke>();
  const registrar = {
    handle: (channel: string, fn: Invoke) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcRegistrar;
  const createSpy = vi.fn(create);
  const dataDir = fs.mkdtempSync(path.join(tmpRoot, 'data-'));
  // Tests bind loopback on a free port only: no traffic leaves this machine.
  const hosts = createHostController({ createHost: createSpy, dataDir, bindHost: '127.0.0.1', defaultPort: 0, logger: silentLogger() });
  const unregister = registerIpc(registrar, hosts, silentLogger());
  const invoke = (channel: string, from: string | null, ...args: unknown[]) => {
    const fn = handlers.get(channel);
    if (!fn) throw new Error(`no handler for ${channel}`);
    return fn(ipcEvent(from), ...args);
  };
  return { handlers, invoke, hosts, createSpy, dataDir, unregister };
}

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  ctx = setup();
});
afterEach(async () => {
  await ctx.hosts.stop();
});

async function health(url: string): Promise<number> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  return res.status;
}

describe('IPC registration', () => {
  it('handles exactly the shared channels and can unregister them', () => {
    expect([...ctx.handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
    ctx.unregister();
    expect(ctx.handlers.size).toBe(0);
  });
});

describe('sender check', () => {
  it.each([
    'https://evil.example/',
    'http://127.0.0.1:4321/teacher',
    'app://teaching-playground.evil/',
    'app://teaching-playground@evil/',
    'file:///home/user/index.html',
    '',
    null,
  ])('refuses every channel from a frame at %s', async (url) => {
    for (const channel of [IPC.hostStart, IPC.hostStop, IPC.hostStatus]) {
      const res = await ctx.invoke(channel, url, channel === IPC.hostStart ? {} : undefined);
      expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    expect(ctx.createSpy).not.toHaveBeenCalled();
    expect(ctx.hosts.running).toBe(false);
  });

  it('refuses a frame whose url cannot be read (destroyed)', async () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    const res = await ctx.handlers.get(IPC.hostStatus)!(event);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('payload validation', () => {
  it.each([
    ['nothing', []],
    ['null', [null]],
    ['a string', ['start']],
    ['a port that is not a number', [{ port: '4321' }]],
    ['a negative port', [{ port: -1 }]],
    ['a port above 65535', [{ port: 70000 }]],
    ['a fractional port', [{ port: 1.5 }]],
    ['an unknown field', [{ port: 0, dataDir: '/etc' }]],
    ['two arguments', [{}, {}]],
  ])('host:start with %s is BAD_REQUEST and starts nothing', async (_what, args) => {
    const res = await ctx.invoke(IPC.hostStart, APP_PAGE, ...(args as unknown[]));
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(ctx.createSpy).not.toHaveBeenCalled();
  });

  it('host:stop and host:status take no arguments', async () => {
    expect(await ctx.invoke(IPC.hostStop, APP_PAGE, { force: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ctx.invoke(IPC.hostStatus, APP_PAGE, 'x')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('embedded host', () => {
  it('host:start starts a real host on loopback and answers a RunningHost', async () => {
    const res = await ctx.invoke(IPC.hostStart, APP_PAGE, { port: 0 });
    expect(resultSchema(RunningHostSchema).safeParse(res).success).toBe(true);
    expect(res.ok).toBe(true);
    const running = (res as { ok: true; data: RunningHost }).data;
    expect(Object.keys(running).sort()).toEqual(['code', 'studentUrls', 'teacherToken', 'url']);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.teacherToken.length).toBeGreaterThan(10);
    expect(running.code).toEqual(expect.any(String));
    const port = new URL(running.url).port;
    expect(running.studentUrls).toEqual([`http://127.0.0.1:${port}/`]);
    expect(await health(running.url)).toBe(200);
    expect(ctx.createSpy).toHaveBeenCalledWith(
      expect.objectContaining({ dataDir: ctx.dataDir, port: 0, host: '127.0.0.1', nativeBinding: undefined }),
    );
    expect(fs.existsSync(path.join(ctx.dataDir, 'classroom.sqlite'))).toBe(true);
  });

  it('host:start while running (or twice at once) reuses the one host', async () => {
    const [a, b] = await Promise.all([ctx.invoke(IPC.hostStart, APP_PAGE, {}), ctx.invoke(IPC.hostStart, APP_PAGE, {})]);
    const c = await ctx.invoke(IPC.hostStart, APP_PAGE, { port: 0 });
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(ctx.createSpy).toHaveBeenCalledTimes(1);
  });

  it('host:status reports the running host, then null after host:stop', async () => {
    expect(await ctx.invoke(IPC.hostStatus, APP_PAGE)).toEqual({ ok: true, data: { running: null } });
    const started = await ctx.invoke(IPC.hostStart, APP_PAGE, {});
    if (!started.ok) throw new Error('host did not start');
    const status = await ctx.invoke(IPC.hostStatus, APP_PAGE);
    expect(resultSchema(HostStatusSchema).safeParse(status).success).toBe(true);
    expect(status).toEqual({ ok: true, data: { running: started.data } });

    expect(await ctx.invoke(IPC.hostStop, APP_PAGE)).toEqual({ ok: true, data: { running: null } });
    expect(await ctx.invoke(IPC.hostStatus, APP_PAGE)).toEqual({ ok: true, data: { running: null } });
  });

  it('host:stop closes the host: its port stops answering', async () => {
    const started = await ctx.invoke(IPC.hostStart, APP_PAGE, {});
    if (!started.ok) throw new Error('host did not start');
    const { url } = started.data as RunningHost;
    expect(await health(url)).toBe(200);
    await ctx.invoke(IPC.hostStop, APP_PAGE);
    await expect(health(url)).rejects.toThrow();
    expect(ctx.hosts.running).toBe(false);
    // and it can be started again afterwards, with the same teacher token (kept in the data dir)
    const again = await ctx.invoke(IPC.hostStart, APP_PAGE, {});
    expect(again.ok && (again.data as RunningHost).teacherToken).toBe((started.data as RunningHost).teacherToken);
  });

  it('host:stop when nothing runs is fine', async () => {
    expect(await ctx.invoke(IPC.hostStop, APP_PAGE)).toEqual({ ok: true, data: { running: null } });
  });

  it('a host that fails to start answers INTERNAL (nothing throws across IPC)', async () => {
    const broken = setup(async () => {
      throw new Error('better_sqlite3.node was compiled against a different Node.js version');
    });
    const res = await broken.invoke(IPC.hostStart, APP_PAGE, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('different Node.js') } });
    expect(broken.hosts.running).toBe(false);
    expect(await broken.invoke(IPC.hostStatus, APP_PAGE)).toEqual({ ok: true, data: { running: null } });
  });
});

describe('host controller', () => {
  it('uses the default port when the request names none', async () => {
    const fakeHost = { url: 'http://127.0.0.1:1', teacherToken: 't', code: 'ABC123', studentUrls: [], close: vi.fn(async () => {}) };
    const create = vi.fn(async () => fakeHost as never);
    const hosts: HostController = createHostController({ createHost: create, dataDir: '/d', bindHost: '0.0.0.0', logger: silentLogger() });
    await hosts.start({});
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ port: 4321, host: '0.0.0.0', dataDir: '/d' }));
    await hosts.stop();
    expect(fakeHost.close).toHaveBeenCalledTimes(1);
  });
});
