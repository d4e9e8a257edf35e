/**
 * Preload for the sandboxed renderer: exposes exactly `window.api` (DesktopApi) and nothing else.
 *
 * A sandboxed preload can only require('electron') and a few built-ins, so this file must not
 * import runtime values from ../shared — type-only imports are fine (tsc erases them).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { CaptureSelect, DesktopApi, HostStartRequest } from '../shared';

/** Copies of IPC in shared/schemas/ipc.ts (electron/preload.test.ts checks they are equal). */
export const CHANNELS = {
  hostStart: 'host:start',
  hostStop: 'host:stop',
  hostStatus: 'host:status',
  discoveryList: 'discovery:list',
  captureSources: 'capture:sources',
  captureSelect: 'capture:select',
} as const;

export const api: DesktopApi = Object.freeze({
  platform: 'electron' as const,
  hostStart: (req: HostStartRequest) => ipcRenderer.invoke(CHANNELS.hostStart, req),
  hostStop: () => ipcRenderer.invoke(CHANNELS.hostStop),
  hostStatus: () => ipcRenderer.invoke(CHANNELS.hostStatus),
  discoveryList: () => ipcRenderer.invoke(CHANNELS.discoveryList),
  captureSources: () => ipcRenderer.invoke(CHANNELS.captureSources),
  captureSelect: (req: CaptureSelect) => ipcRenderer.invoke(CHANNELS.captureSelect, req),
});

contextBridge.exposeInMainWorld('api', api);
