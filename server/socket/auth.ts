/**
 * Handshake middleware: a socket gets in only with a valid session token. The token came
 * from POST /api/join (students, by room code) or /api/teacher/session (the teacher token).
 * Refusals carry `data.code` so the client can tell "class ended" from "not signed in".
 */
import type { Socket } from 'socket.io';
import { ERROR_MESSAGES, HandshakeAuthSchema, type ErrorCode } from '../../shared';
import type { Logger } from '../log';
import type { RoomService } from '../services/rooms';
import type { SessionService } from '../services/sessions';
import type { SocketSession } from './session';

export function refusal(code: ErrorCode, message = ERROR_MESSAGES[code]): Error & { data: unknown } {
  return Object.assign(new Error(message), { data: { code, message } });
}

export function createAuthMiddleware(deps: { sessions: SessionService; rooms: RoomService; log: Logger }) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const parsed = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      deps.log.info({ address: socket.handshake.address }, 'handshake refused: no token');
      return next(refusal('UNAUTHORIZED'));
    }
    const resolved = deps.sessions.resolve(parsed.data.token);
    if (!resolved) {
      deps.log.info({ address: socket.handshake.address }, 'handshake refused: unknown token');
      return next(refusal('UNAUTHORIZED'));
    }
    const room = deps.rooms.byId(resolved.roomId);
    if (!room || room.status !== 'live') return next(refusal('ROOM_ENDED'));
    const session: SocketSession = { ...resolved, lastSeq: parsed.data.lastSeq };
    socket.data.session = session;
    next();
  };
}
