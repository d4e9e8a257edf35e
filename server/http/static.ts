/**
 * Serves the built web client (renderer) so any browser on the LAN can join. sirv handles
 * paths safely (no traversal) and falls back to index.html for client routes like /teacher.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  // The teacher console URL carries a token: never leak it in a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Where the built renderer is, from both the compiled (dist/node/server) and source (server/) layouts. */
export function defaultStaticDir(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../../renderer'), path.resolve(__dirname, '../../dist/renderer')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
}

export function createStatic(dir: string | undefined) {
  // A missing or unbuilt folder must not stop the host (sirv throws on a missing folder):
  // the API and sockets still work, and the page explains what to do.
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    return (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The web client is not built. Run "npm run build" and restart the host.');
    };
  }
  const serve = sirv(dir, {
    single: true,
    etag: true,
    setHeaders(res) {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    },
  });
  return (req: IncomingMessage, res: ServerResponse) =>
    serve(req, res, () => {
      res.writeHead(404, SECURITY_HEADERS);
      res.end('Not found');
    });
}
