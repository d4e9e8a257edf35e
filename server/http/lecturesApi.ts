/**
 * Teacher-only HTTP routes for classrooms, lectures, the archive and backups. Authorized by
 * the teacher token (Authorization: Bearer …); they act as the host's owner through the
 * programmatic API, so the rules are the same as from Node.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ERROR_MESSAGES, fail, ok, type ErrorCode } from '../../shared';
import type { Logger } from '../log';
import type { TeachingPlayground } from '../playground';
import { ServiceError } from '../services/errors';
import { BodyError, readJson, sendJson } from './body';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stageRestore, verifyBackup } from '../store/backup';
import { latestSchemaVersion } from '../store/migrations';
import { statusOf } from './status';

type Reply =
  | { json: unknown; status?: number }
  | { text: string; contentType: string; filename: string }
  | { file: string; contentType: string; filename: string; cleanup(): void };

interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  run(m: RegExpMatchArray, req: IncomingMessage, query: URLSearchParams): Promise<Reply>;
}

const MAX_BODY = 16 * 1024;
const ID = '([A-Za-z0-9_-]{1,64})';

/** Backups are the teacher's own data; a year of classes is a few hundred MB at most. */
const MAX_RESTORE_BYTES = 2 * 1024 ** 3;

/** Streams the request body to `file`, refusing more than `max` bytes. */
async function bodyToFile(req: IncomingMessage, file: string, max: number): Promise<void> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(size > max ? new BodyError('That file is too large to be a backup.') : null, chunk);
    },
  });
  await pipeline(req, limit, fs.createWriteStream(file));
}

export function createLectureRoutes(deps: {
  playground: TeachingPlayground;
  dataDir: string;
  log: Logger;
  isTeacher(req: IncomingMessage): boolean;
}) {
  const pg = deps.playground;
  const body = (req: IncomingMessage) => readJson(req, MAX_BODY);
  const filters = (q: URLSearchParams) => Object.fromEntries([...q.entries()].filter(([, v]) => v !== ''));
  const safeName = (s: string) => s.replace(/[^A-Za-z0-9 _-]+/g, '').trim().slice(0, 60) || 'lecture';

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/api\/status$/, run: async () => ({ json: pg.getSystemStatus() }) },
    { method: 'GET', pattern: /^\/api\/classrooms$/, run: async () => ({ json: await pg.listClassrooms() }) },
    {
      method: 'POST',
      pattern: /^\/api\/classrooms$/,
      run: async (_m, req) => ({ json: await pg.createClassroom((await body(req)) as never), status: 201 }),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/api/classrooms/${ID}$`),
      run: async (m, req) => ({ json: await pg.updateClassroom(m[1]!, (await body(req)) as never) }),
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/api/classrooms/${ID}$`),
      run: async (m) => (await pg.deleteClassroom(m[1]!), { json: {} }),
    },
    { method: 'GET', pattern: /^\/api\/lectures$/, run: async (_m, _r, q) => ({ json: await pg.listLectures(filters(q)) }) },
    {
      method: 'POST',
      pattern: /^\/api\/lectures$/,
      run: async (_m, req) => ({ json: await pg.scheduleLecture((await body(req)) as never), status: 201 }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/lectures/${ID}$`),
      run: async (m) => ({ json: await pg.getLectureDetails(m[1]!) }),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/api/lectures/${ID}$`),
      run: async (m, req) => ({ json: await pg.updateLecture(m[1]!, (await body(req)) as never) }),
    },
    { method: 'POST', pattern: new RegExp(`^/api/lectures/${ID}/start$`), run: async (m) => ({ json: await pg.startLecture(m[1]!) }) },
    { method: 'POST', pattern: new RegExp(`^/api/lectures/${ID}/end$`), run: async (m) => ({ json: await pg.endLecture(m[1]!) }) },
    { method: 'POST', pattern: new RegExp(`^/api/lectures/${ID}/cancel$`), run: async (m) => ({ json: await pg.cancelLecture(m[1]!) }) },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/lectures/${ID}/attendance\\.csv$`),
      run: async (m) => {
        const title = (await pg.getLectureDetails(m[1]!)).lecture.title;
        return { text: await pg.attendanceCsv(m[1]!), contentType: 'text/csv; charset=utf-8', filename: `${safeName(title)} attendance.csv` };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/api/lectures/${ID}/transcript\\.txt$`),
      run: async (m) => {
        const title = (await pg.getLectureDetails(m[1]!)).lecture.title;
        return { text: await pg.transcriptText(m[1]!), contentType: 'text/plain; charset=utf-8', filename: `${safeName(title)} chat.txt` };
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/backup$/,
      run: async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-backup-'));
        const file = path.join(dir, 'backup.sqlite');
        await pg.backup(file);
        const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
        return {
          file,
          contentType: 'application/vnd.sqlite3',
          filename: `teaching-playground-${stamp}.sqlite`,
          cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/restore$/,
      run: async (_m, req) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-restore-'));
        try {
          const file = path.join(dir, 'upload.sqlite');
          await bodyToFile(req, file, MAX_RESTORE_BYTES);
          try {
            verifyBackup(file, latestSchemaVersion());
          } catch (err) {
            throw new ServiceError('BAD_REQUEST', (err as Error).message);
          }
          stageRestore(file, deps.dataDir);
          deps.log.warn('restore staged: the backup replaces the data on the next start');
          return {
            json: {
              message:
                'The backup is checked and ready. Stop and start the host (or the app) to switch to it; the current data is kept in a "replaced-…" folder.',
            },
          };
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ];

  function send(res: ServerResponse, reply: Reply) {
    if ('json' in reply) return sendJson(res, reply.status ?? 200, ok(reply.json));
    const disposition = `attachment; filename="${reply.filename}"`;
    if ('text' in reply) {
      res.writeHead(200, { 'Content-Type': reply.contentType, 'Content-Disposition': disposition, 'Cache-Control': 'no-store' });
      return res.end(reply.text);
    }
    res.writeHead(200, {
      'Content-Type': reply.contentType,
      'Content-Disposition': disposition,
      'Content-Length': fs.statSync(reply.file).size,
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(reply.file).on('close', reply.cleanup).pipe(res);
  }

  function refuse(res: ServerResponse, status: number, code: ErrorCode, message = ERROR_MESSAGES[code]) {
    sendJson(res, status, fail(code, message));
  }

  /** Answers the request if it is one of these routes; false otherwise. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://host');
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return false;
    if (!deps.isTeacher(req)) {
      deps.log.warn({ path: url.pathname, address: req.socket.remoteAddress }, 'teacher route refused');
      refuse(res, 401, 'UNAUTHORIZED', 'Only the teacher can do that. Use the teacher link the host printed.');
      return true;
    }
    try {
      send(res, await route.run(url.pathname.match(route.pattern)!, req, url.searchParams));
    } catch (err) {
      if (err instanceof ServiceError) refuse(res, statusOf(err.code), err.code, err.message);
      else throw err; // body errors and bugs: answered by the API's own catch
    }
    return true;
  };
}
