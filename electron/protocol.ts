/**
 * The app:// protocol: serves the built renderer (dist/renderer) to the app's own windows,
 * instead of file://, so pages get a real origin, a strict CSP and no access to other files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin';

/** Registered before `ready` (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGED: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/**
 * Content-Security-Policy of every app:// response. connect-src allows http:/ws: because the
 * app talks to classroom hosts on LAN addresses (the embedded host or another teacher's).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self' http: ws:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const BASE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

function respond(status: number, body: Uint8Array<ArrayBuffer> | string | null, contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { ...BASE_HEADERS, 'Content-Type': contentType } });
}

/**
 * Maps a request path onto a file under `root`, or null if it would leave `root` (`..`, an
 * encoded `%2e%2e%2f`, a backslash on Windows, a NUL byte, an absolute path after decoding).
 */
export function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, `.${path.sep}${decoded}`);
  const rel = path.relative(root, file);
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return file;
}

async function readFileIfExists(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? await fs.readFile(file) : null;
  } catch {
    return null;
  }
}

/**
 * A handler for protocol.handle('app', ...). Unknown routes without a file extension get
 * index.html (the renderer routes on the client); a missing asset is a 404 so a broken build
 * does not answer a .js request with HTML.
 */
export function createAppProtocolHandler(rootDir: string): ProtocolHandler {
  const root = path.resolve(rootDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return respond(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return respond(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed');

    const file = resolveInside(root, url.pathname);
    if (!file) return respond(403, 'Forbidden');

    const isHead = request.method === 'HEAD';
    const body = await readFileIfExists(file);
    if (body) return respond(200, isHead ? null : new Uint8Array(body), mimeType(file));

    if (path.extname(file) === '') {
      const index = await readFileIfExists(path.join(root, 'index.html'));
      if (index) return respond(200, isHead ? null : new Uint8Array(index), MIME['.html']);
      return respond(503, 'The app is not built. Run "npm run build".');
    }
    return respond(404, 'Not found');
  };
}
