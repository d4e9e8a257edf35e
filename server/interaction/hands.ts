/**
 * Raise hand: a live queue per room, oldest hand first. Live state only (cleared when the
 * class ends); the count of hands raised is kept in attendance.
 */
import type { Socket } from 'socket.io';
import type { RaisedHand } from '../../shared/schemas/interaction';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import { nowIso, studentsOnly, type InteractionContext } from './context';

export function createHands(ctx: InteractionContext) {
  /** roomId → participantId → hand; a Map keeps insertion order, which is the queue order. */
  const rooms = new Map<string, Map<string, RaisedHand>>();

  const queue = (roomId: string) => [...(rooms.get(roomId)?.values() ?? [])];
  const broadcast = (roomId: string) =>
    afterAck(() => emitTo(ctx.io.to(roomChannel(roomId)), 'hands', { hands: queue(roomId) }));

  function lower(roomId: string, participantId?: string) {
    const hands = rooms.get(roomId);
    if (!hands) return;
    if (participantId === undefined) hands.clear();
    else if (!hands.delete(participantId)) return;
    broadcast(roomId);
  }

  return {
    lower,
    sendState: (socket: Socket, { roomId }: SocketSession) => emitTo(socket, 'hands', { hands: queue(roomId) }),
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {

      onEvent(socket, 'hand:raise', ctx.log, () => {
        studentsOnly(participant, 'raise hands');
        let hands = rooms.get(roomId);
        if (!hands) rooms.set(roomId, (hands = new Map()));
        if (!hands.has(participant.id)) {
          hands.set(participant.id, { participantId: participant.id, name: participant.name, raisedAt: nowIso(ctx) });
          ctx.domain.attendance.handRaised(participant.id);
          broadcast(roomId);
        }
        return {};
      });
      onEvent(socket, 'hand:lower', ctx.log, () => (lower(roomId, participant.id), {}));
      onEvent(socket, 'hand:dismiss', ctx.log, ({ participantId }) => (lower(roomId, participantId), {}));
    },
    onClassEnded: (roomId: string) => void rooms.delete(roomId),
  };
}
