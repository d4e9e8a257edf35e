/**
 * The one app window. Its renderer is sandboxed and isolated: no Node, no `require`, only the
 * typed `window.api` from the preload.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';
import { APP_ENTRY_URL } from './origin';
import { fitToDisplays, loadWindowState, trackWindowState, type Rect } from './windowState';

/** Compiled preload next to the compiled main (dist/node/electron/preload.js). */
export const PRELOAD_PATH = path.join(__dirname, 'preload.js');

export function windowOptions(preload: string = PRELOAD_PATH): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    title: 'Teaching Playground',
    backgroundColor: '#ffffff',
    show: false, // shown on ready-to-show, so there is no white flash
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}

export interface WindowLogger {
  error(obj: object, msg: string): void;
}

/** Where the window's size is remembered (userData/window-state.json) and the displays now attached. */
export interface RememberedBounds {
  file: string;
  workAreas(): Rect[];
}

export function createMainWindow(log?: WindowLogger, preload: string = PRELOAD_PATH, remember?: RememberedBounds): BrowserWindow {
  const saved = remember && loadWindowState(remember.file);
  const { maximized, ...bounds } = saved ? fitToDisplays(saved, remember.workAreas()) : { maximized: false };
  const win = new BrowserWindow({ ...windowOptions(preload), ...bounds });
  if (maximized) win.maximize();
  if (remember) trackWindowState(win, remember.file, (err) => log?.error({ err }, 'could not save the window size'));
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => log?.error({ err }, 'could not load the app page'));
  return win;
}
