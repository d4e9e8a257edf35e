/**
 * The one reply shape for every ack, HTTP response and IPC call (house rule 2):
 * `{ ok: true, data } | { ok: false, error: { code, message } }`.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';

export interface AppError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}

export const AppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

/** Schema for a reply whose success payload is `data`. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: AppErrorSchema }),
  ]);
}
