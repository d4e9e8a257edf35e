/**
 * Every Socket.IO event, in both directions, with its payload schema. The host parses what
 * clients send with `clientEvents[name].payload`; clients parse what the host sends with
 * `serverEvents[name]`. Acks always use the Result shape (see ../result.ts).
 */
import { z } from 'zod';
import { ChatMessageSchema, ChatTextSchema, CodeLanguageSchema, ParticipantSchema, RoomSchema } from './domain';
import { ClassroomFeaturesSchema } from './lectures';
import { INTERACTION_TEACHER_ONLY_EVENTS, interactionClientEvents, interactionServerEvents } from './interaction';
import { SURFACES_TEACHER_ONLY_EVENTS, surfacesClientEvents, surfacesServerEvents } from './surfaces';
import { MEDIA_TEACHER_ONLY_EVENTS, mediaClientEvents, mediaServerEvents } from './media';
import { securityServerEvents } from './security';

/** A client-chosen id for a chat message, so a resend after a reconnect is not a duplicate. */
export const ClientMessageIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'Bad message id.' });

export const HISTORY_PAGE_MAX = 500;

// ---- client → host (each with an ack) ----

export const ChatSendSchema = z.strictObject({
  text: ChatTextSchema,
  clientId: ClientMessageIdSchema,
  /** A person sends text or code; only the host writes system messages. */
  type: z.enum(['text', 'code']).optional(),
  language: CodeLanguageSchema.optional(),
});
export type ChatSend = z.input<typeof ChatSendSchema>;

export const ChatHistoryRequestSchema = z.strictObject({
  afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
});
export type ChatHistoryRequest = z.infer<typeof ChatHistoryRequestSchema>;

export const EmptySchema = z.strictObject({});

export const HistoryPageSchema = z.object({
  messages: z.array(ChatMessageSchema),
  /** True when more messages follow the last one returned: ask again with its seq. */
  hasMore: z.boolean(),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

export const EndedSchema = z.object({ roomId: z.string(), endedAt: z.iso.datetime() });

/**
 * Client events: payload schema and the schema of the ack's `data`.
 * Teacher-only events are listed in `TEACHER_ONLY_EVENTS`.
 */
const coreClientEvents = {
  'chat:send': { payload: ChatSendSchema, reply: ChatMessageSchema },
  'chat:history': { payload: ChatHistoryRequestSchema, reply: HistoryPageSchema },
  'class:end': { payload: EmptySchema, reply: EndedSchema },
  'class:leave': { payload: EmptySchema, reply: z.object({}) },
} as const;

/** Every client event of every feature: the host registers and fuzz-tests from this map. */
export const clientEvents = {
  ...coreClientEvents,
  ...mediaClientEvents,
  ...interactionClientEvents,
  ...surfacesClientEvents,
} as const;
export type ClientEventName = keyof typeof clientEvents;
export const CLIENT_EVENT_NAMES = Object.keys(clientEvents) as ClientEventName[];

export const TEACHER_ONLY_EVENTS: readonly ClientEventName[] = [
  'class:end',
  ...MEDIA_TEACHER_ONLY_EVENTS,
  ...INTERACTION_TEACHER_ONLY_EVENTS,
  ...SURFACES_TEACHER_ONLY_EVENTS,
];

export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
export type ClientReply<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['reply']>;

// ---- host → client ----

export const RoomStateSchema = z.object({
  room: RoomSchema,
  participants: z.array(ParticipantSchema),
  you: ParticipantSchema,
  /** The classroom's feature toggles: the UI hides what is off; the host refuses it. */
  features: ClassroomFeaturesSchema,
});
export type RoomState = z.infer<typeof RoomStateSchema>;

/**
 * After room_state (the full list), the host sends one delta per change: the participant who
 * joined (their first socket connected) or left (Leave, removal, or the grace period after
 * their last socket dropped). Both carry the whole participant, so a client can apply them
 * idempotently (a joined for someone already listed replaces them).
 */
export const ParticipantDeltaSchema = z.object({ participant: ParticipantSchema });
export type ParticipantDelta = z.infer<typeof ParticipantDeltaSchema>;

export const ClassEndedSchema = z.object({
  roomId: z.string(),
  endedAt: z.iso.datetime(),
  message: z.string(),
});
export type ClassEnded = z.infer<typeof ClassEndedSchema>;

export const serverEvents = {
  room_state: RoomStateSchema,
  history: HistoryPageSchema,
  participant_joined: ParticipantDeltaSchema,
  participant_left: ParticipantDeltaSchema,
  chat_message: ChatMessageSchema,
  class_ended: ClassEndedSchema,
  /** The room changed while live (a new code after code guessing). */
  room_updated: RoomSchema,
  ...mediaServerEvents,
  ...interactionServerEvents,
  ...surfacesServerEvents,
  ...securityServerEvents,
} as const;
export type ServerEventName = keyof typeof serverEvents;
export type ServerPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;

// ---- handshake ----

/**
 * What a socket sends in `auth` on every (re)connect. `token` is a session token from
 * POST /api/join or /api/teacher/session. `lastSeq` is the highest chat seq the client has;
 * the host sends history after it, so a reconnect fills the gap without duplicates.
 */
export const HandshakeAuthSchema = z.object({
  token: z.string().min(16).max(128),
  lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;
