#!/usr/bin/env node
/**
 * Development only: makes sure better-sqlite3 has a native build for Electron.
 *
 * node_modules/better-sqlite3 is compiled for Node (tests, the CLI host). Electron has its own
 * ABI, so `npm start` runs this script before `electron .`: if
 * .native/electron-<version>/better_sqlite3.node is missing (or was built for another
 * better-sqlite3 version), a copy of node_modules/better-sqlite3 is built for Electron in a temp
 * folder — like better-sqlite3's own install script ("prebuild-install || node-gyp rebuild
 * --release"), but targeting Electron — and the result is copied there. The main process passes
 * that file to better-sqlite3 as `nativeBinding` (electron/native.ts computes the same path).
 * Packaged apps do not need this: electron-builder rebuilds better-sqlite3 for Electron.
 *
 * Usage: node scripts/electron-native.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MODULE_NAME = 'better-sqlite3';
export const NATIVE_DIR = '.native';
export const NATIVE_FILE = 'better_sqlite3.node';
export const BUILD_INFO_FILE = 'build-info.json';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

const PREFIX = '[electron-native]';

/** Where the Electron build lives. Must match devNativeBindingPath in electron/native.ts. */
export function nativeBindingPath(root, electronVersion) {
  return path.join(root, NATIVE_DIR, `electron-${electronVersion}`, NATIVE_FILE);
}

/** Version of an installed package, or null if it is not installed. */
export function installedVersion(root, name) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** What a build is for; stored next to the binary so a changed dependency triggers a rebuild. */
export function buildInfo({ electronVersion, moduleVersion, platform = process.platform, arch = process.arch }) {
  return { electron: electronVersion, [MODULE_NAME]: moduleVersion, platform, arch };
}

/** True if the binary exists, is not empty, and was built for exactly `expected`. */
export function isBuilt(bindingPath, expected) {
  try {
    if (fs.statSync(bindingPath).size === 0) return false;
    const info = JSON.parse(fs.readFileSync(path.join(path.dirname(bindingPath), BUILD_INFO_FILE), 'utf8'));
    return Object.entries(expected).every(([k, v]) => info[k] === v);
  } catch {
    return false;
  }
}

/** prebuild-install: download the published Electron binary for this version. */
export function prebuildInstallArgs(electronVersion, platform = process.platform, arch = process.arch) {
  return ['--runtime=electron', `--target=${electronVersion}`, `--platform=${platform}`, `--arch=${arch}`, '--verbose'];
}

/** node-gyp: compile from source against Electron's headers (needs Python and a C++ toolchain). */
export function nodeGypArgs(electronVersion, arch = process.arch, devDir = path.join(os.homedir(), '.electron-gyp')) {
  return [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    `--devdir=${devDir}`,
  ];
}

/**
 * Environment for the build tools: npm_config_* settings from the user's .npmrc or from
 * `npm start` itself (nodedir, target, runtime, disturl…) would make them build for Node.
 */
export function buildEnv(baseEnv, electronVersion, arch = process.arch) {
  const env = {};
  for (const [k, v] of Object.entries(baseEnv)) {
    if (!/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source)$/i.test(k)) env[k] = v;
  }
  return { ...env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_arch: arch, npm_config_disturl: ELECTRON_HEADERS_URL };
}

/** Finds a tool's entry script: in the project (or next to better-sqlite3), else npm's bundled node-gyp. */
export function resolveTool(root, step, env = process.env) {
  const spec = step === 'prebuild-install' ? 'prebuild-install/bin.js' : 'node-gyp/bin/node-gyp.js';
  const require = createRequire(path.join(root, 'package.json'));
  try {
    return require.resolve(spec, { paths: [path.join(root, 'node_modules', MODULE_NAME), root] });
  } catch {
    if (step === 'node-gyp' && env.npm_config_node_gyp && fs.existsSync(env.npm_config_node_gyp)) return env.npm_config_node_gyp;
    return null;
  }
}

/** Runs one build step with Node; returns true on success. */
export function defaultRunner(root) {
  return ({ step, args, cwd, env }) => {
    const tool = resolveTool(root, step, env);
    if (!tool) {
      console.error(`${PREFIX} ${step} is not installed; skipping this step.`);
      return false;
    }
    console.log(`${PREFIX} $ ${step} ${args.join(' ')}`);
    const res = spawnSync(process.execPath, [tool, ...args], { cwd, env, stdio: 'inherit' });
    if (res.error) console.error(`${PREFIX} ${step} could not run: ${res.error.message}`);
    return res.status === 0;
  };
}

/** Copies a package folder without its previous build output. */
function copyPackage(from, to) {
  const skip = new Set(['build', 'prebuilds', 'node_modules'].map((d) => path.join(from, d)));
  fs.cpSync(from, to, { recursive: true, filter: (src) => !skip.has(src) });
}

/**
 * Builds better-sqlite3 for Electron in a temp copy and installs the binary at
 * nativeBindingPath. Throws with a readable message if neither prebuild-install nor node-gyp
 * produced it.
 */
export function buildForElectron({ root, electronVersion, moduleVersion, run, log = console.log, platform = process.platform, arch = process.arch }) {
  const target = nativeBindingPath(root, electronVersion);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-electron-native-'));
  const work = path.join(tmp, MODULE_NAME);
  try {
    log(`${PREFIX} Copying node_modules/${MODULE_NAME} to ${work}`);
    copyPackage(path.join(root, 'node_modules', MODULE_NAME), work);
    const env = buildEnv(process.env, electronVersion, arch);
    const built = path.join(work, 'build', 'Release', NATIVE_FILE);

    log(`${PREFIX} Trying a prebuilt binary for Electron ${electronVersion} (${platform}-${arch})...`);
    let ok = run({ step: 'prebuild-install', args: prebuildInstallArgs(electronVersion, platform, arch), cwd: work, env }) && fs.existsSync(built);
    if (!ok) {
      log(`${PREFIX} No prebuilt binary; compiling from source with node-gyp (this takes a minute)...`);
      ok = run({ step: 'node-gyp', args: nodeGypArgs(electronVersion, arch), cwd: work, env }) && fs.existsSync(built);
    }
    if (!ok) {
      throw new Error(
        [
          `Could not build ${MODULE_NAME} ${moduleVersion} for Electron ${electronVersion}.`,
          'Both ways need the internet once: prebuild-install downloads a binary from GitHub;',
          'node-gyp downloads Electron headers and needs Python 3 and a C++ compiler',
          '(Linux: build-essential; macOS: Xcode Command Line Tools; Windows: Visual Studio Build Tools).',
          'Fix that and run "npm start" again (or "node scripts/electron-native.mjs").',
        ].join('\n'),
      );
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, target);
    const info = buildInfo({ electronVersion, moduleVersion, platform, arch });
    fs.writeFileSync(path.join(path.dirname(target), BUILD_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
    log(`${PREFIX} Installed ${path.relative(root, target)}`);
    return target;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The whole script; returns the process exit code. */
export function main({ root = PROJECT_ROOT, force = false, run = defaultRunner(root), log = console.log, error = console.error } = {}) {
  const electronVersion = installedVersion(root, 'electron');
  if (!electronVersion) {
    error(`${PREFIX} Electron is not installed (node_modules/electron/package.json is missing). Run "npm install" first.`);
    return 1;
  }
  const moduleVersion = installedVersion(root, MODULE_NAME);
  if (!moduleVersion) {
    error(`${PREFIX} ${MODULE_NAME} is not installed. Run "npm install" first.`);
    return 1;
  }
  const target = nativeBindingPath(root, electronVersion);
  if (!force && isBuilt(target, buildInfo({ electronVersion, moduleVersion }))) {
    log(`${PREFIX} ${MODULE_NAME} ${moduleVersion} for Electron ${electronVersion} is ready (${path.relative(root, target)}).`);
    return 0;
  }
  log(`${PREFIX} Building ${MODULE_NAME} ${moduleVersion} for Electron ${electronVersion} (one time)...`);
  try {
    buildForElectron({ root, electronVersion, moduleVersion, run, log });
    return 0;
  } catch (err) {
    error(`${PREFIX} ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** True when this file is the script Node was started with (not imported by a test). */
function isEntryPoint() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(fileURLToPath(import.meta.url)) === fs.realpathSync(path.resolve(process.argv[1]));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = main({ force: process.argv.includes('--force') });
