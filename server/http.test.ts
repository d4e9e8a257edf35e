/** The HTTP surface: health, join errors, unknown routes, static files and security headers. */
import fs from 'node:fs';
import nodeHttp from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION, HealthSchema } from '../shared';
import { http } from './test-support/raw';
import { joinAsStudent, startTestHost, tempDir, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

const INDEX_HTML = '<!doctype html><title>Teaching Playground test page</title>';
function staticDir(): string {
  const dir = tempDir('tp-static-');
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("app")');
  return dir;
}

function expectSecurityHeaders(h: Headers, what: string) {
  expect(h.get('content-security-policy'), what).toMatch(/default-src 'self'/);
  expect(h.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
}

const postJoin = (url: string, body: string, contentType?: string) =>
  http(`${url}/api/join`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });

function expectTypedError(res: Awaited<ReturnType<typeof http>>, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.json).toEqual({ ok: false, error: { code, message: expect.stringMatching(message ?? /\w/) } });
}

describe('GET /health', () => {
  it('reports status, uptime, live rooms, connections and version', async () => {
    const host = track(await startTestHost());
    const first = await http(`${host.url}/health`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const h = HealthSchema.parse(first.json);
    expect(Object.keys(first.json as object).sort()).toEqual(['connections', 'rooms', 'status', 'uptime', 'version']);
    expect(h).toMatchObject({ status: 'ok', rooms: 1, connections: 0, version: APP_VERSION });
    expect(h.uptime).toBeGreaterThanOrEqual(0);

    track(await joinAsStudent(host, 'Ana'));
    host.openClass();
    expect(HealthSchema.parse((await http(`${host.url}/health`)).json)).toMatchObject({ rooms: 2, connections: 1 });
  });

  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });
});

describe('POST /api/join with bad requests', () => {
  it('answers non-JSON, wrong content types and bad fields with typed 400s', async () => {
    const host = track(await startTestHost());
    expectTypedError(await postJoin(host.url, '{not json', 'application/json'), 400, 'BAD_REQUEST', /not valid JSON/);
    expectTypedError(await postJoin(host.url, '', 'application/json'), 400, 'BAD_REQUEST');
    expectTypedError(await postJoin(host.url, 'code=ABCDEF&name=Ana', 'application/x-www-form-urlencoded'), 400, 'BAD_REQUEST', /Content-Type: application\/json/);
    expectTypedError(await postJoin(host.url, JSON.stringify({ code: host.code, name: 'Ana' }), 'text/plain'), 400, 'BAD_REQUEST');
    expectTypedError(await postJoin(host.url, JSON.stringify({ code: host.code, name: 'Ana' })), 400, 'BAD_REQUEST');
    expectTypedError(await postJoin(host.url, '[]', 'application/json'), 400, 'BAD_REQUEST');
    expectTypedError(await postJoin(host.url, JSON.stringify({ code: host.code }), 'application/json'), 400, 'BAD_REQUEST');
    expectTypedError(await postJoin(host.url, JSON.stringify({ code: host.code, name: '\u202E\u200B' }), 'application/json'), 400, 'BAD_REQUEST', /Type your name/);
    expectTypedError(
      await postJoin(host.url, JSON.stringify({ code: host.code, name: 'Ana', role: 'teacher' }), 'application/json'),
      400,
      'BAD_REQUEST',
    );
  });

  it('refuses a body over 16 KB with a typed 400, and the connection stays usable', async () => {
    const host = track(await startTestHost());
    for (const size of [16 * 1024 + 1, 200 * 1024, 2 * 1024 * 1024]) {
      const body = JSON.stringify({ code: host.code, name: 'x'.repeat(size) });
      expectTypedError(await postJoin(host.url, body, 'application/json'), 400, 'BAD_REQUEST', /too large/);
      // fetch reuses its keep-alive connection: the next request must not hit a reset socket.
      expect((await http(`${host.url}/health`)).status).toBe(200);
    }
    const ok = await postJoin(host.url, JSON.stringify({ code: host.code, name: 'Ana' }), 'application/json');
    expect(ok.status).toBe(200);
  });

  it('caps a chunked body with no Content-Length too, and survives an upload cut off midway', async () => {
    const host = track(await startTestHost());
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = nodeHttp.request(
        { host: '127.0.0.1', port: host.port, path: '/api/join', method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"name":"');
      for (let i = 0; i < 40; i++) req.write('x'.repeat(1024)); // 40 KB in 1 KB chunks
      req.end('","code":"ABCDEF"}');
    });
    expect(chunked.status).toBe(400);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: /too large/ } });

    await new Promise<void>((resolve) => {
      const req = nodeHttp.request({
        host: '127.0.0.1',
        port: host.port,
        path: '/api/join',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '5000' },
      });
      req.on('error', () => resolve());
      req.write('{"code":"ABC');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await http(`${host.url}/health`)).status).toBe(200);
    expect((await postJoin(host.url, JSON.stringify({ code: host.code, name: 'Ana' }), 'application/json')).status).toBe(200);
  });

  it('a good join answers with exactly a token, the participant and the room', async () => {
    const host = track(await startTestHost());
    const res = await postJoin(host.url, JSON.stringify({ code: host.code!.toLowerCase(), name: ' Ana ' }), 'application/json');
    expect(res.status).toBe(200);
    const data = (res.json as { ok: true; data: Record<string, Record<string, unknown>> }).data;
    expect(Object.keys(data).sort()).toEqual(['participant', 'room', 'token']);
    expect(Object.keys(data.participant!).sort()).toEqual(['id', 'joinedAt', 'name', 'role']);
    expect(data.participant).toMatchObject({ name: 'Ana', role: 'student' });
    expect(data.room).toMatchObject({ code: host.code, status: 'live' });
  });

  it('an unknown code is a typed 404 ROOM_NOT_FOUND', async () => {
    const host = track(await startTestHost());
    const wrong = host.code === '000000' ? '111111' : '000000';
    expectTypedError(await postJoin(host.url, JSON.stringify({ code: wrong, name: 'Ana' }), 'application/json'), 404, 'ROOM_NOT_FOUND');
  });
});

describe('routing', () => {
  it('an unknown /api route or method is a typed 404 NOT_FOUND', async () => {
    const host = track(await startTestHost());
    expectTypedError(await http(`${host.url}/api/nope`), 404, 'NOT_FOUND');
    expectTypedError(await http(`${host.url}/api/admin/users`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    expectTypedError(await http(`${host.url}/api/join`), 404, 'NOT_FOUND'); // GET, not POST
  });

  it('serves index.html for / and for client routes like /teacher, with security headers', async () => {
    const host = track(await startTestHost({ staticDir: staticDir() }));
    for (const route of ['/', '/teacher?token=abc', '/join/ABC-DEF']) {
      const res = await http(`${host.url}${route}`);
      expect(res.status, route).toBe(200);
      expect(res.text, route).toBe(INDEX_HTML);
      expect(res.headers.get('content-type'), route).toMatch(/text\/html/);
      expectSecurityHeaders(res.headers, route);
    }
    const asset = await http(`${host.url}/assets/app.js`);
    expect(asset.text).toBe('console.log("app")');
    expectSecurityHeaders(asset.headers, 'asset');
  });

  it('does not serve files outside the static folder', async () => {
    const dir = staticDir();
    fs.writeFileSync(path.join(dir, '..', 'secret.txt'), 'TOP SECRET');
    const host = track(await startTestHost({ staticDir: dir }));
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const body = await new Promise<string>((resolve, reject) => {
        nodeHttp
          .get({ host: '127.0.0.1', port: host.port, path: p }, (res) => {
            let data = '';
            res.on('data', (c) => (data += c));
            res.on('end', () => resolve(data));
          })
          .on('error', reject);
      });
      expect(body, p).not.toContain('TOP SECRET');
    }
  });

  it('sends the security headers on API replies and when the web client is missing too', async () => {
    const host = track(await startTestHost({ staticDir: path.join(tempDir(), 'not-built') }));
    expectSecurityHeaders((await http(`${host.url}/health`)).headers, '/health');
    expectSecurityHeaders((await http(`${host.url}/api/nope`)).headers, '/api/nope');
    expectSecurityHeaders((await postJoin(host.url, '{', 'application/json')).headers, 'bad join');
    const page = await http(`${host.url}/`);
    expect(page.status).toBe(503);
    expect(page.text).toMatch(/not built/);
    expectSecurityHeaders(page.headers, 'not built');
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const host = track(await startTestHost({ allowedOrigins: ['http://allowed.test'] }));
    const pre = (origin: string) =>
      http(`${host.url}/api/join`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    for (const origin of ['app://teaching-playground', 'http://allowed.test']) {
      const res = await pre(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const evil = await pre('http://evil.test');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
