/**
 * The handler pipeline every socket event goes through (house rule 3):
 * validate → (budget) → authorize → act → ack. Broadcasting is the handler's last step.
 *
 * Whatever a client sends — wrong types, no ack callback, a throwing handler — the host
 * answers with a typed error (when it can) and logs a line; it never crashes.
 *
 * Each student event spends a token from the socket's budget (server/security): a flood is
 * refused with RATE_LIMITED before the handler, so it never reaches the database or the
 * other sockets. Payloads that fail validation spend a separate budget (socket.io has already
 * paid for parsing them; the budget bounds our log lines and acks).
 */
import type { Socket } from 'socket.io';
import { z } from 'zod';
import {
  ERROR_MESSAGES,
  TEACHER_ONLY_EVENTS,
  CLIENT_EVENT_NAMES,
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
import { SocketLimiter } from '../security/tokenBucket';

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

const SLOW_DOWN_CHAT = 'You are sending messages too fast. Wait a moment, then send again.';
const SLOW_DOWN = 'Too many requests at once. Wait a moment and try again.';

/** The socket's budget: set by the handshake middleware with the host's limits. */
export function limiterOf(socket: Socket): SocketLimiter {
  return ((socket.data as { limiter?: SocketLimiter }).limiter ??= new SocketLimiter());
}

/** Log the first of a kind and then one in 100, so a flood cannot flood the log as well. */
function shouldLog(socket: Socket, kind: 'refused' | 'noAck'): boolean {
  const counts = ((socket.data as { logCounts?: Record<string, number> }).logCounts ??= {});
  counts[kind] = (counts[kind] ?? 0) + 1;
  return counts[kind] % 100 === 1;
}

type AnyHandler = Handler<ClientEventName>;

/**
 * Each socket's handlers, by event. A class of N students registers ~35 events per socket;
 * one wrapper closure (and its context) per event per socket was ~10 KB per student. Instead
 * the socket keeps a small table and every socket shares one listener per event name. The
 * logger is kept once per socket (every feature passes the host's), or per handler if a
 * feature passes another one.
 */
const routesOf = new WeakMap<Socket, (AnyHandler | undefined)[]>();
/** Slot of each event in a socket's table: a small array per socket (a Map cost ~2 KB). */
const slotOf = new Map<string, number>(CLIENT_EVENT_NAMES.map((e, i) => [e, i]));
const logOf = new WeakMap<Socket, Logger>();
const otherLogOf = new WeakMap<AnyHandler, Logger>();
const listeners = new Map<string, (this: Socket, ...args: unknown[]) => void>();

function listenerFor(event: ClientEventName) {
  let listener = listeners.get(event);
  if (!listener) {
    // socket.io calls listeners with `this` = the socket (Node's EventEmitter contract).
    const slot = slotOf.get(event)!;
    listener = function (this: Socket, ...args: unknown[]) {
      const handler = routesOf.get(this)?.[slot];
      if (!handler) return;
      const log = otherLogOf.get(handler) ?? logOf.get(this)!;
      void dispatch(this, event, handler, log, args);
    };
    listeners.set(event, listener);
  }
  return listener;
}

/**
 * Registers `handler` for `event` on this socket. One handler per event and socket: a second
 * registration is a programming error (two acks for one request) and throws.
 */
export function onEvent<E extends ClientEventName>(
  socket: Socket,
  event: E,
  log: Logger,
  handler: Handler<E>,
): void {
  let routes = routesOf.get(socket);
  if (!routes) {
    routesOf.set(socket, (routes = new Array<AnyHandler | undefined>(CLIENT_EVENT_NAMES.length)));
    logOf.set(socket, log);
  }
  const slot = slotOf.get(event);
  if (slot === undefined) throw new Error(`onEvent: ${event} is not a client event`);
  if (routes[slot]) throw new Error(`onEvent: ${event} is already handled on this socket`);
  const h = handler as unknown as AnyHandler;
  routes[slot] = h;
  if (logOf.get(socket) !== log) otherLogOf.set(h, log);
  socket.on(event as string, listenerFor(event));
}

async function dispatch(socket: Socket, event: ClientEventName, handler: AnyHandler, log: Logger, args: unknown[]) {
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
  if (!ack && shouldLog(socket, 'noAck')) log.warn({ event, socket: socket.id }, 'event without ack callback');
  if (!session) return reply(fail('UNAUTHORIZED', ERROR_MESSAGES.UNAUTHORIZED));
  const limiter = limiterOf(socket);
  const teacher = isTeacherRole(session.participant.role);

  const parsed = clientEvents[event].payload.safeParse(payload);
  if (!parsed.success) {
    // Bad payloads have their own budget: past it they are refused without a log line.
    if (!limiter.allowInvalid()) return reply(fail('RATE_LIMITED', SLOW_DOWN));
    log.info({ event, participant: session.participant.id, issues: parsed.error.issues.slice(0, 3) }, 'bad payload');
    return reply(fail('BAD_REQUEST', describeZodError(parsed.error)));
  }
  // The teacher is not throttled: they hold the host's keys anyway, and a class must never
  // lose the teacher's announcements or moderation to a budget. Students spend before the
  // role check, so spamming teacher-only events is throttled (and logged sparsely) too.
  if (!teacher && !limiter.allow(event)) {
    if (shouldLog(socket, 'refused')) log.warn({ event, participant: session.participant.id }, 'refused: rate limited');
    return reply(fail('RATE_LIMITED', event === 'chat:send' ? SLOW_DOWN_CHAT : SLOW_DOWN));
  }
  if (TEACHER_ONLY_EVENTS.includes(event) && !teacher) {
    log.info({ event, participant: session.participant.id }, 'refused: teacher only');
    return reply(fail('FORBIDDEN', ERROR_MESSAGES.FORBIDDEN));
  }
  try {
    const data = await handler(parsed.data as Payload<ClientEventName>, session);
    reply(ok(data));
  } catch (err) {
    if (err instanceof ServiceError) return reply(fail(err.code, err.message));
    log.error({ err, event }, 'handler failed');
    reply(fail('INTERNAL', ERROR_MESSAGES.INTERNAL));
  }
}
