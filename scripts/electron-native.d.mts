/** Types for scripts/electron-native.mjs (used by its test). */
export interface BuildInfo {
  electron: string;
  'better-sqlite3': string;
  platform: string;
  arch: string;
}
export type BuildStep = 'prebuild-install' | 'node-gyp';
export interface StepRequest {
  step: BuildStep;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}
export type Runner = (req: StepRequest) => boolean;
type Log = (message: string) => void;

export const PROJECT_ROOT: string;
export const MODULE_NAME: 'better-sqlite3';
export const NATIVE_DIR: string;
export const NATIVE_FILE: string;
export const BUILD_INFO_FILE: string;
export const ELECTRON_HEADERS_URL: string;

export function nativeBindingPath(root: string, electronVersion: string): string;
export function installedVersion(root: string, name: string): string | null;
export function buildInfo(opts: { electronVersion: string; moduleVersion: string; platform?: string; arch?: string }): BuildInfo;
export function isBuilt(bindingPath: string, expected: Partial<BuildInfo>): boolean;
export function prebuildInstallArgs(electronVersion: string, platform?: string, arch?: string): string[];
export function nodeGypArgs(electronVersion: string, arch?: string, devDir?: string): string[];
export function buildEnv(baseEnv: Record<string, string | undefined>, electronVersion: string, arch?: string): Record<string, string | undefined>;
export function resolveTool(root: string, step: BuildStep, env?: Record<string, string | undefined>): string | null;
export function defaultRunner(root: string): Runner;
export function buildForElectron(opts: {
  root: string;
  electronVersion: string;
  moduleVersion: string;
  run: Runner;
  log?: Log;
  platform?: string;
  arch?: string;
}): string;
export function main(opts?: { root?: string; force?: boolean; run?: Runner; log?: Log; error?: Log }): number;
