import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '../shared';
import { isAppUrl } from './origin';
import {
  hardenWebContents,
  installPermissionHandlers,
  isExternalUrlAllowed,
  isPermissionAllowed,
  type HardenableContents,
  type PermissionSession,
} from './security';
import { fakeEvent, FakeWebContents } from './test-support/fakeElectron';

function harden() {
  const contents = new FakeWebContents();
  const openExternal = vi.fn(async (_url: string) => undefined);
  hardenWebContents(contents as unknown as HardenableContents, openExternal);
  return { contents, openExternal };
}

describe('isAppUrl', () => {
  it('accepts only our exact origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl(APP_ORIGIN)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/teacher?x=1`)).toBe(true);
    expect(isAppUrl('app://teaching-playground.evil.com/')).toBe(false);
    expect(isAppUrl('app://teaching-playground@evil.com/')).toBe(false);
    expect(isAppUrl('app://teaching-playgroundx/')).toBe(false);
    expect(isAppUrl('https://teaching-playground/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('navigation', () => {
  it('lets the app navigate within app://teaching-playground', () => {
    const { contents, openExternal } = harden();
    const e = fakeEvent({ url: `${APP_ORIGIN}/teacher`, isMainFrame: true });
    contents.emit('will-navigate', e, e.url);
    expect(e.preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation to a web page and opens it in the system browser instead', () => {
    const { contents, openExternal } = harden();
    const e = fakeEvent({ url: 'https://example.org/page', isMainFrame: true });
    contents.emit('will-navigate', e, e.url);
    expect(e.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://example.org/page');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://teaching-playground.evil/'])(
    'blocks navigation to %s without opening it anywhere',
    (url) => {
      const { contents, openExternal } = harden();
      const e = fakeEvent({ url, isMainFrame: true });
      contents.emit('will-navigate', e, url);
      expect(e.preventDefault).toHaveBeenCalled();
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('blocks redirects and sub-frame navigations away from the app', () => {
    const { contents, openExternal } = harden();
    const redirect = fakeEvent({ url: 'http://192.168.1.20:4321/' });
    contents.emit('will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const frame = fakeEvent({ url: 'https://example.org/', isMainFrame: false });
    contents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const ownFrame = fakeEvent({ url: `${APP_ORIGIN}/x`, isMainFrame: false });
    contents.emit('will-frame-navigate', ownFrame);
    expect(ownFrame.preventDefault).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('refuses <webview>', () => {
    const { contents } = harden();
    const e = fakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('window.open', () => {
  it('never opens an Electron window; http(s) goes to the system browser', () => {
    const { contents, openExternal } = harden();
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://192.168.1.20:4321/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: `${APP_ORIGIN}/popup` })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls.map((c) => c[0])).toEqual(['https://example.org/', 'http://192.168.1.20:4321/']);
  });

  it.each(['file:///C:/Windows/System32/calc.exe', 'javascript:alert(1)', 'ms-msdt:/id', 'smb://host/x', 'not a url'])(
    'does not hand %s to the OS',
    (url) => {
      const { contents, openExternal } = harden();
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
      expect(openExternal).not.toHaveBeenCalled();
    },
  );

  it('allows only http and https externally', () => {
    expect(isExternalUrlAllowed('https://example.org')).toBe(true);
    expect(isExternalUrlAllowed('http://example.org')).toBe(true);
    expect(isExternalUrlAllowed('mailto:a@b.c')).toBe(false);
    expect(isExternalUrlAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalUrlAllowed('app://teaching-playground/')).toBe(false);
  });
});

describe('permissions', () => {
  function install() {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    installPermissionHandlers(session as unknown as PermissionSession);
    const [request] = session.setPermissionRequestHandler.mock.calls[0] as [
      (wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }) => void,
    ];
    const [check] = session.setPermissionCheckHandler.mock.calls[0] as [
      (wc: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean,
    ];
    const ask = (permission: string, url: string) => {
      const cb = vi.fn();
      request({}, permission, cb, { requestingUrl: url });
      expect(cb).toHaveBeenCalledTimes(1);
      return cb.mock.calls[0]![0] as boolean;
    };
    return { ask, check };
  }

  it('grants media and display-capture requests to our own pages', () => {
    const { ask } = install();
    expect(ask('media', `${APP_ORIGIN}/`)).toBe(true);
    expect(ask('display-capture', `${APP_ORIGIN}/teacher`)).toBe(true);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'midiSysex', 'openExternal', 'fullscreen', 'unknown'])(
    'denies %s even to our own pages',
    (permission) => {
      const { ask, check } = install();
      expect(ask(permission, `${APP_ORIGIN}/`)).toBe(false);
      expect(check({}, permission, APP_ORIGIN, { requestingUrl: `${APP_ORIGIN}/` })).toBe(false);
    },
  );

  it('denies media to any other origin', () => {
    const { ask, check } = install();
    expect(ask('media', 'https://example.org/')).toBe(false);
    expect(ask('display-capture', 'http://192.168.1.20:4321/')).toBe(false);
    expect(ask('media', 'app://teaching-playground.evil/')).toBe(false);
    expect(check({}, 'media', 'https://example.org', {})).toBe(false);
  });

  it('answers permission checks for our origin (with or without requestingUrl)', () => {
    const { check } = install();
    expect(check({}, 'media', `${APP_ORIGIN}/`, { requestingUrl: `${APP_ORIGIN}/` })).toBe(true);
    expect(check({}, 'media', APP_ORIGIN, {})).toBe(true);
  });

  it('uses one rule for requests and checks', () => {
    expect(isPermissionAllowed('media', `${APP_ORIGIN}/`)).toBe(true);
    expect(isPermissionAllowed('media', undefined)).toBe(false);
    expect(isPermissionAllowed('hid', `${APP_ORIGIN}/`)).toBe(false);
  });
});
