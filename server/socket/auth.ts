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
import { SocketLimiter, type RateLimits } from '../security/tokenBucket';

export function refusal(code: ErrorCode, message = ERROR_MESSAGES[code]): Error & { data: unknown } {
  return Object.assign(new Error(message), { data: { code, message } });
}

export function createAuthMiddleware(deps: {
  sessions: SessionService;
  rooms: RoomService;
  log: Logger;
  /** Per-socket event budgets (server/security/tokenBucket.ts); defaults when absent. */
  rateLimits?: RateLimits;
}) {
  // One budget per participant, shared by all their sockets and kept across reconnects, so
  // opening more sockets with the same token (or reconnecting) does not buy more messages.
  const limiters = new Map<string, SocketLimiter>();
  function limiterFor(participantId: string): SocketLimiter {
    let limiter = limiters.get(participantId);
    if (!limiter) {
      // Forget participants whose budgets are full again; memory stays bounded by activity.
      if (limiters.size >= 1024) for (const [id, l] of limiters) if (l.isIdle()) limiters.delete(id);
      limiters.set(participantId, (limiter = new SocketLimiter(deps.rateLimits)));
    }
    return limiter;
  }

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
    socket.data.limiter = limiterFor(session.participant.id);
    next();
  };
}
