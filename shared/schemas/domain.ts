/**
 * Domain objects as they travel on the wire. The host builds them; clients parse them.
 */
import { z } from 'zod';
import { normalizeChatText, normalizeName } from '../text';
import { isValidRoomCode, normalizeRoomCode } from '../roomCode';

export const ROLES = ['teacher', 'student', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const NAME_MAX = 40;
export const CHAT_TEXT_MAX = 2000;

/** A person's display name as typed: normalised, then 1–40 characters. */
export const NameSchema = z
  .string({ error: 'Type your name.' })
  .max(400, { error: 'That name is far too long.' })
  .transform(normalizeName)
  .pipe(
    z
      .string()
      .min(1, { error: 'Type your name.' })
      .max(NAME_MAX, { error: `Names can be at most ${NAME_MAX} characters.` }),
  );

/** A room code as typed by a person: forgiving on input, canonical on output. */
export const RoomCodeSchema = z
  .string({ error: 'Type the room code.' })
  .max(40, { error: 'That is not a room code.' })
  .refine(isValidRoomCode, {
    error: 'Room codes are 6 letters and digits, like ABC-123.',
  })
  .transform(normalizeRoomCode);

/** Chat text: trimmed, 1–2000 characters after normalisation. */
export const ChatTextSchema = z
  .string({ error: 'Type a message.' })
  .max(CHAT_TEXT_MAX * 4, { error: `Messages can be at most ${CHAT_TEXT_MAX} characters.` })
  .transform(normalizeChatText)
  .pipe(
    z
      .string()
      .min(1, { error: 'Type a message.' })
      .max(CHAT_TEXT_MAX, { error: `Messages can be at most ${CHAT_TEXT_MAX} characters.` }),
  );

const IsoDate = z.iso.datetime();
const Id = z.string().min(1).max(64);

export const ParticipantSchema = z.object({
  id: Id,
  name: z.string(),
  role: RoleSchema,
  joinedAt: IsoDate,
});
export type Participant = z.infer<typeof ParticipantSchema>;

/**
 * The order every participant list is shown in: teachers first, then students by arrival
 * (ties by id, so host and clients agree). The host sends the list once (room_state) and then
 * deltas; clients keep it in this order themselves.
 */
export function compareParticipants(a: Participant, b: Participant): number {
  const rank = (p: Participant) => (p.role === 'student' ? 1 : 0);
  return rank(a) - rank(b) || a.joinedAt.localeCompare(b.joinedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
export function sortParticipants<P extends Participant>(list: P[]): P[] {
  return list.sort(compareParticipants);
}

export const ROOM_STATUSES = ['live', 'ended'] as const;
export const RoomSchema = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  status: z.enum(ROOM_STATUSES),
  startedAt: IsoDate,
  endedAt: IsoDate.nullable(),
});
export type Room = z.infer<typeof RoomSchema>;

/** text: what a person typed; code: shown monospace with a language tag; system: said by the host (poll opened…). */
export const MESSAGE_TYPES = ['text', 'code', 'system'] as const;
export const MessageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof MessageTypeSchema>;
/** A code message's language tag, e.g. "python" or "c++". */
export const CodeLanguageSchema = z.string().regex(/^[A-Za-z0-9+#._-]{1,20}$/, { error: 'Bad language tag.' });

export const ChatMessageSchema = z.object({
  id: Id,
  roomId: Id,
  seq: z.number().int().positive(),
  sender: ParticipantSchema,
  /** Empty once the teacher deleted the message (the archive keeps it, marked deleted). */
  text: z.string(),
  sentAt: IsoDate,
  type: MessageTypeSchema,
  language: z.string().nullable(),
  deleted: z.boolean(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
