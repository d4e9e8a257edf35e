/**
 * Chat moderation by the teacher: delete a message (gone for everyone, kept in the archive as
 * deleted), mute a student in chat (they are told why), remove a student from the class.
 *
 * Removal revokes every session of that participant, so their token can never reconnect to
 * this lecture. We do not block their name: names are not identities here (two students may
 * share one, and a typo would lock a real student out), so a removed student can join again
 * by code as a new participant, visibly, and the teacher can remove them again. The log of
 * every action is stored with the lecture.
 */
import type { Socket } from 'socket.io';
import { ServiceError } from '../services/errors';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import {
  lectureIdOf,
  nowIso,
  participantChannel,
  participantInRoom,
  postSystemMessage,
  type InteractionContext,
} from './context';

export function createModeration(ctx: InteractionContext, hooks: { removed(roomId: string, participantId: string): void }) {
  const { istore } = ctx;

  return {
    sendState(socket: Socket, { roomId, participant }: SocketSession) {
      const mute = ctx.store.muteOf(participant.id);
      emitTo(socket, 'mute_state', { muted: mute !== undefined, reason: mute ?? '' });
      // Deletions made while this client was away: its copy of those messages must go too.
      for (const { id, seq } of ctx.store.deletedInRoom(roomId)) emitTo(socket, 'chat_deleted', { messageId: id, seq });
    },
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {
      const log = (action: 'delete' | 'mute' | 'unmute' | 'remove', targetId: string, detail = '') =>
        istore.logAction({ roomId, lectureId: lectureIdOf(ctx, roomId), actorId: participant.id, action, targetId, detail, at: nowIso(ctx) });

      onEvent(socket, 'message:delete', ctx.log, ({ messageId }) => {
        const seq = ctx.store.deleteMessage(messageId, roomId, participant.id, nowIso(ctx));
        if (seq === undefined) throw new ServiceError('NOT_FOUND', 'That message is not in this chat (or was already deleted).');
        log('delete', messageId);
        afterAck(() => emitTo(ctx.io.to(roomChannel(roomId)), 'chat_deleted', { messageId, seq }));
        return {};
      });

      onEvent(socket, 'chat:mute', ctx.log, ({ participantId, muted, reason }) => {
        const target = participantInRoom(ctx, roomId, participantId);
        if (target.role !== 'student') throw new ServiceError('FORBIDDEN', 'Only students can be muted.');
        const why = reason?.trim() ?? '';
        istore.setMute(target.id, muted ? why : null);
        log(muted ? 'mute' : 'unmute', target.id, why);
        afterAck(() => emitTo(ctx.io.to(participantChannel(target.id)), 'mute_state', { muted, reason: muted ? why : '' }));
        return {};
      });

      onEvent(socket, 'class:remove', ctx.log, ({ participantId }) => {
        const target = participantInRoom(ctx, roomId, participantId);
        if (target.role !== 'student') throw new ServiceError('FORBIDDEN', 'Only students can be removed.');
        if (istore.isRemoved(target.id)) return {};
        istore.remove(target.id, nowIso(ctx));
        log('remove', target.id);
        postSystemMessage(ctx, roomId, participant, `${target.name} was removed from the class.`);
        afterAck(() => {
          const channel = participantChannel(target.id);
          emitTo(ctx.io.to(channel), 'removed', { message: 'The teacher removed you from this class.' });
          ctx.io.in(channel).disconnectSockets(true);
          ctx.presence.leave(roomId, target.id);
          hooks.removed(roomId, target.id);
        });
        return {};
      });
    },
  };
}
