/**
 * Teacher-only security routes: POST /api/rooms/rotate-code gives live classes a fresh code
 * after a code-guessing warning. Students already in class keep their sessions (tokens are
 * tied to the room, not to its code).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_MESSAGES, RotateCodeRequestSchema, SECURITY_API, fail, ok, type RotateCodeReply } from '../../shared';
import type { Logger } from '../log';
import type { Security } from '../security';
import { describeZodError } from '../socket/reply';
import { readJson, sendJson } from './body';
import { statusOf } from './status';

const MAX_BODY = 4 * 1024;

export function createSecurityRoutes(deps: { security: Security; log: Logger; isTeacher(req: IncomingMessage): boolean }) {
  /** True if the request was one of ours (answered). */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== SECURITY_API.rotateCode) return false;
    if (req.method !== 'POST') return sendJson(res, 404, fail('NOT_FOUND', 'No such API route.')), true;
    if (!deps.isTeacher(req)) {
      deps.log.warn({ address: req.socket.remoteAddress }, 'rotate-code refused: not the teacher');
      return sendJson(res, statusOf('UNAUTHORIZED'), fail('UNAUTHORIZED', ERROR_MESSAGES.UNAUTHORIZED)), true;
    }
    const raw = req.headers['content-length'] === '0' ? {} : await readJson(req, MAX_BODY);
    const parsed = RotateCodeRequestSchema.safeParse(raw);
    if (!parsed.success) return sendJson(res, 400, fail('BAD_REQUEST', describeZodError(parsed.error))), true;
    const rooms = deps.security.rotateCodes(parsed.data.roomId);
    if (parsed.data.roomId && rooms.length === 0) {
      return sendJson(res, statusOf('ROOM_NOT_FOUND'), fail('ROOM_NOT_FOUND', 'That class is not running.')), true;
    }
    sendJson(res, 200, ok<RotateCodeReply>({ rooms }));
    return true;
  };
}
