/**
 * The HTTP API: health, joining by code (students), entering as the teacher (teacher token).
 * Same reply shape as socket acks. Each route: validate → authorize → act → reply.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API,
  APP_VERSION,
  ERROR_MESSAGES,
  JoinRequestSchema,
  TeacherSessionRequestSchema,
  fail,
  ok,
  type ErrorCode,
  type Health,
  type HostInfo,
  type Session,
  type TeacherSession,
} from '../../shared';
import type { Logger } from '../log';
import type { RoomService } from '../services/rooms';
import type { SessionService } from '../services/sessions';
import { sameSecret } from '../services/tokens';
import { describeZodError } from '../socket/reply';
import type { TeachingPlayground } from '../playground';
import { createLectureRoutes } from './lecturesApi';
import { createFileRoutes } from './filesApi';
import { createSecurityRoutes } from './securityApi';
import type { Security } from '../security';
import { statusOf } from './status';
import { BodyError, BodyTooLargeError, bearerToken, readJson, sendJson } from './body';



export interface ApiDeps {
  rooms: RoomService;
  sessions: SessionService;
  log: Logger;
  teacherToken: string;
  teacherName: string;
  startedAt: number;
  connections(): number;
  hostInfo(): HostInfo;
  /** Opens a new class (used when the teacher asks for one, or none is live). */
  openClass(name?: string): ReturnType<RoomService['open']>;
  /** Free seats in a live room (its lecture's max participants minus students in it). */
  seatsLeft(roomId: string): number;
  /** The live room of a lecture, if it is in progress. */
  lectureRoom(lectureId: string): string | null;
  playground: TeachingPlayground;
  dataDir: string;
  /** Code-guessing budget and code rotation (server/security). */
  security: Security;
}

const MAX_BODY = 16 * 1024;
const TOO_MANY_CODES = 'Too many wrong codes from this device. Wait a minute, check the code on the teacher’s screen, and try again.';
const JOINS_PAUSED = 'Joining is paused: too many wrong codes were tried. Ask the teacher for a new code.';

export function createApi(deps: ApiDeps) {
  function error(res: ServerResponse, code: ErrorCode, message = ERROR_MESSAGES[code], headers?: Record<string, string>) {
    sendJson(res, statusOf(code), fail(code, message), headers);
  }

  async function join(req: IncomingMessage, res: ServerResponse) {
    const parsed = JoinRequestSchema.safeParse(await readJson(req, MAX_BODY));
    if (!parsed.success) return error(res, 'BAD_REQUEST', describeZodError(parsed.error));
    // The guessing budget is checked before the lookup, so a refusal says nothing about codes.
    const address = req.socket.remoteAddress ?? 'unknown';
    const liveRooms = deps.rooms.live().length;
    const verdict = deps.security.budget.check(address, liveRooms);
    if (!verdict.allowed) {
      deps.log.info({ address, reason: verdict.reason }, 'join refused: guessing budget');
      return error(res, 'RATE_LIMITED', verdict.reason === 'global' ? JOINS_PAUSED : TOO_MANY_CODES, { 'Retry-After': '60' });
    }
    const room = deps.rooms.byCode(parsed.data.code);
    if (!room) {
      deps.security.budget.failed(address, liveRooms);
      deps.log.info({ address }, 'join refused: unknown code');
      return error(res, 'ROOM_NOT_FOUND');
    }
    if (deps.seatsLeft(room.id) <= 0) {
      deps.log.info({ roomId: room.id }, 'join refused: class full');
      return error(res, 'CLASS_FULL');
    }
    const { token, participant } = deps.sessions.joinAsStudent(room, parsed.data.name);
    deps.log.info({ roomId: room.id, participant: participant.id }, 'student joined');
    sendJson(res, 200, ok<Session>({ token, participant, room }));
  }

  async function teacherSession(req: IncomingMessage, res: ServerResponse) {
    const token = bearerToken(req);
    if (!token || !sameSecret(token, deps.teacherToken)) {
      deps.log.warn({ address: req.socket.remoteAddress }, 'teacher session refused: bad teacher token');
      return error(res, 'UNAUTHORIZED', 'This teacher link is not valid. Use the link the host printed.');
    }
    const parsed = TeacherSessionRequestSchema.safeParse(await readJson(req, MAX_BODY));
    if (!parsed.success) return error(res, 'BAD_REQUEST', describeZodError(parsed.error));
    const wanted = parsed.data.lectureId;
    const lectureRoomId = wanted ? deps.lectureRoom(wanted) : null;
    const live = lectureRoomId ? deps.rooms.byId(lectureRoomId) : deps.rooms.live().at(-1);
    if (wanted && live?.status !== 'live') return error(res, 'ROOM_ENDED', 'That lecture is not running. Start it first.');
    const room = parsed.data.newClass || !live ? deps.openClass(parsed.data.name) : live;
    const session = deps.sessions.enterAsTeacher(room, deps.teacherName);
    sendJson(res, 200, ok<TeacherSession>({ ...session, room, host: deps.hostInfo() }));
  }

  function health(res: ServerResponse) {
    const body: Health = {
      status: 'ok',
      uptime: Math.round((Date.now() - deps.startedAt) / 1000),
      rooms: deps.rooms.live().length,
      connections: deps.connections(),
      version: APP_VERSION,
    };
    sendJson(res, 200, body);
  }

  const isTeacher = (req: IncomingMessage) => {
    const token = bearerToken(req);
    return !!token && sameSecret(token, deps.teacherToken);
  };
  const lectureRoutes = createLectureRoutes({ playground: deps.playground, dataDir: deps.dataDir, log: deps.log, isTeacher });
  const fileRoutes = createFileRoutes({ sessions: deps.sessions, log: deps.log, isTeacher });
  const securityRoutes = createSecurityRoutes({ security: deps.security, log: deps.log, isTeacher });

  /** Returns true if the request was an API request (answered), false to fall through. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === API.health && req.method === 'GET') return health(res), true;
      if (path === API.join && req.method === 'POST') return await join(req, res), true;
      if (path === API.teacherSession && req.method === 'POST') return await teacherSession(req, res), true;
      if (path?.startsWith('/api/') && (await securityRoutes(req, res))) return true;
      if (path?.startsWith('/api/files/') && (await fileRoutes(req, res))) return true;
      if (path?.startsWith('/api/') && (await lectureRoutes(req, res))) return true;
      if (path?.startsWith('/api/')) return error(res, 'NOT_FOUND', 'No such API route.'), true;
      return false;
    } catch (err) {
      // An oversized body is still arriving: close the connection after the reply.
      if (err instanceof BodyTooLargeError) return error(res, 'BAD_REQUEST', err.message, { Connection: 'close' }), true;
      if (err instanceof BodyError) return error(res, 'BAD_REQUEST', err.message), true;
      deps.log.error({ err, path }, 'api route failed');
      if (!res.headersSent) error(res, 'INTERNAL');
      return true;
    }
  };
}
