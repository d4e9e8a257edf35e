/**
 * Hardening for every web page the app shows: no navigation away from app://, no new windows,
 * only http(s) links handed to the system browser, and only camera/microphone/screen
 * permissions, and only for our own pages.
 */
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './origin';

/** Protocols we hand to the OS (shell.openExternal). Never file:, javascript:, smb:, custom schemes… */
export const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** The only permissions a page may get: camera/microphone and screen capture. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'display-capture']);

export type OpenExternal = (url: string) => Promise<void>;

export interface SecurityLogger {
  warn(obj: object, msg: string): void;
}

export function isExternalUrlAllowed(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Opens `url` in the system browser if it is http(s); returns whether it did. */
export function openExternalSafely(url: string, openExternal: OpenExternal, log?: SecurityLogger): boolean {
  if (!isExternalUrlAllowed(url)) {
    log?.warn({ url }, 'refused to open a link with a disallowed protocol');
    return false;
  }
  openExternal(url).catch((err: unknown) => log?.warn({ err, url }, 'could not open link'));
  return true;
}

/** The subset of WebContents that hardening touches (so tests can pass a fake). */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every WebContents the app creates (app 'web-contents-created'):
 * - navigation (top frame, sub frames, redirects) is allowed only within app://teaching-playground;
 *   an http(s) link goes to the system browser instead;
 * - window.open / target=_blank never opens an Electron window;
 * - <webview> cannot be attached.
 */
export function hardenWebContents(contents: HardenableContents, openExternal: OpenExternal, log?: SecurityLogger): void {
  const refuse = (event: { preventDefault(): void }, url: string, what: string): boolean => {
    if (isAppUrl(url)) return false;
    event.preventDefault();
    log?.warn({ url }, `blocked ${what} away from the app`);
    return true;
  };
  contents.on('will-navigate', (event) => {
    if (refuse(event, event.url, 'navigation')) openExternalSafely(event.url, openExternal, log);
  });
  contents.on('will-redirect', (event) => void refuse(event, event.url, 'redirect'));
  // Main-frame navigations are already covered by will-navigate above.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) refuse(event, event.url, 'frame navigation');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log?.warn({}, 'blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, openExternal, log);
    return { action: 'deny' };
  });
}

/** Decision used by both permission handlers. */
export function isPermissionAllowed(permission: string, url: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(url);
}

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/** Every permission request/check is denied unless it is media/display-capture from our own pages. */
export function installPermissionHandlers(session: PermissionSession, log?: SecurityLogger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl);
    if (!allowed) log?.warn({ permission, url: details.requestingUrl }, 'denied a permission request');
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? requestingOrigin),
  );
}
