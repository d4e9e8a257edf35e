/**
 * The classroom's socket events: what happens on connect, chat, leaving and ending a class.
 */
import type { Server, Socket } from 'socket.io';
import { type ClassroomFeatures, type Participant, type ServerEventName, type ServerPayload } from '../../shared';
import type { Logger } from '../log';
import type { Clock } from '../services/clock';
import type { ChatService } from '../services/chat';
import type { Presence } from '../services/presence';
import type { RoomService } from '../services/rooms';
import type { Store } from '../store/store';
import { HandlerError, afterAck, onEvent } from './reply';
import { roomChannel, type SocketSession } from './session';

/**
 * A feature plugs into the classroom here (media, polls, whiteboard…): it registers its own
 * socket events per connection and drops its live state when a class ends.
 */
export interface ClassroomFeature {
  readonly name: string;
  /** Register this feature's events for a connected participant; send them current state. */
  onConnection(socket: Socket, session: SocketSession): void;
  /** The participant's socket went away. */
  onDisconnect?(socket: Socket, session: SocketSession): void;
  /** The class ended: clear this feature's live state for the room (seed 004 #1). */
  onClassEnded?(roomId: string): void;
  close?(): void | Promise<void>;
}

export interface ClassroomDeps {
  io: Server;
  store: Store;
  rooms: RoomService;
  chat: ChatService;
  presence: Presence;
  log: Logger;
  historyLimit: number;
  clock: Clock;
  features?: readonly ClassroomFeature[];
  /** Attendance: a live room's open stretches close when the class ends. */
  onRoomClosed?(roomId: string): void;
  /** The classroom's feature toggles for a room. */
  roomFeatures(roomId: string): ClassroomFeatures;
  /** The teacher asked to end the class: complete its lecture and close the room. */
  endRequested(roomId: string): { roomId: string; endedAt: string };
}

/** Typed emit helpers so every server event matches its shared schema at compile time. */
export function emitTo<E extends ServerEventName>(target: { emit(ev: string, p: unknown): unknown }, event: E, payload: ServerPayload<E>) {
  target.emit(event, payload);
}

export function createClassroom(deps: ClassroomDeps) {
  const { io, rooms, chat, presence, log } = deps;
  const features = deps.features ?? [];

  /**
   * Presence changes go out as deltas: a new socket gets the whole list once in room_state,
   * everyone else one small event per arrival or departure (a full list to everyone per
   * change cost O(N²) bytes per join burst: 318 MB for a class of 200).
   */
  function participantJoined(roomId: string, participant: Participant) {
    emitTo(io.to(roomChannel(roomId)), 'participant_joined', { participant });
  }
  function participantLeft(roomId: string, participant: Participant) {
    emitTo(io.to(roomChannel(roomId)), 'participant_left', { participant });
  }

  /**
   * Ends a class: record it (sessions revoked), then, after the ack, tell everyone,
   * disconnect them and clear the live state (seed 004 #1). Chat stays in the database.
   */
  function endClass(roomId: string, message = 'The teacher ended the class.') {
    const { ended, endedAt } = rooms.end(roomId);
    if (!ended) throw new HandlerError('ROOM_ENDED');
    deps.onRoomClosed?.(roomId);
    afterAck(() => {
      const channel = roomChannel(roomId);
      emitTo(io.to(channel), 'class_ended', { roomId, endedAt, message });
      presence.clear(roomId);
      for (const f of features) f.onClassEnded?.(roomId);
      io.in(channel).disconnectSockets(false);
      log.info({ roomId }, 'class ended');
    });
    return { roomId, endedAt };
  }

  function sendHistory(socket: Socket, session: SocketSession) {
    const page =
      session.lastSeq === undefined
        ? chat.latest(session.roomId, deps.historyLimit)
        : chat.after(session.roomId, session.lastSeq, deps.historyLimit);
    emitTo(socket, 'history', page);
  }

  function onConnection(socket: Socket) {
    const session = socket.data.session as SocketSession;
    const { roomId, participant } = session;
    const room = rooms.byId(roomId)!;
    // Present before joining the channel: the others hear participant_joined, this socket
    // gets the list (with itself) in room_state just below.
    presence.connect(roomId, participant, socket.id);
    void socket.join(roomChannel(roomId));
    // Snapshot first (no messages in it: seed 004 #2), then the history the client lacks.
    emitTo(socket, 'room_state', {
      room,
      participants: presence.list(roomId),
      you: participant,
      features: deps.roomFeatures(roomId),
    });
    sendHistory(socket, session);

    onEvent(socket, 'chat:send', log, ({ text, clientId, type, language }) => {
      if (!deps.roomFeatures(roomId).chat) throw new HandlerError('FEATURE_DISABLED', 'Chat is turned off in this classroom.');
      const { message, duplicate } = chat.send(roomId, participant, text, clientId, { type, language });
      // A resend of a stored message is acked again but not re-broadcast.
      if (!duplicate) afterAck(() => emitTo(io.to(roomChannel(roomId)), 'chat_message', message));
      return message;
    });

    onEvent(socket, 'chat:history', log, ({ afterSeq, limit }) =>
      chat.after(roomId, afterSeq, Math.min(limit ?? deps.historyLimit, 500)),
    );

    onEvent(socket, 'class:end', log, () => deps.endRequested(roomId));

    onEvent(socket, 'class:leave', log, () => {
      deps.store.markLeft(participant.id, deps.clock.now().toISOString());
      afterAck(() => {
        presence.leave(roomId, participant.id);
        socket.disconnect(true);
      });
      return {};
    });

    for (const f of features) f.onConnection(socket, session);

    socket.on('disconnect', (reason) => {
      log.debug({ roomId, participant: participant.id, reason }, 'socket disconnected');
      presence.disconnect(roomId, participant.id, socket.id);
      for (const f of features) f.onDisconnect?.(socket, session);
    });
  }

  return { onConnection, participantJoined, participantLeft, endClass };
}
export type Classroom = ReturnType<typeof createClassroom>;
