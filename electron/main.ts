/**
 * Electron main process: wires the app protocol, the hardening, the embedded host's IPC and
 * the one window together. Each piece lives in its own module; this file only connects them.
 */
import { app, BrowserWindow, desktopCapturer, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import path from 'node:path';
import { startBrowsing } from '../server/discovery/browser';
import { createHost } from '../server/host';
import { createLogger } from '../server/log';
import { createDiscoveryService } from './discovery';
import { createPickedSource, installDisplayMediaHandler, toCaptureSources } from './displayMedia';
import { createHostController } from './hostController';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { devNativeBindingPath, resolveNativeBinding } from './native';
import { APP_SCHEME } from './origin';
import { APP_SCHEME_PRIVILEGED, createAppProtocolHandler } from './protocol';
import { closeHostOnQuit } from './quit';
import { hardenWebContents, installPermissionHandlers } from './security';
import { createMainWindow } from './window';
import { WINDOW_STATE_FILE } from './windowState';

/** The built renderer: dist/node/electron/main.js → dist/renderer. */
export const RENDERER_DIR = path.join(__dirname, '../../renderer');

const log = createLogger('info').child({ module: 'electron' });

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow(log, undefined, {
    file: path.join(app.getPath('userData'), WINDOW_STATE_FILE),
    workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
  });
  mainWindow.on('closed', () => (mainWindow = null));
}

function start(): void {
  const electronVersion = process.versions.electron;
  const nativeBinding = resolveNativeBinding({ isPackaged: app.isPackaged, appPath: app.getAppPath(), electronVersion });
  if (!app.isPackaged && !nativeBinding && electronVersion) {
    log.warn(
      { expected: devNativeBindingPath(app.getAppPath(), electronVersion) },
      'better-sqlite3 is not built for Electron; run "node scripts/electron-native.mjs" (npm start does)',
    );
  }
  const hosts = createHostController({
    createHost,
    dataDir: path.join(app.getPath('userData'), 'classroom'),
    bindHost: '0.0.0.0',
    nativeBinding,
    logger: log.child({ module: 'host' }),
    discovery: true, // students' apps find the class by its code
  });
  closeHostOnQuit(app, hosts, log);
  const discovery = createDiscoveryService({ startBrowsing, log: log.child({ module: 'discovery' }) });
  app.on('will-quit', () => discovery.close());

  app.on('second-instance', () => showMainWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => shell.openExternal(url), log));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
      installPermissionHandlers(session.defaultSession, log);
      const picked = createPickedSource();
      installDisplayMediaHandler(
        session.defaultSession,
        () => desktopCapturer.getSources({ types: ['screen'] }),
        log,
        picked,
        () => desktopCapturer.getSources({ types: ['window'] }),
      );
      const capture = {
        sources: async () =>
          toCaptureSources(
            await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 180 } }),
          ),
        select: (id: string) => picked.set(id),
      };
      registerIpc(ipcMain, hosts, log, discovery, capture);
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, app.isPackaged)));
      showMainWindow();
    })
    .catch((err: unknown) => {
      log.fatal({ err }, 'the app could not start');
      app.exit(1);
    });
}

// A second copy only tells the first one to show its window, then exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
