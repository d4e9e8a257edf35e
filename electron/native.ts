/**
 * Where the development copy of better-sqlite3's native module, built for Electron, lives.
 * scripts/electron-native.mjs builds it (npm start runs it before electron); keep the path
 * formula identical to `nativeBindingPath` there (a test checks they agree).
 */
import fs from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR = '.native';
export const NATIVE_FILE = 'better_sqlite3.node';

export function devNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return path.join(projectRoot, NATIVE_DIR, `electron-${electronVersion}`, NATIVE_FILE);
}

export interface NativeBindingContext {
  isPackaged: boolean;
  /** app.getAppPath(): the project root in development. */
  appPath: string;
  /** process.versions.electron */
  electronVersion: string | undefined;
  exists?: (file: string) => boolean;
}

/**
 * The `nativeBinding` option for createHost: the Electron build in development, undefined
 * (better-sqlite3's default loading) in a packaged app, where electron-builder rebuilt it.
 */
export function resolveNativeBinding(ctx: NativeBindingContext): string | undefined {
  if (ctx.isPackaged || !ctx.electronVersion) return undefined;
  const file = devNativeBindingPath(ctx.appPath, ctx.electronVersion);
  return (ctx.exists ?? fs.existsSync)(file) ? file : undefined;
}
