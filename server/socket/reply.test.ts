/**
 * onEvent's shared dispatcher: handlers are per socket (never another socket's), one per
 * event, and each runs with the logger it was registered with. Real socket.io server and
 * client on 127.0.0.1:0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../log';
import { onEvent } from './reply';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(onConnection: (socket: Socket) => void) {
  const server = http.createServer();
  const ioServer = new Server(server);
  ioServer.on('connection', (socket) => {
    const name = String(socket.handshake.auth.name);
    socket.data.session = { roomId: 'r', participant: { id: name, name, role: 'student', joinedAt: new Date().toISOString() } };
    onConnection(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => ioServer.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (name: string): Promise<ClientSocket> => {
    const c = connect(url, { transports: ['websocket'], auth: { name }, forceNew: true, reconnection: false });
    cleanups.push(() => void c.disconnect());
    await new Promise<void>((resolve, reject) => {
      c.once('connect', resolve);
      c.once('connect_error', reject);
    });
    return c;
  };
}

/** A logger that records the messages of info() calls. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = silentLogger();
  return Object.assign(Object.create(log) as Logger, { lines, info: (_o: unknown, msg: string) => void lines.push(msg) });
}

describe('onEvent', () => {
  it("runs each socket's own handler, with its own session", async () => {
    const join = await serve((socket) => {
      const tag = `handled for ${String(socket.handshake.auth.name)}`;
      onEvent(socket, 'chat:history', silentLogger(), (_p, session) => ({
        messages: [],
        hasMore: session.participant.id === 'ana' && tag.endsWith('ana'),
      }));
    });
    const ana = await join('ana');
    const ben = await join('ben');
    const [a, b] = await Promise.all([
      ana.timeout(2000).emitWithAck('chat:history', { afterSeq: 0 }),
      ben.timeout(2000).emitWithAck('chat:history', { afterSeq: 0 }),
    ]);
    expect(a).toEqual({ ok: true, data: { messages: [], hasMore: true } });
    expect(b).toEqual({ ok: true, data: { messages: [], hasMore: false } });
  });

  it('refuses a second handler for the same event on one socket', async () => {
    const errors: unknown[] = [];
    const join = await serve((socket) => {
      onEvent(socket, 'class:leave', silentLogger(), () => ({}));
      try {
        onEvent(socket, 'class:leave', silentLogger(), () => ({}));
      } catch (err) {
        errors.push(err);
      }
    });
    const ana = await join('ana');
    expect(await ana.timeout(2000).emitWithAck('class:leave', {})).toEqual({ ok: true, data: {} });
    expect(String(errors[0])).toMatch(/class:leave is already handled/);
  });

  it('logs through the logger each handler was registered with', async () => {
    const first = recordingLogger();
    const other = recordingLogger();
    const join = await serve((socket) => {
      onEvent(socket, 'chat:history', first, () => ({ messages: [], hasMore: false }));
      onEvent(socket, 'class:leave', other, () => ({}));
    });
    const ana = await join('ana');
    const bad = await ana.timeout(2000).emitWithAck('class:leave', { extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await ana.timeout(2000).emitWithAck('chat:history', { afterSeq: -1 });
    expect(other.lines).toEqual(['bad payload']);
    expect(first.lines).toEqual(['bad payload']);
  });
});
