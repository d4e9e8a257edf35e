/**
 * The handler pipeline every socket event goes through (house rule 3):
 * validate → authorize → act → ack. Broadcasting is the handler's last step.
 *
 * Whatever a client sends — wrong types, no ack callback, a throwing handler — the host
 * answers with a typed error (when it can) and logs a line; it never crashes.
 */
import type { Socket } from 'socket.io';
import { z } from 'zod';
import {
  ERROR_MESSAGES,
  TEACHER_ONLY_EVENTS,
  clientEvents,
  fail,
  ok,
  type AppError,
  type ClientEventName,
  type Result,
} from '../../shared';
import type { Logger } from '../log';
import { isTeacherRole } from '../services/sessions';
import type { SocketSession } from './session';
import { ServiceError } from '../services/errors';

/** A refusal from a handler; the same class services throw, so both reach the ack as typed errors. */
export { ServiceError as HandlerError } from '../services/errors';

type Payload<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;
type Reply<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['reply']>;

export type Handler<E extends ClientEventName> = (
  payload: Payload<E>,
  session: SocketSession,
) => Reply<E> | Promise<Reply<E>>;

/** Runs `fn` after the current ack has gone out: handlers broadcast through this. */
export function afterAck(fn: () => void): void {
  setImmediate(fn);
}

export function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return ERROR_MESSAGES.BAD_REQUEST;
  // Our schemas carry person-readable messages; zod's own defaults are prefixed with the field.
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  return first.code === 'custom' || first.message.match(/^[A-Z]/) ? first.message : `${where}${first.message}`;
}

export function onEvent<E extends ClientEventName>(
  socket: Socket,
  event: E,
  log: Logger,
  handler: Handler<E>,
): void {
  socket.on(event as string, async (...args: unknown[]) => {
    const maybeAck = args.at(-1);
    const ack = typeof maybeAck === 'function' ? (maybeAck as (r: Result<unknown>) => void) : undefined;
    // With an ack, the payload is every argument before it; we accept exactly one.
    const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
    const session = socket.data.session as SocketSession | undefined;
    const reply = (r: Result<unknown>) => {
      try {
        ack?.(r);
      } catch (err) {
        log.warn({ err, event }, 'ack failed');
      }
    };
    if (!ack) log.warn({ event, socket: socket.id }, 'event without ack callback');
    if (!session) return reply(fail('UNAUTHORIZED', ERROR_MESSAGES.UNAUTHORIZED));

    const parsed = clientEvents[event].payload.safeParse(payload);
    if (!parsed.success) {
      log.info({ event, participant: session.participant.id, issues: parsed.error.issues.slice(0, 3) }, 'bad payload');
      return reply(fail('BAD_REQUEST', describeZodError(parsed.error)));
    }
    if (TEACHER_ONLY_EVENTS.includes(event) && !isTeacherRole(session.participant.role)) {
      log.info({ event, participant: session.participant.id }, 'refused: teacher only');
      return reply(fail('FORBIDDEN', ERROR_MESSAGES.FORBIDDEN));
    }
    try {
      const data = await handler(parsed.data as Payload<E>, session);
      reply(ok(data));
    } catch (err) {
      if (err instanceof ServiceError) return reply(fail(err.code, err.message));
      log.error({ err, event }, 'handler failed');
      reply(fail('INTERNAL', ERROR_MESSAGES.INTERNAL));
    }
  });
}
