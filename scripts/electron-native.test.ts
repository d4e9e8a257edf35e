import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { devNativeBindingPath } from '../electron/native';
import {
  buildEnv,
  buildInfo,
  ELECTRON_HEADERS_URL,
  installedVersion,
  isBuilt,
  main,
  nativeBindingPath,
  nodeGypArgs,
  prebuildInstallArgs,
  PROJECT_ROOT,
  type Runner,
  type StepRequest,
} from './electron-native.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-electron-native-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake project: node_modules/electron and node_modules/better-sqlite3 with just package.json files. */
function fakeProject(opts: { electron?: string | null; sqlite?: string | null } = {}): string {
  const root = fs.mkdtempSync(path.join(tmp, 'project-'));
  const pkg = (name: string, version: string) => {
    fs.mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
  };
  if (opts.electron !== null) pkg('electron', opts.electron ?? '38.8.6');
  if (opts.sqlite !== null) pkg('better-sqlite3', opts.sqlite ?? '12.11.1');
  // a stale Node build that must not be reused
  fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'NODE-BUILD');
  return root;
}

/** A runner whose steps "succeed" by writing build/Release/better_sqlite3.node, or fail. */
function fakeRunner(results: { 'prebuild-install': boolean; 'node-gyp': boolean }) {
  const calls: StepRequest[] = [];
  const run: Runner = (req) => {
    calls.push(req);
    const okStep = results[req.step];
    if (okStep) {
      expect(fs.existsSync(path.join(req.cwd, 'build'))).toBe(false); // the copy starts without a build
      fs.mkdirSync(path.join(req.cwd, 'build', 'Release'), { recursive: true });
      fs.writeFileSync(path.join(req.cwd, 'build', 'Release', 'better_sqlite3.node'), `ELECTRON-BUILD-BY-${req.step}`);
    }
    return okStep;
  };
  return { run, calls };
}

const quiet = { log: vi.fn(), error: vi.fn() };

describe('electron-native: pure parts', () => {
  it('computes the same path as electron/native.ts', () => {
    expect(nativeBindingPath('/p', '38.8.6')).toBe(devNativeBindingPath('/p', '38.8.6'));
    expect(nativeBindingPath('/p', '38.8.6')).toBe(path.join('/p', '.native', 'electron-38.8.6', 'better_sqlite3.node'));
  });

  it('reads the real installed Electron version', () => {
    const v = installedVersion(PROJECT_ROOT, 'electron');
    expect(v).toMatch(/^\d+\.\d+\.\d+/);
    expect(installedVersion(PROJECT_ROOT, 'no-such-package-here')).toBeNull();
  });

  it('targets Electron in the prebuild-install and node-gyp arguments', () => {
    expect(prebuildInstallArgs('38.8.6', 'linux', 'x64')).toEqual(
      expect.arrayContaining(['--runtime=electron', '--target=38.8.6', '--platform=linux', '--arch=x64']),
    );
    const gyp = nodeGypArgs('38.8.6', 'arm64', '/dev-dir');
    expect(gyp.slice(0, 2)).toEqual(['rebuild', '--release']);
    expect(gyp).toEqual(expect.arrayContaining(['--target=38.8.6', '--arch=arm64', `--dist-url=${ELECTRON_HEADERS_URL}`, '--devdir=/dev-dir']));
    expect(ELECTRON_HEADERS_URL).toBe('https://electronjs.org/headers');
  });

  it('drops npm settings that would make the tools build for Node', () => {
    const env = buildEnv({ PATH: '/bin', npm_config_nodedir: '/usr/include/node', npm_config_target: '20.0.0', npm_config_runtime: 'node' }, '38.8.6', 'x64');
    expect(env.npm_config_nodedir).toBeUndefined();
    expect(env).toMatchObject({ PATH: '/bin', npm_config_runtime: 'electron', npm_config_target: '38.8.6', npm_config_arch: 'x64' });
  });

  it('counts a build as present only with a non-empty binary and matching build info', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'built-'));
    const file = path.join(dir, 'better_sqlite3.node');
    const info = buildInfo({ electronVersion: '38.8.6', moduleVersion: '12.11.1' });
    expect(isBuilt(file, info)).toBe(false);
    fs.writeFileSync(file, '');
    fs.writeFileSync(path.join(dir, 'build-info.json'), JSON.stringify(info));
    expect(isBuilt(file, info)).toBe(false); // empty
    fs.writeFileSync(file, 'binary');
    expect(isBuilt(file, info)).toBe(true);
    expect(isBuilt(file, buildInfo({ electronVersion: '38.8.6', moduleVersion: '12.12.0' }))).toBe(false);
    expect(isBuilt(file, buildInfo({ electronVersion: '39.0.0', moduleVersion: '12.11.1' }))).toBe(false);
  });
});

describe('electron-native: main', () => {
  it('uses a prebuilt binary when there is one, then reports it ready without rebuilding', () => {
    const root = fakeProject();
    const { run, calls } = fakeRunner({ 'prebuild-install': true, 'node-gyp': false });
    expect(main({ root, run, ...quiet })).toBe(0);
    expect(calls.map((c) => c.step)).toEqual(['prebuild-install']);
    expect(calls[0]!.args).toContain('--runtime=electron');
    expect(calls[0]!.cwd).not.toContain(root); // built in a temp copy, never in node_modules
    const target = nativeBindingPath(root, '38.8.6');
    expect(fs.readFileSync(target, 'utf8')).toBe('ELECTRON-BUILD-BY-prebuild-install');
    expect(fs.existsSync(calls[0]!.cwd)).toBe(false); // temp copy removed
    // node_modules is untouched (tests and the CLI keep the Node build)
    expect(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8')).toBe('NODE-BUILD');

    const second = fakeRunner({ 'prebuild-install': true, 'node-gyp': true });
    const log = vi.fn();
    expect(main({ root, run: second.run, log, error: vi.fn() })).toBe(0);
    expect(second.calls).toHaveLength(0);
    expect(log.mock.calls.join('\n')).toMatch(/ready/);
  });

  it('falls back to node-gyp when no prebuilt binary is available', () => {
    const root = fakeProject();
    const { run, calls } = fakeRunner({ 'prebuild-install': false, 'node-gyp': true });
    expect(main({ root, run, ...quiet })).toBe(0);
    expect(calls.map((c) => c.step)).toEqual(['prebuild-install', 'node-gyp']);
    expect(calls[1]!.args).toEqual(expect.arrayContaining(['rebuild', '--release', '--target=38.8.6']));
    expect(calls[1]!.env.npm_config_runtime).toBe('electron');
    expect(fs.readFileSync(nativeBindingPath(root, '38.8.6'), 'utf8')).toBe('ELECTRON-BUILD-BY-node-gyp');
  });

  it('rebuilds when better-sqlite3 was upgraded', () => {
    const root = fakeProject({ sqlite: '12.11.1' });
    expect(main({ root, run: fakeRunner({ 'prebuild-install': true, 'node-gyp': false }).run, ...quiet })).toBe(0);
    fs.writeFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), JSON.stringify({ version: '12.12.0' }));
    const again = fakeRunner({ 'prebuild-install': true, 'node-gyp': false });
    expect(main({ root, run: again.run, ...quiet })).toBe(0);
    expect(again.calls).toHaveLength(1);
  });

  it('fails with exit code 1 and a clear message when both ways fail', () => {
    const root = fakeProject();
    const error = vi.fn();
    expect(main({ root, run: fakeRunner({ 'prebuild-install': false, 'node-gyp': false }).run, log: vi.fn(), error })).toBe(1);
    const msg = error.mock.calls.join('\n');
    expect(msg).toContain('Could not build better-sqlite3 12.11.1 for Electron 38.8.6');
    expect(msg).toMatch(/internet/);
    expect(msg).toMatch(/C\+\+ compiler/);
    expect(fs.existsSync(nativeBindingPath(root, '38.8.6'))).toBe(false);
  });

  it('fails clearly when Electron or better-sqlite3 is not installed', () => {
    const error = vi.fn();
    expect(main({ root: fakeProject({ electron: null }), run: fakeRunner({ 'prebuild-install': true, 'node-gyp': true }).run, log: vi.fn(), error })).toBe(1);
    expect(error.mock.calls.join('\n')).toMatch(/Electron is not installed.*npm install/);
    expect(main({ root: fakeProject({ sqlite: null }), run: fakeRunner({ 'prebuild-install': true, 'node-gyp': true }).run, log: vi.fn(), error })).toBe(1);
    expect(error.mock.calls.join('\n')).toMatch(/better-sqlite3 is not installed/);
  });

  it('as a command, exits 0 when the binary is already there (no network needed)', () => {
    const root = fakeProject();
    // Install the script into the fake project so PROJECT_ROOT points there.
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'scripts', 'electron-native.mjs'), path.join(root, 'scripts', 'electron-native.mjs'));
    const target = nativeBindingPath(root, '38.8.6');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'binary');
    fs.writeFileSync(path.join(path.dirname(target), 'build-info.json'), JSON.stringify(buildInfo({ electronVersion: '38.8.6', moduleVersion: '12.11.1' })));
    const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('is ready');
  });

  it('as a command, exits 1 with a message when Electron is missing', () => {
    const root = fakeProject({ electron: null });
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(PROJECT_ROOT, 'scripts', 'electron-native.mjs'), path.join(root, 'scripts', 'electron-native.mjs'));
    const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs')], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Electron is not installed');
  });
});
