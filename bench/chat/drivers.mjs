/**
 * The two servers as the bench drives them: the classroom host (students join over HTTP, then
 * socket.io) and the plain-ws baseline. Same interface: start, connect the sender and the
 * receivers, send one message, read the child's stats, close.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { CONNECT_TIMEOUT_MS, PROFILE_DIR, WS_SEND } from './options.mjs';
import { spawnServer, tempDirs } from './process.mjs';
import { onChatText } from './recording.mjs';
import { nowMs, withTimeout } from './util.mjs';

/** Node flags for a V8 CPU profile of a server child, when --profile-host DIR asks for one. */
const profileArgs = (profile) => (profile && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);

const require = createRequire(import.meta.url);
const DIST_CLIENT = path.resolve(import.meta.dirname, '../../dist/node/shared/client/index.js');

const clientLib = (() => {
  try {
    return require(DIST_CLIENT);
  } catch (err) {
    console.error(`Could not load ${path.relative(process.cwd(), DIST_CLIENT)}. Run "npm run build:node" first (npm run bench:chat does).`);
    console.error(String(err));
    process.exit(1);
  }
})();
const { joinClass, enterAsTeacher } = clientLib;
// The same socket.io-client build the app's RoomConnection loads.
const { io } = require('socket.io-client');
const WebSocket = require('ws');

/** The classroom host: students join by HTTP, then a socket.io websocket with their token. */
export function hostDriver() {
  let server;
  let dataDir;
  let teacher;
  const sockets = new Set();
  const d = {
    kind: 'host',
    label: 'socket.io host',
    /** Join-time events seen by the students (participant deltas, room_state, history). */
    activity: 0,
    bytesIn: 0,
    payloadBytes: undefined,
    get info() {
      return server.info;
    },
    async start({ profile = false } = {}) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
      tempDirs.add(dataDir);
      server = await spawnServer('host-server.mjs', [dataDir], profileArgs(profile));
    },
    stats: (gc) => server.stats(gc),
    heapSnapshot: (file) => server.heapSnapshot(file),
    async connections() {
      const res = await fetch(new URL('/health', server.info.url));
      return (await res.json()).connections;
    },
    async teacherSession(newClass) {
      const res = await withTimeout(
        enterAsTeacher(server.info.url, server.info.teacherToken, { newClass, name: 'Bench' }),
        CONNECT_TIMEOUT_MS,
        'teacher session',
      );
      if (!res.ok) throw new Error(`teacher session refused: ${res.error.code} ${res.error.message}`);
      return res.data;
    },
    socket(token) {
      return new Promise((resolve, reject) => {
        const s = io(server.info.url, {
          forceNew: true,
          transports: ['websocket'],
          auth: { token },
          reconnection: false,
          timeout: CONNECT_TIMEOUT_MS,
        });
        sockets.add(s);
        s.io.on('open', () => s.io.engine.on('data', (data) => (d.bytesIn += data.length ?? data.byteLength ?? 0)));
        s.on('participant_joined', () => d.activity++);
        s.on('participant_left', () => d.activity++);
        s.on('room_state', () => d.activity++);
        s.on('history', () => d.activity++);
        s.once('connect', () => resolve(s));
        s.once('connect_error', (err) => {
          s.close();
          sockets.delete(s);
          reject(new Error(`socket.io connect_error: ${err.message}${err.data?.code ? ` (${err.data.code})` : ''}`));
        });
      });
    },
    /** The sender: the teacher of the live class (or of a new class). */
    async connectSender() {
      const session = await d.teacherSession(false);
      teacher = await d.socket(session.token);
      return session.room.code;
    },
    async connectReceiver(i, code) {
      const res = await withTimeout(joinClass(server.info.url, { code, name: `Student ${i + 1}` }), CONNECT_TIMEOUT_MS, 'join');
      if (!res.ok) throw new Error(`join refused: ${res.error.code} ${res.error.message}`);
      const s = await d.socket(res.data.token);
      s.on('chat_message', (m) => {
        // The real size on the wire, once: socket.io's "42" + the JSON array.
        d.payloadBytes ??= 2 + Buffer.byteLength(JSON.stringify(['chat_message', m]));
        chatTemplate ??= m;
        onChatText(m?.text);
      });
      return s;
    },
    send(text, index, run) {
      const t = nowMs();
      teacher.emit('chat:send', { text, clientId: `bench${String(index).padStart(8, '0')}` }, (reply) => {
        run.acks++;
        run.ackLatency.push(nowMs() - t);
        if (!reply?.ok) run.ackErrors++;
      });
    },
    async close() {
      // Server first: the host's close() clears presence before dropping sockets, so no
      // departure broadcasts run while a thousand clients go away.
      await server?.close();
      for (const s of sockets) s.close();
      sockets.clear();
      if (dataDir) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        tempDirs.delete(dataDir);
      }
    },
  };
  return d;
}

/** A real chat_message from the host (set on the first delivery), the model for the baseline's. */
let chatTemplate;

/**
 * The baseline: plain ws. Its "chat message" is a JSON array shaped like socket.io's packet,
 * with the host's own chat_message object as the model, so both carry the same bytes.
 */
export function wsDriver() {
  let server;
  let sender;
  const sockets = new Set();
  const senderIdentity = { id: crypto.randomUUID(), name: 'Teacher', role: 'teacher', joinedAt: new Date().toISOString() };
  const roomId = crypto.randomUUID();
  const d = {
    kind: 'ws',
    label: 'plain ws',
    activity: 0,
    bytesIn: 0,
    payloadBytes: undefined,
    get info() {
      return server.info;
    },
    async start({ profile = false } = {}) {
      server = await spawnServer('ws-server.mjs', [WS_SEND], profileArgs(profile));
    },
    stats: (gc) => server.stats(gc),
    heapSnapshot: (file) => server.heapSnapshot(file),
    async connections() {
      return (await server.stats(false)).clients;
    },
    socket() {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(server.info.url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
        sockets.add(ws);
        const onError = (err) => {
          sockets.delete(ws);
          ws.terminate();
          reject(new Error(`ws connect error: ${err.message}`));
        };
        ws.once('error', onError);
        ws.once('open', () => {
          ws.off('error', onError);
          ws.on('error', () => {});
          resolve(ws);
        });
      });
    },
    async connectSender() {
      sender = await d.socket();
      return null;
    },
    async connectReceiver() {
      const ws = await d.socket();
      ws.on('message', (data) => {
        d.bytesIn += data.length;
        d.payloadBytes ??= data.length;
        let packet;
        try {
          packet = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (packet?.[0] === 'chat_message') onChatText(packet[1]?.text);
      });
      return ws;
    },
    message(text, index) {
      const model = chatTemplate ?? { id: '', roomId, seq: 0, sender: senderIdentity, text: '', sentAt: '' };
      return JSON.stringify([
        'chat_message',
        { ...model, id: crypto.randomUUID(), seq: index + 1, text, sentAt: new Date().toISOString() },
      ]);
    },
    send(text, index) {
      sender.send(d.message(text, index));
    },
    async close() {
      await server?.close();
      for (const s of sockets) s.terminate();
      sockets.clear();
    },
  };
  return d;
}
