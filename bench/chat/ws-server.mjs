/**
 * Child process: the baseline. A minimal plain-`ws` broadcast server on 127.0.0.1, port 0:
 * every text message is JSON.parse'd (so it does at least the decoding work the host does)
 * and the string is sent to every other open client. No auth, no storage, no acks, no rooms.
 *
 * argv: [maxLifetimeMs, sendMode]  sendMode 'string' (default: re-send the string, as a
 * naive server would) or 'buffer' (re-send the received Buffer as a text frame, which skips
 * one UTF-8 encode per recipient).
 */
import { WebSocketServer, WebSocket } from 'ws';
import { serveParent } from './ipc.mjs';

const maxLifetimeMs = Number(process.argv[2]) || 15 * 60_000;
const sendMode = process.argv[3] === 'buffer' ? 'buffer' : 'string';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 });
await new Promise((resolve, reject) => {
  wss.once('listening', resolve);
  wss.once('error', reject);
});

let badMessages = 0;
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    try {
      JSON.parse(text);
    } catch {
      badMessages++;
      return;
    }
    const out = sendMode === 'buffer' ? data : text;
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(out, { binary: false });
    }
  });
});

serveParent({
  maxLifetimeMs,
  clients: () => wss.clients.size,
  close: () =>
    new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }),
});

const { port } = wss.address();
process.send({ type: 'ready', url: `ws://127.0.0.1:${port}`, pid: process.pid, sendMode, badMessages });
