/**
 * HTTP API bodies. Joining happens over HTTP so that every socket arrives with a token and
 * the handshake can refuse anyone without one.
 */
import { z } from 'zod';
import { APP_VERSION } from '../version';
import { NameSchema, ParticipantSchema, RoomCodeSchema, RoomSchema } from './domain';

export const JoinRequestSchema = z.strictObject({
  code: RoomCodeSchema,
  name: NameSchema,
});
export type JoinRequest = z.input<typeof JoinRequestSchema>;

/** A session in a room: the token to put in the socket's handshake `auth`. */
export const SessionSchema = z.object({
  token: z.string(),
  participant: ParticipantSchema,
  room: RoomSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const TeacherSessionRequestSchema = z.strictObject({
  /** Open a new class instead of re-entering the live one. */
  newClass: z.boolean().optional(),
  /** Enter this lecture's live class (after Start lecture). */
  lectureId: z.string().min(1).max(64).optional(),
  name: z.string().max(80).optional(),
});

export const HostInfoSchema = z.object({
  code: z.string().nullable(),
  studentUrls: z.array(z.string()),
  version: z.string(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;

export const TeacherSessionSchema = SessionSchema.extend({ host: HostInfoSchema });
export type TeacherSession = z.infer<typeof TeacherSessionSchema>;

export const HealthSchema = z.object({
  status: z.literal('ok'),
  uptime: z.number(),
  rooms: z.number().int(),
  connections: z.number().int(),
  version: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;

export const API = {
  health: '/health',
  join: '/api/join',
  teacherSession: '/api/teacher/session',
} as const;

export { APP_VERSION };
