import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../../shared';
import { createElectronPlatform } from './electron';
import { createWebPlatform } from './web';

const api = (discoveryList: () => Promise<unknown>, capture: Partial<DesktopApi> = {}): DesktopApi => ({
  platform: 'electron',
  hostStart: vi.fn(),
  hostStop: vi.fn(),
  hostStatus: vi.fn(),
  discoveryList,
  captureSources: vi.fn(),
  captureSelect: vi.fn(),
  ...capture,
});

describe('Platform: classes nearby', () => {
  it('a browser page has no discovery (the typed address is the way in)', () => {
    const win = { location: { origin: 'http://10.0.0.2:4321', href: 'http://10.0.0.2:4321/' } } as unknown as Window;
    expect(createWebPlatform(win).nearbyClasses).toBeNull();
  });

  it('the desktop app parses what main answers', async () => {
    const snapshot = { available: true, classes: [{ id: 'abcdef12', name: 'Art', teacher: 'T', protocolVersion: 1, urls: ['http://10.0.0.3:4321'], via: ['broadcast'] }] };
    const p = createElectronPlatform(api(async () => ({ ok: true, data: snapshot })));
    await expect(p.nearbyClasses!()).resolves.toEqual({ ok: true, data: snapshot });
  });

  it('turns a malformed reply into an error instead of trusting it', async () => {
    const p = createElectronPlatform(api(async () => ({ ok: true, data: { available: true, classes: [{ name: 5 }] } })));
    await expect(p.nearbyClasses!()).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('Platform: the screen picker', () => {
  it('exists only in the desktop app', () => {
    const win = { location: { origin: 'http://10.0.0.2:4321', href: 'http://10.0.0.2:4321/' } } as unknown as Window;
    expect(createWebPlatform(win).screenPicker).toBeNull();
  });

  it('parses the source list and sends the pick', async () => {
    const source = { id: 'window:3:0', name: 'Slides', kind: 'window', thumbnail: 'data:image/png;base64,AA' };
    const captureSelect = vi.fn(async () => ({ ok: true, data: {} }));
    const reply = { sources: [source], systemAudio: true };
    const p = createElectronPlatform(api(vi.fn(), { captureSources: async () => ({ ok: true, data: reply }), captureSelect }));
    await expect(p.screenPicker!.sources()).resolves.toEqual({ ok: true, data: reply });
    await expect(p.screenPicker!.select('window:3:0')).resolves.toEqual({ ok: true, data: {} });
    expect(captureSelect).toHaveBeenCalledWith({ id: 'window:3:0' });
    for (const data of [{ sources: [{ id: 1 }], systemAudio: false }, { sources: [source] }, [source]]) {
      const bad = createElectronPlatform(api(vi.fn(), { captureSources: async () => ({ ok: true, data }) }));
      await expect(bad.screenPicker!.sources()).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    }
  });
});
