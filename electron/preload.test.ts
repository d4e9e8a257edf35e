import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC, type DesktopApi } from '../shared';
import { fakeElectron } from './test-support/fakeElectron';

vi.mock('electron', () => import('./test-support/fakeElectron').then((m) => m.fakeElectron));

let exposed: DesktopApi;
let CHANNELS: Record<string, string>;

beforeAll(async () => {
  ({ CHANNELS } = await import('./preload'));
  exposed = fakeElectron.contextBridge.exposed.api as DesktopApi;
});

describe('preload', () => {
  it('exposes exactly one global, window.api', () => {
    expect(fakeElectron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(fakeElectron.contextBridge.exposeInMainWorld.mock.calls[0]![0]).toBe('api');
    expect(Object.keys(fakeElectron.contextBridge.exposed)).toEqual(['api']);
  });

  it('exposes exactly the typed DesktopApi: no ipcRenderer, no generic invoke/send/on', () => {
    expect(Object.keys(exposed).sort()).toEqual(['captureSelect', 'captureSources', 'discoveryList', 'hostStart', 'hostStatus', 'hostStop', 'platform']);
    expect(exposed.platform).toBe('electron');
    const values = Object.values(exposed) as unknown[];
    expect(values).not.toContain(fakeElectron.ipcRenderer);
    expect(values).not.toContain(fakeElectron.ipcRenderer.invoke);
    for (const key of ['ipcRenderer', 'invoke', 'send', 'on', 'require']) expect(exposed).not.toHaveProperty(key);
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it('each method invokes its own fixed channel with only its own argument', async () => {
    const invoke = fakeElectron.ipcRenderer.invoke;
    invoke.mockClear();
    await exposed.hostStart({ port: 5000 });
    await exposed.hostStop();
    await exposed.hostStatus();
    await exposed.discoveryList();
    await exposed.captureSources();
    await exposed.captureSelect({ id: 'screen:1:0' });
    expect(invoke.mock.calls).toEqual([
      ['host:start', { port: 5000 }],
      ['host:stop'],
      ['host:status'],
      ['discovery:list'],
      ['capture:sources'],
      ['capture:select', { id: 'screen:1:0' }],
    ]);
  });

  it('returns what main answered', async () => {
    fakeElectron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, data: { running: null } });
    await expect(exposed.hostStatus()).resolves.toEqual({ ok: true, data: { running: null } });
  });

  it('keeps its copy of the channel names equal to the shared IPC constants', () => {
    expect(CHANNELS).toEqual(IPC);
  });

  it('compiles to a script that requires only "electron" (a sandboxed preload can load nothing else)', () => {
    const source = fs.readFileSync(path.join(__dirname, 'preload.ts'), 'utf8');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, removeComments: true },
    }).outputText;
    const required = [...out.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(out).not.toMatch(/\bimport\(/);
  });
});
