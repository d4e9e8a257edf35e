/**
 * The host's security state: the join guessing budget, rotating room codes, and warning the
 * teacher's sockets. Created once per host (see host.ts) and shared by the join route, the
 * teacher's rotate-code route and the socket layer.
 */
import type { Server, Socket } from 'socket.io';
import type { Room, SecurityWarning } from '../../shared';
import type { Logger } from '../log';
import type { RoomService } from '../services/rooms';
import { isTeacherRole } from '../services/sessions';
import { roomChannel, type SocketSession } from '../socket/session';
import { GuessBudget, type GuessBudgetConfig } from './guessBudget';

export { GuessBudget, DEFAULT_GUESS_BUDGET, type GuessBudgetConfig } from './guessBudget';
export { SocketLimiter, DEFAULT_RATE_LIMITS, type RateLimits } from './tokenBucket';

export interface SecurityDeps {
  io: Server;
  rooms: RoomService;
  log: Logger;
  guessBudget?: GuessBudgetConfig;
  now?: () => Date;
}

export function createSecurity(deps: SecurityDeps) {
  const now = deps.now ?? (() => new Date());
  let lastWarning: SecurityWarning | null = null;

  /** Every connected teacher socket (any room): the warning concerns the whole host. */
  function teacherSockets() {
    return [...deps.io.of('/').sockets.values()].filter((s) => {
      const session = s.data.session as SocketSession | undefined;
      return !!session && isTeacherRole(session.participant.role);
    });
  }

  const budget = new GuessBudget(deps.guessBudget, {
    onTrip() {
      lastWarning = {
        kind: 'code-guessing',
        message:
          'Many wrong room codes were tried. Someone may be guessing your code, so joining is paused. ' +
          'Give the class a new code (Rotate code); students already in class stay in.',
        at: now().toISOString(),
      };
      deps.log.warn({ kind: lastWarning.kind }, 'join guessing budget spent: joins paused until the code is rotated');
      for (const s of teacherSockets()) s.emit('security_warning', lastWarning);
    },
  });

  /** New codes for live classes (one, or all); resets the guessing budget. */
  function rotateCodes(roomId?: string): Room[] {
    const targets = deps.rooms.live().filter((r) => !roomId || r.id === roomId);
    const rotated = targets.flatMap((room) => deps.rooms.rotateCode(room.id) ?? []);
    // Everyone in class sees the new code (the teacher's board shows it to newcomers).
    for (const room of rotated) deps.io.to(roomChannel(room.id)).emit('room_updated', room);
    budget.reset();
    lastWarning = null;
    deps.log.info({ rooms: rotated.map((r) => r.id) }, 'room codes rotated');
    return rotated;
  }

  return {
    budget,
    /** A teacher who connects while a warning stands sees it straight away. */
    onConnection(socket: Socket) {
      const session = socket.data.session as SocketSession | undefined;
      if (lastWarning && session && isTeacherRole(session.participant.role)) socket.emit('security_warning', lastWarning);
    },
    rotateCodes,
    /** The standing warning, sent to a teacher who connects after it was raised. */
    currentWarning: () => lastWarning,
  };
}
export type Security = ReturnType<typeof createSecurity>;
