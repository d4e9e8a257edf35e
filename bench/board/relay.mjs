#!/usr/bin/env node
/**
 * The board bench's baseline: the simplest possible relay of whiteboard traffic, with none of
 * the host's work (no Yjs, no SQLite, no validation, no batching). Each 'surface:update' is
 * acked and re-broadcast to every other socket on its own, each 'surface:awareness' likewise
 * (volatile), which is how the host relayed before it coalesced per tick. Same Socket.IO
 * version and transport as the host. Prints {"url": …} on stdout once listening, on 127.0.0.1.
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Server } = require('socket.io');

const server = http.createServer();
const io = new Server(server, { maxHttpBufferSize: 64 * 1024, transports: ['websocket'] });
const empty = new Uint8Array([0, 0]);

io.on('connection', (socket) => {
  void socket.join('room');
  socket.on('surface:sync', (_p, ack) => ack({ ok: true, data: { update: empty, stateVector: new Uint8Array([0]), canEdit: true } }));
  socket.on('surface:permission', (_p, ack) => ack({ ok: true, data: {} }));
  socket.on('surface:update', ({ surface, update }, ack) => {
    ack({ ok: true, data: {} });
    setImmediate(() => socket.to('room').emit('surface_update', { surface, update }));
  });
  socket.on('surface:awareness', ({ surface, update }, ack) => {
    ack({ ok: true, data: {} });
    setImmediate(() => socket.volatile.to('room').emit('surface_awareness', { surface, update }));
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGINT', () => io.close(() => process.exit(0)));
