import { fail } from '../../../shared';
import type { Platform } from './types';

/** The app served by a host to a browser: same-origin host, no hosting. */
export function createWebPlatform(win: Window = window): Platform {
  return {
    kind: 'web',
    canHost: false,
    startHost: async () =>
      fail('FORBIDDEN', 'Hosting needs the Teaching Playground desktop app, or `npm run host` on this computer.'),
    stopHost: async () => fail('FORBIDDEN', 'This page is not hosting a class.'),
    defaultHostUrl: () => win.location.origin,
    nearbyClasses: null,
    screenPicker: null,
    takeTeacherToken() {
      const url = new URL(win.location.href);
      const token = url.searchParams.get('token');
      if (!token) return null;
      // Take the secret out of the address bar (and history) so it is not shoulder-surfed.
      url.searchParams.delete('token');
      win.history.replaceState(null, '', url.pathname + url.search + url.hash);
      return token;
    },
  };
}
