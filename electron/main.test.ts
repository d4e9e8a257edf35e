import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, IPC } from '../shared';
import { APP_SCHEME_PRIVILEGED } from './protocol';
import type { FakeBrowserWindow, FakeElectron } from './test-support/fakeElectron';
import { fakeEvent, FakeWebContents, ipcEvent } from './test-support/fakeElectron';

vi.mock('../server/log', async (importOriginal) => {
  const real = await importOriginal<typeof import('../server/log')>();
  return { ...real, createLogger: () => real.silentLogger() };
});
// main.ts must never bind a real LAN port in tests: createHost is a fake here (ipc.test.ts starts a real one on loopback).
const fakeHost = vi.hoisted(() => ({
  url: 'http://127.0.0.1:4321',
  port: 4321,
  teacherToken: 'teacher-token',
  code: 'ABCD12',
  studentUrls: ['http://192.0.2.10:4321/'],
  close: null as null | (() => Promise<void>),
}));
vi.mock('../server/host', () => ({ createHost: vi.fn(async () => fakeHost) }));

/** Loads main.ts afresh against a fresh fake `electron` module; resolves once the window exists. */
async function boot(opts: { lock?: boolean } = {}) {
  vi.resetModules();
  const { fakeElectron } = await import('./test-support/fakeElectron');
  vi.doMock('electron', () => fakeElectron);
  fakeElectron.app.requestSingleInstanceLock.mockReturnValue(opts.lock ?? true);
  const { createHost } = await import('../server/host');
  const close = vi.fn(async () => {});
  fakeHost.close = close;
  const main = await import('./main');
  const windows = () => fakeElectron.BrowserWindow.instances as FakeBrowserWindow[];
  if (opts.lock ?? true) await vi.waitFor(() => expect(windows().length).toBe(1));
  return { electron: fakeElectron as FakeElectron, main, windows, createHost: vi.mocked(createHost), close };
}

describe('main process wiring', () => {
  it('registers app:// as privileged and enables the sandbox before ready', async () => {
    const { electron } = await boot();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([APP_SCHEME_PRIVILEGED]);
    const registered = electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!;
    expect(registered).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0]!);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('serves app:// through protocol.handle with the CSP header', async () => {
    const { electron } = await boot();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handlers.get('app')!;
    const res = await handler(new Request(`${APP_ORIGIN}/`));
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('opens one sandboxed window on the app origin', async () => {
    const { windows } = await boot();
    const [win] = windows();
    expect(win!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(win!.loadURL).toHaveBeenCalledWith(`${APP_ORIGIN}/`);
  });

  it('installs permission and screen-sharing handlers, IPC handlers and a menu', async () => {
    const { electron } = await boot();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(electron.session.defaultSession.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    expect(electron.session.defaultSession.setDisplayMediaRequestHandler).toHaveBeenCalledTimes(1);
    const [displayHandler] = electron.session.defaultSession.setDisplayMediaRequestHandler.mock.calls[0] as [
      (request: unknown, callback: (streams: unknown) => void) => void,
    ];
    const callback = vi.fn();
    displayHandler({ securityOrigin: APP_ORIGIN, videoRequested: true, frame: { url: `${APP_ORIGIN}/` } }, callback);
    await vi.waitFor(() => expect(callback).toHaveBeenCalledWith({ video: { id: 'screen:1:0', name: 'Entire screen' } }));
    expect(electron.desktopCapturer.getSources).toHaveBeenCalledWith({ types: ['screen'] });
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('hardens every web contents the app creates', async () => {
    const { electron } = await boot();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/');
    const nav = fakeEvent({ url: 'https://example.org/x', isMainFrame: true });
    contents.emit('will-navigate', nav, nav.url);
    expect(nav.preventDefault).toHaveBeenCalled();
  });

  it('host:start starts the host in userData/classroom on 0.0.0.0:4321 for the LAN', async () => {
    const { electron, createHost } = await boot();
    const res = await electron.ipcMain.handlers.get(IPC.hostStart)!(ipcEvent(`${APP_ORIGIN}/`), {});
    expect(res).toEqual({
      ok: true,
      data: { url: fakeHost.url, teacherToken: fakeHost.teacherToken, code: fakeHost.code, studentUrls: fakeHost.studentUrls },
    });
    expect(createHost).toHaveBeenCalledWith(
      expect.objectContaining({
        dataDir: path.join(electron.app.userData, 'classroom'),
        port: 4321,
        host: '0.0.0.0',
        nativeBinding: undefined, // not running under Electron here, so no dev binding
        discovery: true, // the app advertises the class (createHost is a fake here: nothing is sent)
      }),
    );
  });

  it('closes the host before quitting, then quits', async () => {
    const { electron, close } = await boot();
    await electron.ipcMain.handlers.get(IPC.hostStart)!(ipcEvent(`${APP_ORIGIN}/`), {});
    const first = fakeEvent();
    electron.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    const second = fakeEvent();
    electron.app.emit('before-quit', second);
    electron.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('quits without waiting when no host runs', async () => {
    const { electron, close } = await boot();
    const e = fakeEvent();
    electron.app.emit('before-quit', e);
    expect(e.preventDefault).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
  });

  it('a second instance focuses the existing window', async () => {
    const { electron, windows } = await boot();
    electron.app.emit('second-instance', fakeEvent(), [], '/');
    expect(windows()[0]!.focus).toHaveBeenCalled();
    expect(windows()).toHaveLength(1);
  });

  it('quits when all windows are closed (except on macOS)', async () => {
    const { electron } = await boot();
    electron.app.emit('window-all-closed');
    if (process.platform === 'darwin') expect(electron.app.quit).not.toHaveBeenCalled();
    else expect(electron.app.quit).toHaveBeenCalledTimes(1);
  });

  it('without the single-instance lock it quits and sets nothing up', async () => {
    const { electron } = await boot({ lock: false });
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(electron.BrowserWindow.instances).toHaveLength(0);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(electron.protocol.handle).not.toHaveBeenCalled();
  });
});

describe('build layout', () => {
  const root = path.join(__dirname, '..');
  it('main, preload and renderer paths match package.json, tsconfig.node.json and the vite outDir', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/node/electron/main.js');
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.node.json'), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    // electron/main.ts compiles to <outDir>/electron/main.js
    expect(path.join(tsconfig.compilerOptions.outDir, path.relative(tsconfig.compilerOptions.rootDir, 'electron/main.js'))).toBe(
      path.normalize(pkg.main),
    );
    const compiledDir = path.join(root, path.dirname(pkg.main));
    // window.ts: path.join(__dirname, 'preload.js'); main.ts: path.join(__dirname, '../../renderer')
    expect(path.join(compiledDir, 'preload.js')).toBe(path.join(root, 'dist/node/electron/preload.js'));
    expect(path.join(compiledDir, '../../renderer')).toBe(path.join(root, 'dist/renderer'));
    expect(fs.readFileSync(path.join(root, 'renderer/vite.config.mts'), 'utf8')).toContain("'../dist/renderer'");
  });
});
