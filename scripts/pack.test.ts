/**
 * Packaging smoke test: runs electron-builder for real on build/electron-builder.yml, with a
 * stand-in Electron (the real binary cannot be downloaded here), and checks what lands in the
 * app: the built main, preload and renderer inside app.asar, native modules unpacked beside it,
 * runtime dependencies present. Catches packaging mistakes (files globs, asarUnpack) in CI.
 * Needs `npm run build` output in dist/ (npm test builds before unit tests).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const BUILT = ['dist/node/electron/main.js', 'dist/node/electron/preload.js', 'dist/renderer/index.html'];

type Config = Record<string, unknown>;

let work: string;
let appDir: string;
let asarFiles: Set<string>;

/** The parts of an Electron distribution electron-builder touches on Linux, as dummies. */
function fakeElectronDist(dir: string) {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron: not runnable"\nexit 1\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  fs.writeFileSync(path.join(dir, 'LICENSES.chromium.html'), 'stand-in');
  fs.writeFileSync(path.join(dir, 'version'), JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version);
}

beforeAll(async () => {
  const missing = BUILT.filter((f) => !fs.existsSync(path.join(root, f)));
  if (missing.length) {
    throw new Error(`dist/ is missing ${missing.join(', ')}: run \`npm run build\` first (\`npm test\` does it before the unit tests).`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-pack-'));
  const electronDist = path.join(work, 'electron-dist');
  fakeElectronDist(electronDist);

  const yaml = require('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(fs.readFileSync(path.join(root, 'build/electron-builder.yml'), 'utf8')) as Config;
  const { build, Platform, Arch } = require('electron-builder') as typeof import('electron-builder');
  const arch = Arch[process.arch as 'x64' | 'arm64'] ?? Arch.x64;
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', arch),
    publish: 'never',
    config: {
      ...config,
      directories: { ...(config.directories as object), output: path.join(work, 'out') },
      electronDist,
      // The stand-in is not a real Electron: no native rebuild for it, and no fuses to flip in it.
      npmRebuild: false,
      electronFuses: undefined,
    },
  });
  const unpackedDir = fs.readdirSync(path.join(work, 'out')).find((d) => d.startsWith('linux') && d.endsWith('unpacked'));
  if (!unpackedDir) throw new Error(`electron-builder made no linux dir in ${path.join(work, 'out')}`);
  appDir = path.join(work, 'out', unpackedDir);
  const asar = require('@electron/asar') as typeof import('@electron/asar');
  asarFiles = new Set(asar.listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.split(path.sep).join('/')));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run dist (packed with a stand-in Electron)', () => {
  it('puts the built main, preload and renderer into app.asar', () => {
    for (const f of [...BUILT, 'dist/node/server/host.js', 'dist/node/server/discovery/advertiser.js', 'dist/node/server/media/worker/sfuWorker.js', 'package.json']) {
      expect(asarFiles, f).toContain(`/${f}`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(asarFiles).toContain(`/${pkg.main}`);
  });

  it('leaves sources, tests and dev tools out', () => {
    const stray = [...asarFiles].filter(
      (f) => /^\/(server|electron|shared|renderer|e2e|scripts)\//.test(f) || (f.startsWith('/dist/') && f.endsWith('.test.js')) || f.startsWith('/node_modules/electron-builder/') || f.startsWith('/node_modules/vitest/'),
    );
    expect(stray).toEqual([]);
  });

  it('ships runtime dependencies, with native modules unpacked from the asar', () => {
    for (const dep of ['better-sqlite3', 'bonjour-service', 'socket.io', 'zod', 'werift', 'yjs']) expect(asarFiles, dep).toContain(`/node_modules/${dep}/package.json`);
    const native = path.join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(fs.existsSync(native), native).toBe(true);
  });

  it('names the executable after the config', () => {
    expect(fs.existsSync(path.join(appDir, 'teaching-playground'))).toBe(true);
  });
});
