/**
 * FanoutAdapter: room broadcasts written straight to idle WebSockets must arrive exactly as
 * socket.io's own path would deliver them: every event, in order, interleaved correctly with
 * per-socket emits, to WebSocket and long-polling clients alike. Real socket.io server and
 * clients on 127.0.0.1:0, against the installed socket.io / engine.io / ws.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { FanoutAdapter } from './fanoutAdapter';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve() {
  const server = http.createServer();
  const io = new Server(server, { adapter: FanoutAdapter });
  const sockets: Socket[] = [];
  io.on('connection', (socket) => {
    void socket.join('class');
    sockets.push(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => io.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const join = async (transports: ('websocket' | 'polling')[]): Promise<ClientSocket> => {
    const c = connect(url, { transports, forceNew: true, reconnection: false });
    cleanups.push(() => void c.disconnect());
    await new Promise<void>((resolve, reject) => {
      c.once('connect', resolve);
      c.once('connect_error', reject);
    });
    return c;
  };
  const adapter = io.of('/').adapter as FanoutAdapter;
  return { io, sockets, join, adapter };
}

/** Collects the `n` numbers of the events a client receives, in arrival order. */
function record(c: ClientSocket, events: string[]) {
  const got: string[] = [];
  for (const ev of events) c.on(ev, (p: { n: number }) => got.push(`${ev}:${p.n}`));
  return got;
}

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('FanoutAdapter', () => {
  it('delivers every room broadcast in order, interleaved with per-socket emits, to websocket and polling clients', async () => {
    const { io, sockets, join, adapter } = await serve();
    const clients = [await join(['websocket']), await join(['websocket']), await join(['polling'])];
    const logs = clients.map((c) => record(c, ['room', 'own']));
    await until(() => sockets.length === 3);

    // 300 broadcasts, mostly one per turn of the event loop as in a class; every 7th is large
    // (a socket is then busy writing, so what follows must queue behind it), every 5th is
    // followed by two emits to each socket and, in the same turn, the next broadcast.
    const expected: string[] = [];
    const big = 'x'.repeat(256 * 1024);
    for (let n = 0; n < 300; n++) {
      io.to('class').emit('room', { n, pad: n % 7 === 0 ? big : '' });
      expected.push(`room:${n}`);
      if (n % 5 === 0) {
        // Two in a row: the second waits in engine.io's queue while the first is being written,
        // and the broadcast right after them must not overtake it.
        for (const s of sockets) s.emit('own', { n }), s.emit('own', { n: n + 0.5 });
        expected.push(`own:${n}`, `own:${n + 0.5}`);
      }
      if (n % 5 !== 0 && n % 10 !== 1) await new Promise((r) => setImmediate(r));
    }
    await until(() => logs.every((l) => l.length === expected.length));
    for (const l of logs) expect(l).toEqual(expected);

    // The short path was taken for the idle websockets, the normal one for polling and busy ones.
    expect(adapter.stats.direct).toBeGreaterThan(100);
    expect(adapter.stats.queued).toBeGreaterThanOrEqual(300);
  });

  it('gives broadcasts to a socket mid-upgrade (polling → websocket) in order', async () => {
    const { io, sockets, join } = await serve();
    const c = await join(['polling', 'websocket']);
    const got = record(c, ['room']);
    await until(() => sockets.length === 1);
    // Broadcast through the upgrade: some go over polling, some over the new websocket.
    for (let n = 0; n < 200; n++) {
      io.to('class').emit('room', { n });
      if (n % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => got.length === 200);
    expect(got).toEqual(Array.from({ length: 200 }, (_, n) => `room:${n}`));
    expect(c.io.engine.transport.name).toBe('websocket');
  });

  it('sends binary and volatile broadcasts through socket.io’s own path, intact', async () => {
    const { io, sockets, join, adapter } = await serve();
    const c = await join(['websocket']);
    await until(() => sockets.length === 1);
    const before = { ...adapter.stats };
    const got = new Promise<Buffer>((resolve) => c.once('file', (b: Buffer) => resolve(b)));
    io.to('class').emit('file', Buffer.from([1, 2, 3, 250]));
    expect([...(await got)]).toEqual([1, 2, 3, 250]);
    const tick = new Promise<number>((resolve) => c.once('tick', (p: { n: number }) => resolve(p.n)));
    io.to('class').volatile.emit('tick', { n: 7 });
    expect(await tick).toBe(7);
    // Binary: one queued write; volatile: not counted by this adapter at all.
    expect(adapter.stats.direct).toBe(before.direct);
    expect(adapter.stats.queued).toBe(before.queued + 1);
  });

  it('leaves sockets outside the room and excepted sockets out', async () => {
    const { io, sockets, join } = await serve();
    const [a, b, outsider] = [await join(['websocket']), await join(['websocket']), await join(['websocket'])];
    await until(() => sockets.length === 3);
    sockets[2]!.leave('class');
    const logs = [a, b, outsider].map((c) => record(c, ['room']));
    io.to('class').except(sockets[1]!.id).emit('room', { n: 1 });
    io.to('class').emit('room', { n: 2 });
    await until(() => logs[0]!.length === 2 && logs[1]!.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(logs).toEqual([['room:1', 'room:2'], ['room:2'], []]);
  });
});
