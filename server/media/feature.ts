/**
 * The media feature: signalling, permissions and stream events for live media, on top of an
 * Sfu (see ./sfu). Identity always comes from the socket's session, never from a payload.
 */
import type { Server, Socket } from 'socket.io';
import type { Participant } from '../../shared';
import type { MediaSource } from '../../shared/schemas/media';
import type { Logger } from '../log';
import { type ClassroomFeature, emitTo } from '../socket/classroom';
import { HandlerError, afterAck, onEvent } from '../socket/reply';
import type { SocketSession } from '../socket/session';
import { NOTHING_ON_AIR, RoomMedia } from './roomMedia';
import { BadSdpError, SfuUnavailableError, UnknownLegError, type Sfu, type SfuEvents } from './sfu';

export interface MediaFeatureDeps {
  io: Server;
  log: Logger;
  /** Builds the SFU, given the events it should report. */
  createSfu(events: SfuEvents): Sfu;
}

const NOT_ON_STAGE = 'Only the teacher, or the student the teacher gave the stage to, can share.';

/** The SFU's worker crashed mid-request: a typed reply; the client's retry asks again. */
function unavailable(err: unknown): never {
  if (err instanceof SfuUnavailableError) throw new HandlerError('INTERNAL', err.message);
  throw err;
}

export function createMediaFeature({ log, createSfu }: MediaFeatureDeps): ClassroomFeature & { sfu: Sfu } {
  const rooms = new Map<string, RoomMedia>();
  /** Live sockets per room: media_state is per socket (it names the connection). */
  const sockets = new Map<string, Map<string, Socket>>();

  const sfu = createSfu({
    onPublisherState(roomId, socketId, state) {
      if (state === 'failed' || state === 'closed') stopPublisher(roomId, socketId, `publisher connection ${state}`);
    },
    onViewerState(roomId, viewerId, state) {
      if (state !== 'failed') return;
      log.info({ roomId, viewerId }, 'media: viewer connection failed; asking the viewer for a new one');
      // A viewer id is its socket id: tell that socket so it renews its leg at once.
      const socket = sockets.get(roomId)?.get(viewerId);
      if (socket) emitTo(socket, 'media_leg_failed', {});
    },
  });

  /** For SFU calls nobody waits on (stopping, dropping): log a failure, never leave it unhandled. */
  const inBackground = (p: Promise<unknown>, what: string) =>
    void p.catch((err: unknown) => log.warn({ err, what }, 'media: SFU request failed'));

  const roomOf = (roomId: string) => {
    let r = rooms.get(roomId);
    if (!r) rooms.set(roomId, (r = new RoomMedia()));
    return r;
  };

  function broadcastState(roomId: string) {
    const r = roomOf(roomId);
    for (const s of sockets.get(roomId)?.values() ?? []) emitTo(s, 'media_state', r.snapshot(s.id));
  }

  function announce(roomId: string, event: 'stream_started' | 'stream_stopped', who: Participant, list: MediaSource[]) {
    const r = roomOf(roomId);
    for (const source of list) {
      const payload = { participantId: who.id, name: who.name, source, quality: r.quality };
      for (const s of sockets.get(roomId)?.values() ?? []) emitTo(s, event, payload);
      log.info({ roomId, participant: who.id, source, quality: r.quality }, `media: ${event}`);
    }
  }

  /** Ends the current publication (if it is `socketId`'s, when given) and tells everyone. */
  function stopPublisher(roomId: string, socketId: string | undefined, reason: string) {
    const r = rooms.get(roomId);
    const p = r?.publisher;
    if (!r || !p || (socketId && p.socketId !== socketId)) return;
    r.publisher = null;
    const { stopped } = r.setSources(NOTHING_ON_AIR);
    inBackground(sfu.unpublish(roomId, p.socketId), 'unpublish');
    log.info({ roomId, participant: p.participant.id, reason }, 'media: publisher stopped');
    announce(roomId, 'stream_stopped', p.participant, stopped);
    broadcastState(roomId);
  }

  function requirePublisher(r: RoomMedia, socket: Socket, session: SocketSession) {
    if (r.isPublisherSocket(socket.id)) return;
    log.info({ roomId: session.roomId, participant: session.participant.id }, 'media: refused, not the publisher');
    throw new HandlerError('FORBIDDEN', NOT_ON_STAGE);
  }

  function onConnection(socket: Socket, session: SocketSession) {
    const { roomId, participant } = session;
    const r = roomOf(roomId);
    let roomSockets = sockets.get(roomId);
    if (!roomSockets) sockets.set(roomId, (roomSockets = new Map()));
    roomSockets.set(socket.id, socket);
    emitTo(socket, 'media_state', r.snapshot(socket.id));

    onEvent(socket, 'media:publish', log, async ({ sdp, sources, quality }) => {
      if (!r.mayPublish(participant)) {
        log.info({ roomId, participant: participant.id }, 'media: publish refused, no stage');
        throw new HandlerError('FORBIDDEN', NOT_ON_STAGE);
      }
      // One publication per class: a new one (a re-share, a reload) replaces the old.
      if (r.publisher) stopPublisher(roomId, undefined, 'replaced');
      let answerSdp: string;
      try {
        ({ answerSdp } = await sfu.publish({ roomId, publisherViewerId: socket.id, offerSdp: sdp, quality }));
      } catch (err) {
        if (err instanceof BadSdpError) throw new HandlerError('BAD_REQUEST', 'That media offer could not be used.');
        unavailable(err);
      }
      // The stage may have changed hands, or the socket gone, while we negotiated.
      if (!r.mayPublish(participant) || !socket.connected) {
        inBackground(sfu.unpublish(roomId, socket.id), 'unpublish');
        throw new HandlerError('FORBIDDEN', NOT_ON_STAGE);
      }
      r.publisher = { participant, socketId: socket.id };
      r.quality = quality;
      const { started } = r.setSources(sources);
      afterAck(() => {
        announce(roomId, 'stream_started', participant, started);
        broadcastState(roomId);
      });
      return { sdp: answerSdp };
    });

    onEvent(socket, 'media:update', log, ({ sources, quality }) => {
      requirePublisher(r, socket, session);
      const qualityChanged = r.quality !== quality;
      r.quality = quality;
      if (qualityChanged) sfu.setQuality(roomId, quality);
      const { started, stopped } = r.setSources(sources);
      // A camera or screen coming back needs a keyframe for everyone at once.
      if (started.length) sfu.requestKeyframe(roomId);
      afterAck(() => {
        announce(roomId, 'stream_stopped', participant, stopped);
        announce(roomId, 'stream_started', participant, started);
        broadcastState(roomId);
      });
      return r.snapshot(socket.id);
    });

    onEvent(socket, 'media:unpublish', log, () => {
      requirePublisher(r, socket, session);
      afterAck(() => stopPublisher(roomId, socket.id, 'stopped by publisher'));
      return {};
    });

    onEvent(socket, 'media:subscribe', log, async () => {
      const { legId, offerSdp } = await sfu.subscribe(roomId, socket.id).catch(unavailable);
      return { legId, sdp: offerSdp, state: r.snapshot(socket.id) };
    });

    onEvent(socket, 'media:answer', log, async ({ legId, sdp }) => {
      try {
        await sfu.answer(roomId, socket.id, legId, sdp);
      } catch (err) {
        if (err instanceof UnknownLegError) throw new HandlerError('NOT_FOUND', err.message);
        if (err instanceof BadSdpError) {
          log.info({ roomId, participant: participant.id, err: err.message }, 'media: bad viewer answer');
          throw new HandlerError('BAD_REQUEST', 'That media answer could not be used.');
        }
        unavailable(err);
      }
      return {};
    });

    // Teacher only (MEDIA_TEACHER_ONLY_EVENTS): the pipeline has refused students already.
    onEvent(socket, 'media:stage', log, ({ participantId }) => {
      if (participantId !== null) {
        const target = [...(sockets.get(roomId)?.values() ?? [])]
          .map((s) => (s.data.session as SocketSession).participant)
          .find((p) => p.id === participantId);
        if (!target || target.role !== 'student') {
          throw new HandlerError('NOT_FOUND', 'That student is not in class right now.');
        }
      }
      if (r.stageHolderId === participantId) return r.snapshot(socket.id);
      r.stageHolderId = participantId;
      log.info({ roomId, holder: participantId ?? 'teacher' }, 'media: stage handed over');
      // Whoever was on air loses the stage with it.
      const current = r.publisher;
      afterAck(() => {
        if (current && !r.mayPublish(current.participant)) stopPublisher(roomId, current.socketId, 'stage handed over');
        else broadcastState(roomId);
      });
      return r.snapshot(socket.id);
    });

    onEvent(socket, 'media:link', log, ({ level }) => {
      if (r.links.get(participant.id) !== level) {
        r.links.set(participant.id, level);
        afterAck(() => broadcastState(roomId));
      }
      return {};
    });
  }

  return {
    name: 'media',
    sfu,
    onConnection,
    onDisconnect(socket, session) {
      const { roomId } = session;
      sockets.get(roomId)?.delete(socket.id);
      inBackground(sfu.dropViewer(roomId, socket.id), 'dropViewer');
      stopPublisher(roomId, socket.id, 'publisher disconnected');
      const r = rooms.get(roomId);
      const stillHere = [...(sockets.get(roomId)?.values() ?? [])].some(
        (s) => (s.data.session as SocketSession).participant.id === session.participant.id,
      );
      if (r && !stillHere && r.links.delete(session.participant.id)) broadcastState(roomId);
    },
    onClassEnded(roomId) {
      rooms.delete(roomId);
      sockets.delete(roomId);
      inBackground(sfu.closeRoom(roomId), 'closeRoom');
    },
    async close() {
      await sfu.close();
    },
  };
}
