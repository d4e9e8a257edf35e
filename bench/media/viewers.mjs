/**
 * Child process for the media benchmark's "class" mode: K light students. Each joins the room
 * by code through the same HTTP + Socket.IO protocol as the app (the compiled shared client),
 * asks for its viewer leg (media:subscribe / media:answer) and receives the teacher's stream
 * on a werift RTCPeerConnection: ICE, DTLS, SRTP decryption, receiver reports — everything a
 * student's browser does on the network — but it does not decode. In a real class every
 * student decodes on their own laptop; on this 2-core VM, N decoding browsers would measure
 * the VM (see docs/PERFORMANCE.md). So the host and the network carry the whole class while
 * one real Chromium student (run.mjs) measures what a student sees.
 *
 * IPC: { cmd: 'join', url, code, count } → { joined, failed }; { cmd: 'stats' } → frames and
 * bytes received per viewer since the start; { cmd: 'firstFrames' } → when each viewer got its
 * first whole frame since the last { cmd: 'resetFirstFrames' }; { cmd: 'close' }.
 */
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const distRoot = process.env.TP_BENCH_DIST ?? path.resolve(import.meta.dirname, '../../dist');
const dist = path.join(distRoot, 'node');
const { joinClass, RoomConnection } = require(path.join(dist, 'shared/client/index.js'));
const { viewerConfig, gathered } = require(path.join(dist, 'server/media/werift/peer.js'));
const { RTCPeerConnection } = require('werift');

setTimeout(() => process.exit(3), 10 * 60_000).unref();
process.on('disconnect', () => process.exit(0));

const viewers = [];

function connected(conn) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no room state within 10 s')), 10_000);
    const off = conn.on('room_state', () => (clearTimeout(timer), off(), resolve()));
  });
}

async function lightStudent(url, code, name) {
  const session = await joinClass(url, { code, name });
  if (!session.ok) throw new Error(`join: ${session.error.code}`);
  const conn = new RoomConnection({ baseUrl: url, token: session.data.token });
  conn.connect();
  await connected(conn);
  const res = await conn.request('media:subscribe', {});
  if (!res.ok) throw new Error(`subscribe: ${res.error.code}`);
  const pc = new RTCPeerConnection(viewerConfig({ loopbackOnly: true }));
  const v = { conn, pc, frames: 0, bytes: 0, firstFrameAt: null };
  pc.onTrack.subscribe((track) => {
    if (track.kind !== 'video') return;
    track.onReceiveRtp.subscribe((rtp) => {
      v.bytes += rtp.payload.length;
      if (!rtp.header.marker) return; // VP8: the marker bit ends a frame
      v.frames++;
      v.firstFrameAt ??= Date.now();
    });
  });
  await pc.setRemoteDescription({ type: 'offer', sdp: res.data.sdp });
  pc.getTransceivers().forEach((t) => t.setDirection('recvonly'));
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  const ack = await conn.request('media:answer', { legId: res.data.legId, sdp: pc.localDescription.sdp });
  if (!ack.ok) throw new Error(`answer: ${ack.error.code}`);
  return v;
}

process.on('message', async (msg) => {
  if (msg?.cmd === 'join') {
    let failed = 0;
    // A few at a time, as students arriving at the door would.
    for (let i = 0; i < msg.count; i += 4) {
      const batch = Array.from({ length: Math.min(4, msg.count - i) }, (_, k) => lightStudent(msg.url, msg.code, `L${i + k + 1}`));
      for (const r of await Promise.allSettled(batch)) {
        if (r.status === 'fulfilled') viewers.push(r.value);
        else (failed++, console.error(`light student: ${r.reason?.message ?? r.reason}`));
      }
    }
    process.send({ id: msg.id, joined: viewers.length, failed });
  } else if (msg?.cmd === 'stats') {
    process.send({ id: msg.id, frames: viewers.map((v) => v.frames), bytes: viewers.map((v) => v.bytes), cpu: process.cpuUsage() });
  } else if (msg?.cmd === 'resetFirstFrames') {
    for (const v of viewers) v.firstFrameAt = null;
    process.send({ id: msg.id });
  } else if (msg?.cmd === 'firstFrames') {
    // When each got the last packet of its first frame (ms since the epoch), or null.
    process.send({ id: msg.id, at: viewers.map((v) => v.firstFrameAt) });
  } else if (msg?.cmd === 'close') {
    for (const v of viewers) {
      await v.pc.close().catch(() => {});
      v.conn.close();
    }
    process.send({ id: msg.id, closed: true }, () => process.exit(0));
  }
});
process.send({ type: 'ready' });
