/**
 * Raw socket.io-client sockets and plain HTTP helpers for tests that must see exactly what
 * crosses the wire: every event a socket receives is recorded (socket.onAny), payloads are
 * sent without going through RoomConnection's typed API, and handshake refusals are surfaced.
 * Everything talks to the test host's loopback URL only.
 */
import { io, type Socket } from 'socket.io-client';
import { joinClass } from '../../shared/client';
import type { Host } from '../host';

export interface RecordedEvent {
  event: string;
  args: unknown[];
}

export interface RawClient {
  socket: Socket;
  /** Every event the host sent this socket, in arrival order. */
  events: RecordedEvent[];
  /** Events named `name`, first argument only. */
  payloads(name: string): unknown[];
  close(): void;
}

/** Resolves when `predicate` returns (or resolves to) a truthy value; polls every 10 ms. */
export async function waitUntil<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await predicate();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A socket that records everything it receives. Not connected until `.socket.connect()`. */
export function rawClient(url: string, auth: Record<string, unknown> | undefined): RawClient {
  const socket = io(url, {
    autoConnect: false,
    transports: ['websocket'],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  const events: RecordedEvent[] = [];
  socket.onAny((event: string, ...args: unknown[]) => events.push({ event, args }));
  return {
    socket,
    events,
    payloads: (name) => events.filter((e) => e.event === name).map((e) => e.args[0]),
    close: () => void socket.disconnect(),
  };
}

/** Connects with a session token and waits for the room snapshot and history. */
export async function connectRaw(url: string, token: string): Promise<RawClient> {
  const c = rawClient(url, { token });
  const refused = new Promise<never>((_, reject) =>
    c.socket.once('connect_error', (err) => reject(new Error(`refused: ${err.message}`))),
  );
  c.socket.connect();
  await Promise.race([
    refused,
    waitUntil(() => c.payloads('room_state').length && c.payloads('history').length, 5000, 'room_state+history'),
  ]);
  return c;
}

/** Attempts a handshake and resolves with how the host answered it. */
export function handshake(
  url: string,
  auth: Record<string, unknown> | undefined,
): Promise<{ connected: true } | { connected: false; message: string; data: unknown }> {
  const c = rawClient(url, auth);
  return new Promise((resolve) => {
    c.socket.once('connect', () => {
      c.close();
      resolve({ connected: true });
    });
    c.socket.once('connect_error', (err: Error & { data?: unknown }) => {
      c.close();
      resolve({ connected: false, message: err.message, data: err.data });
    });
    c.socket.connect();
  });
}

/** Joins `host`'s class (or `code`) over HTTP and connects a raw recording socket. */
export async function joinRaw(host: Pick<Host, 'url' | 'code'>, name: string, code = host.code!) {
  const res = await joinClass(host.url, { code, name });
  if (!res.ok) throw new Error(`join failed: ${res.error.code}`);
  const client = await connectRaw(host.url, res.data.token);
  return Object.assign(client, { token: res.data.token, participantId: res.data.participant.id });
}

/** emit with an ack and a timeout; resolves `'no-ack'` if the host never answers. */
export function emitAck(socket: Socket, event: string, args: unknown[], timeoutMs = 2000): Promise<unknown> {
  return socket
    .timeout(timeoutMs)
    .emitWithAck(event, ...args)
    .catch(() => 'no-ack' as const);
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** fetch against the host; parses JSON when the body is JSON. */
export async function http(url: string, init?: RequestInit): Promise<HttpReply> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
