/**
 * Chat: storing a message with the room's next seq, deduplicating resends by the sender's
 * client id, and paging history.
 */
import type { ChatMessage, HistoryPage, MessageType, Participant } from '../../shared';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { ServiceError } from './errors';
import { newId } from './tokens';

export function createChatService(store: Store, clock: Clock) {
  return {
    /**
     * Stores the message. If this sender already sent this clientId (a retry after a lost
     * ack), returns the stored message with `duplicate: true` and stores nothing.
     */
    send(
      roomId: string,
      sender: Participant,
      text: string,
      clientId: string,
      kind: { type?: MessageType; language?: string } = {},
    ) {
      const existing = store.messageByClientId(sender.id, clientId);
      if (existing) return { message: existing, duplicate: true };
      const muted = kind.type === 'system' ? undefined : store.muteOf(sender.id);
      if (muted !== undefined) {
        throw new ServiceError('FORBIDDEN', `The teacher muted you in chat${muted ? `: ${muted}` : '.'}`);
      }
      const type = kind.type ?? 'text';
      const message: Omit<ChatMessage, 'seq'> = {
        id: newId(),
        roomId,
        sender,
        text,
        sentAt: clock.now().toISOString(),
        type,
        language: type === 'code' ? (kind.language ?? null) : null,
        deleted: false,
      };
      const seq = store.insertMessage({ ...message, senderId: sender.id, clientId });
      return { message: { ...message, seq } as ChatMessage, duplicate: false };
    },
    /** Messages with seq > afterSeq, oldest first, at most `limit`. */
    after(roomId: string, afterSeq: number, limit: number): HistoryPage {
      const rows = store.messagesAfter(roomId, afterSeq, limit + 1);
      return { messages: rows.slice(0, limit), hasMore: rows.length > limit };
    },
    /** The newest `limit` messages, oldest first (a first join). */
    latest(roomId: string, limit: number): HistoryPage {
      return { messages: store.lastMessages(roomId, limit), hasMore: false };
    },
  };
}
export type ChatService = ReturnType<typeof createChatService>;
