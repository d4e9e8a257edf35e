import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './test-support/fakeElectron';
import { createMainWindow } from './window';
import { fitToDisplays, loadWindowState, saveWindowState, trackWindowState } from './windowState';

vi.mock('electron', () => import('./test-support/fakeElectron').then((m) => m.fakeElectron));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-winstate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('saves and loads bounds; ignores a missing or damaged file', () => {
    const file = path.join(dir, 'a', 'window-state.json');
    expect(loadWindowState(file)).toBeNull();
    saveWindowState(file, { x: 5, y: 6, width: 900, height: 600, maximized: false });
    expect(loadWindowState(file)).toEqual({ x: 5, y: 6, width: 900, height: 600, maximized: false });
    fs.writeFileSync(file, '{"width": "huge"');
    expect(loadWindowState(file)).toBeNull();
    fs.writeFileSync(file, JSON.stringify({ width: 5, height: 600 }));
    expect(loadWindowState(file)).toBeNull();
  });

  it('drops a position on a monitor that is gone, and caps the size to the screen', () => {
    expect(fitToDisplays({ x: 3000, y: 100, width: 800, height: 600 }, screen)).toEqual({ width: 800, height: 600 });
    expect(fitToDisplays({ x: 100, y: 100, width: 4000, height: 600 }, screen)).toEqual({ x: 100, y: 100, width: 1920, height: 600 });
  });

  it('saves after moves and resizes settle, and on close', () => {
    vi.useFakeTimers();
    const file = path.join(dir, 'b.json');
    const win = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 1, y: 2, width: 1000, height: 700 }),
      isMaximized: () => true,
    });
    trackWindowState(win, file, undefined, 500);
    win.emit('resize');
    win.emit('move');
    expect(fs.existsSync(file)).toBe(false);
    vi.advanceTimersByTime(500);
    expect(loadWindowState(file)).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: true });
    fs.rmSync(file);
    win.emit('close');
    expect(loadWindowState(file)).toMatchObject({ width: 1000 });
    vi.useRealTimers();
  });

  it('the main window opens at the remembered size and place, maximized if it was', () => {
    const file = path.join(dir, 'c.json');
    saveWindowState(file, { x: 40, y: 50, width: 1000, height: 640, maximized: true });
    const win = createMainWindow(undefined, '/x/preload.js', { file, workAreas: () => screen }) as unknown as FakeBrowserWindow;
    expect(win.options).toMatchObject({ x: 40, y: 50, width: 1000, height: 640, minWidth: 720 });
    expect(win.maximize).toHaveBeenCalled();
    win.emit('close');
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });
});
