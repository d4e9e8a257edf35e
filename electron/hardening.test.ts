/**
 * The Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * items the other electron/*.test.ts files do not already pin down (docs/SECURITY.md maps all
 * 20 to where they are handled and tested): no experimental or Blink features, no file://,
 * openExternal only through the allow-list, fuses, a current Electron, a CSP without eval.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CSP } from './protocol';
import { windowOptions } from './window';

vi.mock('electron', () => import('./test-support/fakeElectron').then((m) => m.fakeElectron));

const root = path.join(__dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
/** Electron main-process sources (not tests, not test support). */
const sources = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  // Comments stripped: they may name what the code must not do.
  .map((f) => [f, fs.readFileSync(path.join(__dirname, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')] as const);

describe('Electron checklist gaps', () => {
  it('#9/#10: no experimental features, no Blink features, no drag-and-drop navigation', () => {
    const prefs = windowOptions('/x/preload.js').webPreferences! as Record<string, unknown>;
    expect(prefs.experimentalFeatures ?? false).toBe(false);
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
    expect(prefs.navigateOnDragDrop ?? false).toBe(false);
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/experimentalFeatures\s*:\s*true/);
      expect(text, file).not.toMatch(/enableBlinkFeatures\s*:/);
      expect(text, file).not.toMatch(/allowpopups/i);
    }
  });

  it('#2/#3/#4/#6/#8: no source turns an isolation setting back off', () => {
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/nodeIntegration\s*:\s*true/);
      expect(text, file).not.toMatch(/contextIsolation\s*:\s*false/);
      expect(text, file).not.toMatch(/sandbox\s*:\s*false/);
      expect(text, file).not.toMatch(/webSecurity\s*:\s*false/);
      expect(text, file).not.toMatch(/allowRunningInsecureContent\s*:\s*true/);
      expect(text, file).not.toMatch(/app\.commandLine\.appendSwitch\(\s*['"](disable-web-security|no-sandbox|ignore-certificate-errors)/);
    }
  });

  it('#18: pages come from app://, never file:// (no loadFile, no file: URLs)', () => {
    for (const [file, text] of sources) {
      expect(text, file).not.toMatch(/\.loadFile\(/);
      expect(text, file).not.toMatch(/loadURL\(\s*['"`]file:/);
    }
  });

  it('#15: shell.openExternal is only reached through the http/https allow-list', () => {
    for (const [file, text] of sources) {
      const calls = text.match(/shell\.openExternal/g) ?? [];
      if (file === 'main.ts') {
        expect(text).toMatch(/hardenWebContents\(contents, \(url\) => shell\.openExternal\(url\)/);
        expect(calls.length, file).toBe(1);
      } else {
        expect(calls, file).toEqual([]);
      }
    }
  });

  it('#7: the CSP allows no eval, no plugins, and scripts only from the app itself', () => {
    expect(CSP).toMatch(/default-src 'self'/);
    expect(CSP).toMatch(/script-src 'self'(;|$)/);
    expect(CSP).toMatch(/object-src 'none'/);
    expect(CSP).not.toMatch(/unsafe-eval/);
  });

  it('#19: fuses: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect; app only from the asar', () => {
    const yaml = require('js-yaml') as { load(text: string): unknown };
    const config = yaml.load(fs.readFileSync(path.join(root, 'build/electron-builder.yml'), 'utf8')) as {
      electronFuses: Record<string, boolean>;
    };
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('#16: a supported Electron major (the three newest are supported; 38 or later here)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const major = Number(/\d+/.exec(pkg.devDependencies.electron!)![0]);
    expect(major).toBeGreaterThanOrEqual(38);
  });
});
