/**
 * Chat read state: the highest seq each participant has read, stored, so an unread badge
 * survives reloads and is shared by a participant's tabs.
 */
import type { Socket } from 'socket.io';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import type { SocketSession } from '../socket/session';
import { participantChannel, type InteractionContext } from './context';

export function createReadState(ctx: InteractionContext) {
  return {
    sendState(socket: Socket, { participant }: SocketSession) {
      emitTo(socket, 'read_state', { lastReadSeq: ctx.istore.lastRead(participant.id) });
    },
    onConnection(socket: Socket, { participant }: SocketSession) {
      onEvent(socket, 'chat:read', ctx.log, ({ seq }) => {
        const lastReadSeq = ctx.istore.markRead(participant.id, seq);
        // The participant's other tabs clear their badge too.
        afterAck(() => emitTo(ctx.io.to(participantChannel(participant.id)).except(socket.id), 'read_state', { lastReadSeq }));
        return { lastReadSeq };
      });
    },
  };
}
