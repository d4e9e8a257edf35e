/**
 * Typing indicators: who is typing in each room. Clients send `typing` debounced; an entry
 * expires on its own, and is cleared when its author stops, leaves or is removed. The host
 * sends the list as a volatile event: a stale "is typing" is worth nothing, so none queue up.
 */
import type { Socket } from 'socket.io';
import { emitTo } from '../socket/classroom';
import { onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import type { InteractionContext } from './context';

export const TYPING_EXPIRES_MS = 6_000;

interface Typist {
  name: string;
  timer: NodeJS.Timeout;
}

export function createTyping(ctx: InteractionContext) {
  const rooms = new Map<string, Map<string, Typist>>();

  function broadcast(roomId: string) {
    const typists = [...(rooms.get(roomId)?.entries() ?? [])].map(([id, t]) => ({ id, name: t.name }));
    emitTo(ctx.io.volatile.to(roomChannel(roomId)), 'typing_state', { typists });
  }

  function stop(roomId: string, participantId: string) {
    const room = rooms.get(roomId);
    const t = room?.get(participantId);
    if (!room || !t) return;
    clearTimeout(t.timer);
    room.delete(participantId);
    if (room.size === 0) rooms.delete(roomId);
    broadcast(roomId);
  }

  function start(roomId: string, participantId: string, name: string) {
    let room = rooms.get(roomId);
    if (!room) rooms.set(roomId, (room = new Map()));
    const existing = room.get(participantId);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => stop(roomId, participantId), TYPING_EXPIRES_MS);
    timer.unref?.();
    room.set(participantId, { name, timer });
    if (!existing) broadcast(roomId);
  }

  return {
    stop,
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {
      onEvent(socket, 'typing', ctx.log, ({ typing }) => {
        // A student muted in chat cannot send, so they are not shown as typing either.
        if (typing && ctx.store.muteOf(participant.id) === undefined) start(roomId, participant.id, participant.name);
        else stop(roomId, participant.id);
        return {};
      });
    },
    onDisconnect(_socket: Socket, { roomId, participant }: SocketSession) {
      stop(roomId, participant.id);
    },
    onClassEnded(roomId: string) {
      for (const t of rooms.get(roomId)?.values() ?? []) clearTimeout(t.timer);
      rooms.delete(roomId);
    },
    close() {
      for (const room of rooms.values()) for (const t of room.values()) clearTimeout(t.timer);
      rooms.clear();
    },
  };
}
