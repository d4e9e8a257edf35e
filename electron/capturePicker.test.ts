/** The screen picker's IPC: sender-checked, payload-checked, and wired to the pick store. */
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, CaptureSourcesReplySchema, IPC } from '../shared';
import { silentLogger } from '../server/log';
import { createPickedSource, systemAudioSupported } from './displayMedia';
import { createHostController } from './hostController';
import { registerIpc, type IpcRegistrar } from './ipc';

type Invoke = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function setup(systemAudio?: () => boolean) {
  const handlers = new Map<string, Invoke>();
  const registrar = {
    handle: (channel: string, fn: Invoke) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcRegistrar;
  const hosts = createHostController({ createHost: vi.fn(), dataDir: '/nonexistent', bindHost: '127.0.0.1', defaultPort: 0, logger: silentLogger() } as never);
  const picked = createPickedSource();
  const sources = vi.fn(async () => [{ id: 'screen:1:0', name: 'Entire screen', kind: 'screen' as const, thumbnail: '' }]);
  registerIpc(registrar, hosts, silentLogger(), undefined, { sources, select: (id) => picked.set(id), systemAudio });
  const invoke = (channel: string, url: string, ...args: unknown[]) => handlers.get(channel)!({ senderFrame: { url } }, ...args);
  return { invoke, picked, sources };
}

describe('capture:sources and capture:select', () => {
  it('lists sources and records the pick for our own pages', async () => {
    const { invoke, picked } = setup();
    expect(await invoke(IPC.captureSources, `${APP_ORIGIN}/`)).toMatchObject({ ok: true, data: { sources: [{ id: 'screen:1:0' }] } });
    expect(await invoke(IPC.captureSelect, `${APP_ORIGIN}/`, { id: 'window:9:0' })).toEqual({ ok: true, data: {} });
    expect(picked.take()).toBe('window:9:0');
  });

  it('says whether the picker may offer system audio (the OS check by default)', async () => {
    for (const allowed of [true, false]) {
      const reply = await setup(() => allowed).invoke(IPC.captureSources, `${APP_ORIGIN}/`);
      expect(reply).toMatchObject({ ok: true, data: { systemAudio: allowed } });
      expect(CaptureSourcesReplySchema.safeParse((reply as { data: unknown }).data).success).toBe(true);
    }
    const byDefault = await setup().invoke(IPC.captureSources, `${APP_ORIGIN}/`);
    expect(byDefault).toMatchObject({ ok: true, data: { systemAudio: systemAudioSupported() } });
  });

  it('refuses foreign frames and bad payloads, recording nothing', async () => {
    const { invoke, picked, sources } = setup();
    for (const channel of [IPC.captureSources, IPC.captureSelect]) {
      expect(await invoke(channel, 'https://evil.example/', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(sources).not.toHaveBeenCalled();
    for (const bad of [undefined, {}, { id: '' }, { id: 'x'.repeat(201) }, { id: 'x', extra: 1 }, 'screen:1:0']) {
      expect(await invoke(IPC.captureSelect, `${APP_ORIGIN}/`, bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await invoke(IPC.captureSources, `${APP_ORIGIN}/`, 'extra')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(picked.take()).toBeNull();
  });
});
