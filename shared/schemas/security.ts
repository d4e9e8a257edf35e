/**
 * Security events and routes: the code-guessing warning sent to the teacher's sockets, and
 * POST /api/rooms/rotate-code (teacher only) that gives live classes fresh codes.
 */
import { z } from 'zod';
import { RoomSchema } from './domain';

export const SecurityWarningSchema = z.object({
  kind: z.literal('code-guessing'),
  /** Person-readable: what happened and what to do. */
  message: z.string(),
  at: z.iso.datetime(),
});
export type SecurityWarning = z.infer<typeof SecurityWarningSchema>;

export const RotateCodeRequestSchema = z.strictObject({
  /** Rotate this live class only; without it, every live class gets a new code. */
  roomId: z.string().min(1).max(64).optional(),
});
export type RotateCodeRequest = z.input<typeof RotateCodeRequestSchema>;

export const RotateCodeReplySchema = z.object({ rooms: z.array(RoomSchema) });
export type RotateCodeReply = z.infer<typeof RotateCodeReplySchema>;

export const SECURITY_API = { rotateCode: '/api/rooms/rotate-code' } as const;

export const securityServerEvents = {
  security_warning: SecurityWarningSchema,
} as const satisfies Record<string, z.ZodType>;
