import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { devNativeBindingPath, resolveNativeBinding } from './native';

describe('development native binding', () => {
  const root = path.resolve('/project');
  const expected = path.join(root, '.native', 'electron-38.8.6', 'better_sqlite3.node');

  it('lives at .native/electron-<version>/better_sqlite3.node', () => {
    expect(devNativeBindingPath(root, '38.8.6')).toBe(expected);
  });

  it('is used in development when the file exists', () => {
    const exists = vi.fn(() => true);
    expect(resolveNativeBinding({ isPackaged: false, appPath: root, electronVersion: '38.8.6', exists })).toBe(expected);
    expect(exists).toHaveBeenCalledWith(expected);
  });

  it('is not used when missing, when packaged, or outside Electron', () => {
    expect(resolveNativeBinding({ isPackaged: false, appPath: root, electronVersion: '38.8.6', exists: () => false })).toBeUndefined();
    expect(resolveNativeBinding({ isPackaged: true, appPath: root, electronVersion: '38.8.6', exists: () => true })).toBeUndefined();
    expect(resolveNativeBinding({ isPackaged: false, appPath: root, electronVersion: undefined, exists: () => true })).toBeUndefined();
  });
});
