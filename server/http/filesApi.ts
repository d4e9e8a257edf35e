/**
 * File sharing over HTTP (issue 6): the teacher shares a file with the class, a student hands
 * one in, either downloads what they may see. Authorised by the participant's session token
 * (`Authorization: Bearer <session token>`), resolved like the socket handshake does, and
 * only while the class is live. After class the lecture archive (boards, code, the files
 * shared and the hand-ins) is the teacher's alone, opened with the teacher token like every
 * archive route in lecturesApi.ts; students' sessions get none of it. Downloads are always
 * attachments with nosniff, so a browser never runs or renders what a classmate sent.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_MESSAGES, fail, ok, type ErrorCode } from '../../shared';
import { FILES_API, type SharedFile } from '../../shared/schemas/surfaces';
import type { Logger } from '../log';
import { ServiceError } from '../services/errors';
import type { SessionService } from '../services/sessions';
import { surfacesHttpFor } from '../surfaces/registry';
import { bearerToken, sendJson } from './body';
import { statusOf } from './status';

const FILE_ID = /^[0-9a-f-]{36}$/;

/** RFC 6266 filename*: the name as UTF-8, with an ASCII fallback. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const ARCHIVE = /^\/api\/files\/archive\/([A-Za-z0-9_-]{1,64})\/(board|code)$/;
const ARCHIVE_FILES = /^\/api\/files\/archive\/([A-Za-z0-9_-]{1,64})\/files(?:\/([^/]{1,64}))?$/;

export function createFileRoutes(deps: { sessions: SessionService; log: Logger; isTeacher(req: IncomingMessage): boolean }) {
  function error(res: ServerResponse, code: ErrorCode, message = ERROR_MESSAGES[code], status = statusOf(code)) {
    // An upload we refused may still be arriving: close rather than reuse the connection.
    sendJson(res, status, fail(code, message), { Connection: 'close' });
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL, kind: 'share' | 'handIn') {
    const files = surfacesHttpFor(deps.sessions)!.files;
    const session = resolve(req);
    if (!session) return req.resume(), error(res, 'UNAUTHORIZED');
    const name = url.searchParams.get('name');
    if (!name || name.length > 1000) return req.resume(), error(res, 'BAD_REQUEST', 'Say the file name (?name=…).');
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    if (declared !== undefined && declared > files.maxBytes) {
      req.resume();
      deps.log.info({ participant: session.participant.id, declared }, 'upload refused: too large');
      return error(res, 'BAD_REQUEST', `Files can be at most ${Math.round(files.maxBytes / (1024 * 1024))} MB.`, 413);
    }
    const file = await (kind === 'share' ? files.share : files.handIn)(session, req, name, declared);
    sendJson(res, 200, ok(file));
  }

  function download(req: IncomingMessage, res: ServerResponse, id: string) {
    const files = surfacesHttpFor(deps.sessions)!.files;
    const session = resolve(req);
    if (!session) return error(res, 'UNAUTHORIZED');
    if (!FILE_ID.test(id)) return error(res, 'NOT_FOUND', 'No such file in this class.');
    sendFile(res, files.open(session, id));
  }

  /** The teacher's archive: a lecture's files (GET …/files) or one of them (GET …/files/<id>). */
  function archiveFiles(req: IncomingMessage, res: ServerResponse, lectureId: string, id: string | undefined) {
    if (!deps.isTeacher(req)) return error(res, 'UNAUTHORIZED', 'Only the teacher can open the lecture archive.');
    const files = surfacesHttpFor(deps.sessions)!.files;
    if (id === undefined) return sendJson(res, 200, ok({ files: files.archived(lectureId) }), { 'Cache-Control': 'no-store' });
    if (!FILE_ID.test(id)) return error(res, 'NOT_FOUND', 'No such file in this lecture.');
    sendFile(res, files.openArchived(lectureId, id));
  }

  function sendFile(res: ServerResponse, { file, path }: { file: SharedFile; path: string }) {
    const id = file.id;
    const stat = fs.statSync(path, { throwIfNoEntry: false });
    if (!stat) return error(res, 'NOT_FOUND', 'That file is no longer on the host.');
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': stat.size,
      'Content-Disposition': contentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(path)
      .on('error', (err) => {
        deps.log.warn({ err, file: id }, 'download failed');
        res.destroy();
      })
      .pipe(res);
  }

  /** The teacher's read-only archive view: a lecture's board or code as one Yjs update. */
  function archive(req: IncomingMessage, res: ServerResponse, lectureId: string, surface: 'board' | 'code') {
    if (!deps.isTeacher(req)) return error(res, 'UNAUTHORIZED', 'Only the teacher can open the lecture archive.');
    const state = surfacesHttpFor(deps.sessions)!.archive(lectureId, surface);
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': state.byteLength,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(state);
  }

  function resolve(req: IncomingMessage) {
    const token = bearerToken(req);
    return token && token.length <= 128 ? deps.sessions.resolve(token) : undefined;
  }

  /** Returns true if it answered the request. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://host');
    if (!url.pathname.startsWith(FILES_API.download)) return false;
    try {
      if (url.pathname === FILES_API.share && req.method === 'POST') return await upload(req, res, url, 'share'), true;
      if (url.pathname === FILES_API.handIn && req.method === 'POST') return await upload(req, res, url, 'handIn'), true;
      const wanted = ARCHIVE.exec(url.pathname);
      if (wanted && req.method === 'GET') return archive(req, res, wanted[1]!, wanted[2] as 'board' | 'code'), true;
      const filed = ARCHIVE_FILES.exec(url.pathname);
      if (filed && req.method === 'GET') return archiveFiles(req, res, filed[1]!, filed[2]), true;
      if (req.method === 'GET') return download(req, res, url.pathname.slice(FILES_API.download.length)), true;
      return false;
    } catch (err) {
      if (err instanceof ServiceError) {
        deps.log.info({ code: err.code, path: url.pathname }, 'file request refused');
        error(res, err.code, err.message, err.message.startsWith('Files can be at most') ? 413 : statusOf(err.code));
        return true;
      }
      throw err;
    }
  };
}
