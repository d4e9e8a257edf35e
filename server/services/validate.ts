import type { z } from 'zod';
import { ServiceError } from './errors';

/** Parses service input with its shared schema; a failure is a BAD_REQUEST a person can act on. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
  throw new ServiceError('BAD_REQUEST', first ? `${/^[A-Z]/.test(first.message) ? '' : where}${first.message}` : 'Invalid input.');
}
