import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '../shared';
import { FakeBrowserWindow } from './test-support/fakeElectron';
import { createMainWindow, PRELOAD_PATH, windowOptions } from './window';

vi.mock('electron', () => import('./test-support/fakeElectron').then((m) => m.fakeElectron));

describe('main window', () => {
  it('has a sandboxed, isolated renderer without Node', () => {
    const prefs = windowOptions('/x/preload.js').webPreferences!;
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/x/preload.js');
  });

  it('uses the compiled preload next to the compiled main (dist/node/electron/preload.js)', () => {
    expect(PRELOAD_PATH).toBe(path.join(__dirname, 'preload.js'));
    expect(path.isAbsolute(PRELOAD_PATH)).toBe(true);
    expect(windowOptions().webPreferences!.preload).toBe(PRELOAD_PATH);
  });

  it('creates the window with those options, loads the app origin and shows it when ready', () => {
    const win = createMainWindow(undefined, '/x/preload.js') as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.instances).toContain(win);
    expect(win.options).toEqual(windowOptions('/x/preload.js'));
    expect(win.loadURL).toHaveBeenCalledWith(`${APP_ORIGIN}/`);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('logs (does not crash) when the page fails to load', async () => {
    const error = vi.fn();
    FakeBrowserWindow.nextLoadError = new Error('ERR_FAILED');
    const win = createMainWindow({ error }, '/x/preload.js') as unknown as FakeBrowserWindow;
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(1));
    expect(win.loadURL).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatchObject({ err: expect.objectContaining({ message: 'ERR_FAILED' }) });
  });
});
