import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, IPC, resultSchema, type Result } from '../shared';
import { DiscoverySnapshotSchema, type NearbyClass } from '../shared/schemas/discovery';
import { silentLogger } from '../server/log';
import type { DiscoveryBrowser } from '../server/discovery/browser';
import { createDiscoveryService } from './discovery';
import type { HostController } from './hostController';
import { registerIpc, type IpcRegistrar } from './ipc';
import { ipcEvent } from './test-support/fakeElectron';

const biology: NearbyClass = {
  id: 'abc123def456',
  name: 'Biology',
  teacher: 'Ms Frizzle',
  protocolVersion: 1,
  urls: ['http://10.200.0.1:4321'],
  via: ['mdns'],
};

function fakeBrowsing() {
  const browsers: (DiscoveryBrowser & { closed: boolean })[] = [];
  const start = vi.fn(() => {
    const b = { closed: false, list: () => [biology], close: () => void (b.closed = true) };
    browsers.push(b);
    return b;
  });
  return { start, browsers };
}

afterEach(() => vi.useRealTimers());

describe('discovery service (main process)', () => {
  it('starts browsing on the first request, reuses it, and stops after the idle time', () => {
    vi.useFakeTimers();
    const { start, browsers } = fakeBrowsing();
    const service = createDiscoveryService({ startBrowsing: start, log: silentLogger(), idleMs: 1_000 });
    expect(start).not.toHaveBeenCalled(); // nothing is sent until someone looks
    expect(service.snapshot()).toEqual({ available: true, classes: [biology] });
    vi.advanceTimersByTime(900);
    service.snapshot();
    vi.advanceTimersByTime(900);
    expect(start).toHaveBeenCalledTimes(1);
    expect(browsers[0]!.closed).toBe(false);
    vi.advanceTimersByTime(200);
    expect(browsers[0]!.closed).toBe(true);
    service.snapshot(); // looking again starts again
    expect(start).toHaveBeenCalledTimes(2);
    service.close();
    expect(browsers[1]!.closed).toBe(true);
  });

  it('reports unavailable (not an error) when browsing cannot start', () => {
    const service = createDiscoveryService({
      startBrowsing: () => {
        throw new Error('EPERM');
      },
      log: silentLogger(),
    });
    expect(service.snapshot()).toEqual({ available: false, classes: [] });
    service.close();
  });
});

describe('discovery:list over IPC', () => {
  type Invoke = (event: unknown, ...args: unknown[]) => Promise<Result<unknown>>;
  function setup() {
    const handlers = new Map<string, Invoke>();
    const registrar = {
      handle: (c: string, fn: Invoke) => handlers.set(c, fn),
      removeHandler: (c: string) => handlers.delete(c),
    } as unknown as IpcRegistrar;
    const { start } = fakeBrowsing();
    const service = createDiscoveryService({ startBrowsing: start, log: silentLogger() });
    registerIpc(registrar, {} as HostController, silentLogger(), service);
    return { call: (from: string, ...args: unknown[]) => handlers.get(IPC.discoveryList)!(ipcEvent(from), ...args), service };
  }

  it('answers our own pages with a snapshot that parses with the shared schema', async () => {
    const { call, service } = setup();
    const reply = await call(`${APP_ORIGIN}/`);
    expect(resultSchema(DiscoverySnapshotSchema).parse(reply)).toEqual({ ok: true, data: { available: true, classes: [biology] } });
    service.close();
  });

  it('refuses other senders and unexpected arguments', async () => {
    const { call, service } = setup();
    expect(await call('https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(`${APP_ORIGIN}/`, { all: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    service.close();
  });
});
