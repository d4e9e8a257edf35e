/**
 * A stand-in for the `electron` module (the Electron binary cannot run in unit tests).
 * Use it with:  vi.mock('electron', () => import('./test-support/fakeElectron').then((m) => m.fakeElectron));
 * and import `fakeElectron` in the test to drive and inspect it. Each test file gets its own copy.
 * To load a module afresh (main.ts runs on import): vi.resetModules(), import this file again,
 * then vi.doMock('electron', () => fakeElectron) before importing the module.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

export interface FakeEvent {
  preventDefault: ReturnType<typeof vi.fn>;
  readonly defaultPrevented: boolean;
}

/** An Electron-style event: records whether preventDefault was called. */
export function fakeEvent<T extends object>(params: T = {} as T): FakeEvent & T {
  let prevented = false;
  return Object.assign(
    {
      preventDefault: vi.fn(() => {
        prevented = true;
      }),
      get defaultPrevented() {
        return prevented;
      },
    },
    params,
  );
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;
  setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  /** If set, the next window's loadURL rejects with it. */
  static nextLoadError: Error | null = null;
  destroyed = false;
  webContents = new FakeWebContents();
  private loadError = FakeBrowserWindow.nextLoadError;
  loadURL = vi.fn(async (_url: string) => {
    if (this.loadError) throw this.loadError;
  });
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = vi.fn(() => false);
  isMaximized = vi.fn(() => false);
  maximize = vi.fn();
  getNormalBounds = vi.fn(() => ({ x: 10, y: 20, width: 1000, height: 700 }));
  isDestroyed = () => this.destroyed;
  constructor(public options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.nextLoadError = null;
    FakeBrowserWindow.instances.push(this);
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

class FakeApp extends EventEmitter {
  isPackaged = false;
  userData = path.join(os.tmpdir(), 'tp-fake-electron-userData');
  appPath = path.join(os.tmpdir(), 'tp-fake-electron-app');
  requestSingleInstanceLock = vi.fn(() => true);
  enableSandbox = vi.fn();
  quit = vi.fn();
  exit = vi.fn();
  whenReady = vi.fn(() => Promise.resolve());
  getPath = vi.fn((name: string) => (name === 'userData' ? this.userData : path.join(os.tmpdir(), `tp-fake-${name}`)));
  getAppPath = vi.fn(() => this.appPath);
}

function createFakeElectron() {
  const ipcHandlers = new Map<string, InvokeHandler>();
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response> | Response>();
  const exposed: Record<string, unknown> = {};
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handlers: ipcHandlers,
      handle: vi.fn((channel: string, handler: InvokeHandler) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => void ipcHandlers.delete(channel)),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, ...args: unknown[]): Promise<unknown> => ({ channel, args })),
      send: vi.fn(),
      on: vi.fn(),
    },
    contextBridge: {
      exposed,
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed[key] = api;
      }),
    },
    protocol: {
      handlers: protocolHandlers,
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: (req: Request) => Promise<Response> | Response) => {
        protocolHandlers.set(scheme, handler);
      }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDisplayMediaRequestHandler: vi.fn(),
      },
    },
    desktopCapturer: {
      getSources: vi.fn(async (_opts: { types: string[] }) => [{ id: 'screen:1:0', name: 'Entire screen' }]),
    },
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
  };
}

export const fakeElectron = createFakeElectron();
export type FakeElectron = typeof fakeElectron;

/** An IPC invoke event as sent from a frame at `url` (null: the frame is gone). */
export function ipcEvent(url: string | null) {
  return { senderFrame: url === null ? null : { url }, sender: {}, frameId: 1, processId: 1 };
}
