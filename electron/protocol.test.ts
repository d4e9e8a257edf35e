import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../shared';
import { APP_SCHEME_PRIVILEGED, createAppProtocolHandler, CSP, resolveInside, type ProtocolHandler } from './protocol';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob:; connect-src 'self' http: ws:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-protocol-'));
const root = path.join(tmp, 'renderer');
let handle: ProtocolHandler;

beforeAll(() => {
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>index</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(tmp, 'renderer-evil.txt'), SECRET); // a sibling whose name starts like root
  handle = createAppProtocolHandler(root);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const get = (p: string, init?: RequestInit) => handle(new Request(`${APP_ORIGIN}${p}`, init));

describe('app:// scheme registration', () => {
  it('is standard, secure, fetch- and CORS-enabled', () => {
    expect(APP_SCHEME_PRIVILEGED.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGED.privileges).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
    });
    expect(`${APP_SCHEME_PRIVILEGED.scheme}://teaching-playground`).toBe(APP_ORIGIN);
  });
});

describe('app:// protocol handler', () => {
  it('serves index.html at / with the strict CSP and nosniff', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>index</title>');
  });

  it('exports exactly the CSP it sends', () => {
    expect(CSP).toBe(EXPECTED_CSP);
  });

  it('serves assets with their MIME type and the CSP', async () => {
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    expect(await js.text()).toBe('console.log("app")');
    const css = await get('/assets/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for client-side routes (SPA)', async () => {
    const res = await get('/teacher?token=abc');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>index</title>');
    expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it('answers 404 (not index.html) for a missing asset, still with the CSP', async () => {
    const res = await get('/assets/missing.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it.each([
    '/..%2fsecret.txt',
    '/..%2F..%2Fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2frenderer-evil.txt',
    '/%2e%2e/secret.txt',
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%5csecret.txt',
    `/${encodeURIComponent(path.join(tmp, 'secret.txt'))}`,
  ])('refuses path traversal: %s', async (p) => {
    const res = await get(p);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain(SECRET);
  });

  it('answers 403 when the decoded path leaves the renderer folder', async () => {
    expect((await get('/..%2fsecret.txt')).status).toBe(403);
    expect((await get('/assets/..%2f..%2fsecret.txt')).status).toBe(403);
  });

  it('refuses other hosts and non-GET methods', async () => {
    expect((await handle(new Request('app://other-host/index.html'))).status).toBe(404);
    expect((await get('/', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const res = await get('/assets/app.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('resolveInside', () => {
  it('keeps paths inside the root and refuses everything else', () => {
    const r = path.resolve('/srv/renderer');
    expect(resolveInside(r, '/assets/a.js')).toBe(path.join(r, 'assets', 'a.js'));
    expect(resolveInside(r, '/')).toBe(r);
    expect(resolveInside(r, '/..%2fx')).toBeNull();
    expect(resolveInside(r, '/a/..%2f..%2f..%2fx')).toBeNull();
    expect(resolveInside(r, '/a%00.js')).toBeNull();
    expect(resolveInside(r, '/%E0%A4%A')).toBeNull(); // malformed escape
    expect(resolveInside(r, '/..foo.js')).toBe(path.join(r, '..foo.js')); // a name, not a parent
  });
});
