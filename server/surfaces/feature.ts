/**
 * The shared surfaces feature: whiteboard and code editor sync (Yjs updates and awareness
 * through the host), who may edit, and file announcements. Identity and role always come
 * from the socket's session; permissions are enforced here, not only hidden in the UI.
 */
import path from 'node:path';
import type { Socket } from 'socket.io';
import { DEFAULT_MAX_FILE_BYTES, type SurfaceKind } from '../../shared/schemas/surfaces';
import type { FeatureContext } from '../features';
import { isTeacherRole } from '../services/sessions';
import { type ClassroomFeature, emitTo } from '../socket/classroom';
import { HandlerError, afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import { createSurfacesStore } from '../store/surfacesStore';
import { BadUpdateError, SurfaceDocs } from './docs';
import { SurfaceFanout } from './fanout';
import { createFileService } from './files';
import { checkLiveStrokes } from './liveStrokes';
import { SurfacePermissionBook } from './permissions';
import { registerSurfacesHttp } from './registry';

/** Socket.IO room of a class's teacher sockets (hand-ins are announced only there). */
export const teacherChannel = (roomId: string) => `surfaces-teacher:${roomId}`;

export interface SurfacesOptions {
  maxFileBytes?: number;
  /** Updates between compactions (tests use a small number). */
  compactEvery?: number;
  /** Longest wait for a document's broadcast tick, in ms (see fanout.ts). */
  tickMs?: number;
}

export function createSurfaces(ctx: FeatureContext, opts: SurfacesOptions = {}): ClassroomFeature & { docs: SurfaceDocs } {
  const { io, log, domain, clock } = ctx;
  const store = createSurfacesStore(ctx.store.db);
  const docs = new SurfaceDocs(store, clock, opts.compactEvery);
  // Each room belongs to a lecture; documents, permissions and files are kept with the lecture.
  // Asked on every update and cursor, so remembered per room (a room keeps its lecture; the
  // entry goes when the class ends): looking it up in SQLite each time was a sixth of the
  // host's time under bench:board.
  const lectureOfRoom = new Map<string, string>();
  const lectureOf = (roomId: string) => {
    let id = lectureOfRoom.get(roomId);
    if (id === undefined) lectureOfRoom.set(roomId, (id = domain.lectures.lectureOfRoom(roomId)?.id ?? roomId));
    return id;
  };
  // The classroom's feature switches: domain.roomFeatures keeps them until a classroom or
  // lecture is written, so this costs no query per update and a switch applies at once.
  const whiteboardOn = (roomId: string) => domain.roomFeatures(roomId).whiteboard;
  const permissions = new SurfacePermissionBook(store, lectureOf, () => clock.now().toISOString());
  const fanout = new SurfaceFanout(
    {
      store: (roomId, surface, update) => docs.persist(lectureOf(roomId), surface, update),
      sendUpdate(roomId, surface, update, clientIds, except) {
        const room = io.to(roomChannel(roomId));
        const awareness = clientIds && docs.awarenessOf(lectureOf(roomId), surface, clientIds);
        emitTo(except ? room.except(except) : room, 'surface_update', { surface, update, ...(awareness ? { awareness } : {}) });
      },
      sendAwareness(roomId, surface, clientIds, except) {
        const update = docs.awarenessOf(lectureOf(roomId), surface, clientIds);
        if (!update) return;
        // Cursors and live strokes are volatile: a busy client misses a position, not a change.
        const room = io.to(roomChannel(roomId)).volatile;
        emitTo(except ? room.except(except) : room, 'surface_awareness', { surface, update });
      },
      onError: (err) => log.error({ err }, 'storing surface updates failed'),
    },
    opts.tickMs,
  );

  const files = createFileService({
    store,
    // The data folder is where the SQLite file lives.
    dataDir: path.dirname(ctx.store.db.name),
    maxBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    now: () => clock.now().toISOString(),
    lectureOf,
    isLive: (roomId) => domain.rooms.byId(roomId)?.status === 'live',
    announce(roomId, file) {
      if (file.kind === 'shared') emitTo(io.to(roomChannel(roomId)), 'file_shared', file);
      else emitTo(io.to(teacherChannel(roomId)), 'file_handed_in', file);
      log.info({ roomId, file: file.id, kind: file.kind, size: file.size }, 'file received');
    },
  });
  registerSurfacesHttp(domain.sessions, { files, archive: (lectureId, surface) => docs.stateOf(lectureId, surface) });

  function requireEnabled(roomId: string, surface: SurfaceKind) {
    if (surface === 'board' && !whiteboardOn(roomId)) {
      throw new HandlerError('FEATURE_DISABLED', 'The whiteboard is turned off in this classroom.');
    }
  }

  function onConnection(socket: Socket, session: SocketSession) {
    const { roomId, participant } = session;
    const channel = roomChannel(roomId);
    if (isTeacherRole(participant.role)) void socket.join(teacherChannel(roomId));
    emitTo(socket, 'surface_permissions', permissions.of(roomId));

    onEvent(socket, 'surface:sync', log, ({ surface, stateVector }) => {
      requireEnabled(roomId, surface);
      const lectureId = lectureOf(roomId);
      let reply;
      try {
        reply = docs.sync(lectureId, surface, stateVector);
      } catch (err) {
        if (err instanceof BadUpdateError) throw new HandlerError('BAD_REQUEST', err.message);
        throw err;
      }
      const cursors = docs.awarenessSnapshot(lectureId, surface);
      if (cursors) afterAck(() => emitTo(socket, 'surface_awareness', { surface, update: cursors }));
      return { ...reply, canEdit: permissions.canEdit(roomId, surface, participant) };
    });

    onEvent(socket, 'surface:update', log, ({ surface, update }) => {
      requireEnabled(roomId, surface);
      if (!permissions.canEdit(roomId, surface, participant)) {
        log.info({ roomId, participant: participant.id, surface }, 'refused: surface update without permission');
        throw new HandlerError('FORBIDDEN', surface === 'board' ? 'The teacher has not given you the pen.' : 'The teacher has not let you type here.');
      }
      try {
        docs.apply(lectureOf(roomId), surface, update);
      } catch (err) {
        if (err instanceof BadUpdateError) {
          log.info({ roomId, participant: participant.id, surface }, 'bad surface update');
          throw new HandlerError('BAD_REQUEST', err.message);
        }
        throw err;
      }
      // Acked once stored with the rest of its tick; broadcast after that (fanout.ts).
      return fanout.update(roomId, surface, socket.id, update).then(() => ({}));
    });

    onEvent(socket, 'surface:awareness', log, ({ surface, update }) => {
      requireEnabled(roomId, surface);
      // A live stroke is drawing: only with the pen, and only a well-formed one.
      if (surface === 'board') {
        const problem = checkLiveStrokes(update, permissions.canEdit(roomId, 'board', participant));
        if (problem === 'forbidden') throw new HandlerError('FORBIDDEN', 'The teacher has not given you the pen.');
        if (problem) throw new HandlerError('BAD_REQUEST', 'That cursor update is not valid.');
      }
      const changed = docs.applyAwareness(lectureOf(roomId), surface, socket.id, update);
      if (!changed) throw new HandlerError('BAD_REQUEST', 'That cursor update is not valid.');
      fanout.awareness(roomId, surface, socket.id, changed);
      return {};
    });

    onEvent(socket, 'surface:permission', log, ({ surface, permission }) => {
      const next = permissions.set(roomId, surface, permission);
      log.info({ roomId, surface, mode: permission.mode }, 'surface permission changed');
      afterAck(() => emitTo(io.to(channel), 'surface_permissions', next));
      return next;
    });

    onEvent(socket, 'files:list', log, () => ({ files: files.list(session) }));
  }

  function onDisconnect(socket: Socket, session: SocketSession) {
    for (const gone of docs.dropSocket(socket.id)) {
      emitTo(io.to(roomChannel(session.roomId)), 'surface_awareness', { surface: gone.surface, update: gone.update });
    }
  }

  return {
    name: 'surfaces',
    docs,
    onConnection,
    onDisconnect,
    onClassEnded(roomId) {
      fanout.flushRoom(roomId);
      docs.closeLecture(lectureOf(roomId));
      permissions.forget(roomId);
      lectureOfRoom.delete(roomId);
    },
    close() {
      fanout.close();
      docs.closeAll();
    },
  };
}
