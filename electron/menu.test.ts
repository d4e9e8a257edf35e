import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from './menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [i.role] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('application menu', () => {
  it('has the standard menus; the macOS app menu only on macOS', () => {
    expect(roles(menuTemplate('linux', true))).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu', 'reload']));
    expect(roles(menuTemplate('linux', true))).not.toContain('appMenu');
    expect(roles(menuTemplate('darwin', true))[0]).toBe('appMenu');
  });

  it('offers developer tools only in development', () => {
    expect(roles(menuTemplate('win32', false))).toContain('toggleDevTools');
    expect(roles(menuTemplate('win32', true))).not.toContain('toggleDevTools');
  });
});
