/** Reading and answering JSON over plain node:http, with a size cap. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared';

export class BodyError extends Error {}

export class BodyTooLargeError extends BodyError {
  constructor() {
    super('Request body too large.');
  }
}

/**
 * Reads a JSON body of at most `maxBytes`. Over the cap it stops buffering and rejects, but
 * does not destroy the request: destroying it (what `for await` + throw does) resets the
 * socket under a response that says keep-alive, so a client's next request on the same
 * pooled connection fails with ECONNRESET. The rest of the body is discarded as it arrives
 * and the reply to a too-large body says `Connection: close`.
 */
export function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    return Promise.reject(new BodyError('Send JSON (Content-Type: application/json).'));
  }
  if (Number(req.headers['content-length']) > maxBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The 'error' listener stays: a client aborting mid-body must never be an unhandled error.
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.resume(); // keep draining into the void; node:http reuses or closes the socket
        return reject(new BodyTooLargeError());
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch {
        reject(new BodyError('Request body is not valid JSON.'));
      }
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Result<unknown> | object,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  });
  res.end(text);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
