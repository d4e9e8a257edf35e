import type { DesktopApi } from '../../../shared';
import { createElectronPlatform } from './electron';
import type { Platform } from './types';
import { createWebPlatform } from './web';

export type { Platform } from './types';

export function detectPlatform(): Platform {
  const api = (window as unknown as { api?: DesktopApi }).api;
  return api?.platform === 'electron' ? createElectronPlatform(api) : createWebPlatform();
}
