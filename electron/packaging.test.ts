/**
 * The installer configuration (build/electron-builder.yml) and icons. Installers are not built
 * here (that downloads Electron); the config is checked with electron-builder's own validator.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const CONFIG = 'build/electron-builder.yml';

type Config = Record<string, any>;

async function loadConfig(file: string): Promise<Config> {
  const { getConfig } = require('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  };
  return getConfig(root, file, null);
}

async function validate(config: Config): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    validateConfiguration(config: Config, debug: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

function pngSize(file: string): { width: number; height: number; colorType: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colorType: buf[25]! };
}

/** The file as written (for field checks); `normalized` is what electron-builder makes of it. */
let config: Config;
let normalized: Config;
beforeAll(async () => {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  config = yaml.load(fs.readFileSync(path.join(root, CONFIG), 'utf8')) as Config;
  normalized = await loadConfig(CONFIG);
});

describe('electron-builder config', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validate(normalized)).resolves.toBeUndefined();
    expect(normalized.appId).toBe(config.appId);
  });

  it('would reject a misspelt option (the validation above is real)', async () => {
    await expect(validate({ ...normalized, asarUnpacked: ['**/*.node'] })).rejects.toThrow(/asarUnpacked/);
  });

  it('names the app and puts installers in release/', () => {
    expect(config.appId).toBe('org.teachingplayground.app');
    expect(config.productName).toBe('Teaching Playground');
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'build' });
  });

  it('packs the compiled app and unpacks native modules from the asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
  });

  it('builds AppImage + deb, NSIS and DMG with education categories', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Education');
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
    expect(config.linux.description).toEqual(expect.any(String));
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.category).toBe('public.app-category.education');
  });

  it('points at icons that exist', () => {
    expect(fs.statSync(path.join(root, config.linux.icon)).isDirectory()).toBe(true);
    expect(pngSize(path.join(root, config.win.icon)).width).toBeGreaterThanOrEqual(256);
    expect(pngSize(path.join(root, config.mac.icon)).width).toBeGreaterThanOrEqual(512);
  });

  it('is the only electron-builder config: package.json has no "build" key, and "dist" uses this file', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      build?: unknown;
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.build).toBeUndefined();
    expect(pkg.scripts.dist).toBe(`npm run build && electron-builder --config ${CONFIG}`);
    expect(pkg.main.startsWith('dist/')).toBe(true); // covered by files: dist/**/*
  });
});

describe('icons', () => {
  it.each([256, 512, 1024])('build/icons/%ix%i.png is a square RGBA PNG of that size', (size) => {
    const file = path.join(root, 'build', 'icons', `${size}x${size}.png`);
    expect(pngSize(file)).toEqual({ width: size, height: size, colorType: 6 });
  });

  it('has an SVG source', () => {
    expect(fs.readFileSync(path.join(root, 'build', 'icons', 'icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/);
  });
});
