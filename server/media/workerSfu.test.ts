/**
 * Integration: the werift SFU in its worker thread (server/media/worker), behind a real host
 * with real Socket.IO clients and werift peers standing in for browsers (loopback only).
 * Covers forwarding and cached stats through the thread boundary, typed errors crossing it,
 * a crash of the worker (host stays up, media ends and recovers, errors stay typed) and the
 * in-process mode kept for debugging.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '../../shared';
import type { RoomConnection } from '../../shared/client';
import { closeAfterEach, joinAsStudent, joinAsTeacher, startTestHost, waitFor } from '../test-support/testHost';
import { SfuUnavailableError } from './sfu';
import { FakePublisher, FakeViewer, until } from './test-support/peers';
import { createWorkerSfu, liveWorkerSfus, spawnWorker, type WorkerSfu } from './worker/workerSfu';
import { silentLogger } from '../log';

const track = closeAfterEach();

/** A pino logger whose lines we can read back. */
function capturingLogger() {
  const lines: { level: number; msg: string; thread?: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** A host whose SFU runs in a worker, and that worker's handle. */
async function hostWithWorker(logger = silentLogger()) {
  const before = new Set(liveWorkerSfus());
  const host = track(await startTestHost({ logger }));
  const sfu = liveWorkerSfus().find((s) => !before.has(s));
  if (!sfu) throw new Error('the host did not create a worker SFU');
  return { host, sfu };
}

async function classOn(host: Awaited<ReturnType<typeof startTestHost>>, n: number) {
  const teacher = track(await joinAsTeacher(host));
  const students: (RoomConnection & { token: string })[] = [];
  for (let i = 0; i < n; i++) students.push(track(await joinAsStudent(host, `S${i}`)));
  return { teacher, students };
}

function collect<E extends 'stream_stopped' | 'media_state' | 'media_leg_failed'>(conn: RoomConnection, event: E) {
  const seen: ServerPayload<E>[] = [];
  conn.subscribe(event, (p) => seen.push(p as ServerPayload<E>));
  return seen;
}

describe('SFU worker thread', () => {
  it('forwards through the worker, keeps stats() current and relays its log lines', async () => {
    const { log, lines } = capturingLogger();
    const { host, sfu } = await hostWithWorker(log);
    // Nothing media has happened yet: no worker is started for a class without media.
    expect(sfu.starts).toBe(0);
    const { teacher, students } = await classOn(host, 2);
    const viewers = students.map((s) => track(new FakeViewer(s)));
    await Promise.all(viewers.map((v) => v.subscribe()));
    expect(sfu.starts).toBe(1);
    // The reply carried a fresh snapshot: stats() is synchronous but already knows the legs.
    expect(sfu.stats()).toMatchObject({ viewers: 2, publishers: 0 });

    const pub = track(new FakePublisher());
    expect((await pub.publish(teacher)).ok).toBe(true);
    pub.startSending();
    await until(() => viewers.every((v) => v.received[0]! > 10), 8000, 'viewers receiving');
    expect(sfu.stats()).toMatchObject({ rooms: 1, viewers: 2, publishers: 1 });
    await until(() => sfu.stats().packetsOut >= 20, 3000, 'stats pushed by the worker');
    // werift's own log line was written by the worker and relayed to the host's logger.
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'media: publisher connected', thread: 'sfu', level: 30 }));
  });

  it('turns errors thrown inside the worker into the same typed replies', async () => {
    const { host } = await hostWithWorker();
    const { teacher, students } = await classOn(host, 1);
    const ana = students[0]!;
    // BadSdpError from the worker → BAD_REQUEST.
    const badOffer = await teacher.request('media:publish', {
      sdp: 'v=0 certainly not an offer',
      sources: { screen: true, camera: false, mic: 'off' },
      quality: 'medium',
    });
    expect(badOffer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'That media offer could not be used.' } });
    // UnknownLegError → NOT_FOUND.
    expect((await ana.request('media:subscribe', {})).ok).toBe(true);
    expect(await ana.request('media:answer', { legId: 'stale', sdp: 'v=0 not really sdp' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('survives a crash of the worker: the host stays up, media ends, restarts and recovers', async () => {
    const { log, lines } = capturingLogger();
    const { host, sfu } = await hostWithWorker(log);
    const { teacher, students } = await classOn(host, 2);
    const viewers = students.map((s) => track(new FakeViewer(s)));
    await Promise.all(viewers.map((v) => v.subscribe()));
    const pub = track(new FakePublisher());
    expect((await pub.publish(teacher)).ok).toBe(true);
    pub.startSending();
    await until(() => viewers.every((v) => v.received[0]! > 5), 8000, 'viewers receiving');
    const stopped = collect(students[0]!, 'stream_stopped');
    const states = collect(students[1]!, 'media_state');
    const legFailed = students.map((s) => collect(s, 'media_leg_failed'));
    const teacherLegFailed = collect(teacher, 'media_leg_failed');
    const staleLeg = await students[0]!.request('media:subscribe', {});
    expect(staleLeg.ok).toBe(true);
    const packetsBefore = sfu.stats().packetsOut;

    await sfu.crash();

    // The room's media is ended for everyone, and said so.
    await until(() => stopped.some((e) => e.source === 'screen' && e.name === 'Teacher'), 3000, 'stream_stopped');
    await until(() => states.at(-1)?.publisher === null, 3000, 'publisher gone');
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'media: SFU worker stopped unexpectedly; ending live media and restarting it', publishers: 1 }),
    );
    // Each viewer whose leg died is told at once, so it renews without waiting for ICE to give up.
    await until(() => legFailed.every((seen) => seen.length === 1), 3000, 'media_leg_failed to each viewer');
    expect(teacherLegFailed).toEqual([]); // the teacher had no viewer leg
    // The host itself carries on: chat works while the worker restarts.
    const sent = await students[1]!.request('chat:send', { text: 'still here', clientId: 'crash-test-client-1' });
    expect(sent.ok).toBe(true);
    await waitFor(teacher, 'messages', () => teacher.messages.some((m) => m.text === 'still here'));
    await until(() => sfu.starts === 2, 3000, 'worker restarted');

    // A leg of the dead worker is unknown to the new one: typed NOT_FOUND, as for any stale leg.
    if (!staleLeg.ok) return;
    expect(await students[0]!.request('media:answer', { legId: staleLeg.data.legId, sdp: 'v=0 not really sdp' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // Clients retry as the renderer does: viewers ask for new legs, the teacher shares again.
    await Promise.all(viewers.map((v) => v.subscribe()));
    await pub.close();
    const again = track(new FakePublisher());
    expect((await again.publish(teacher)).ok).toBe(true);
    const counts = viewers.map((v) => v.received[0]!);
    again.startSending();
    await until(() => viewers.every((v, i) => v.received[0]! > counts[i]! + 10), 8000, 'viewers receiving again');
    // Counters carry across the restart.
    expect(sfu.stats().packetsOut).toBeGreaterThanOrEqual(packetsBefore);
    expect(sfu.stats()).toMatchObject({ publishers: 1, viewers: 2 });
  });
});

describe('SFU worker, standalone', () => {
  let sfu: WorkerSfu | undefined;
  afterEach(async () => {
    await sfu?.close();
  });

  it('fails calls in flight with SfuUnavailableError when the worker dies, and reports its legs failed', async () => {
    const events: string[] = [];
    sfu = createWorkerSfu({
      log: silentLogger(),
      ice: { loopbackOnly: true },
      restartDelayMs: 50,
      onViewerState: (roomId, viewerId, state) => events.push(`viewer ${roomId}/${viewerId} ${state}`),
    });
    await sfu.subscribe('room-1', 'v1');
    // The crash is thrown right after its reply; the subscribe behind it is still gathering.
    const [crashed, inFlight] = await Promise.allSettled([sfu.crash(), sfu.subscribe('room-1', 'v2')]);
    expect(crashed.status).toBe('fulfilled');
    expect(inFlight.status).toBe('rejected');
    expect((inFlight as PromiseRejectedResult).reason).toBeInstanceOf(SfuUnavailableError);
    expect(events).toEqual(['viewer room-1/v1 failed']);
    expect(sfu.stats()).toMatchObject({ viewers: 0, rooms: 0 });
    await until(() => sfu!.starts === 2, 3000, 'restart');
    const { legId, offerSdp } = await sfu.subscribe('room-1', 'v1');
    expect(legId).toMatch(/\w/);
    expect(offerSdp).toContain('m=video');
  });

  it('terminates and restarts a worker that stops answering', async () => {
    const { log, lines } = capturingLogger();
    sfu = createWorkerSfu({ log, ice: { loopbackOnly: true }, restartDelayMs: 50, requestTimeoutMs: 500 });
    await sfu.subscribe('room-1', 'v1');
    await sfu.crash('hang');
    // Nothing answers this until the watchdog gives up on the stuck worker.
    await expect(sfu.subscribe('room-1', 'v2')).rejects.toBeInstanceOf(SfuUnavailableError);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'media: SFU worker stopped answering; terminating it' }));
    await until(() => sfu!.starts === 2, 3000, 'restart');
    expect((await sfu.subscribe('room-1', 'v2')).offerSdp).toContain('m=video');
  });

  it('parses what it receives: a malformed request gets a typed error reply, not a crash', async () => {
    const w = spawnWorker({ ice: { loopbackOnly: true }, logLevel: 'silent', statsIntervalMs: 60_000 });
    try {
      const replies: unknown[] = [];
      w.on('message', (m: { type?: string }) => m.type === 'reply' && replies.push(m));
      w.postMessage({ id: 7, op: 'publish', roomId: 'r' });
      w.postMessage({ id: 8, op: 'subscribe', roomId: 'r', viewerId: 'v' });
      await until(() => replies.length >= 2, 5000, 'two replies');
      expect(replies[0]).toMatchObject({ type: 'reply', id: 7, ok: false, error: { kind: 'internal', message: 'malformed request' } });
      // The worker carries on serving well-formed requests.
      expect(replies[1]).toMatchObject({ type: 'reply', id: 8, ok: true, result: { legId: expect.any(String) } });
    } finally {
      await w.terminate();
    }
  });

  it('is refused after close() with SfuUnavailableError, and stops quietly', async () => {
    sfu = createWorkerSfu({ log: silentLogger(), ice: { loopbackOnly: true } });
    await sfu.subscribe('room-1', 'v1');
    await sfu.close();
    await expect(sfu.subscribe('room-1', 'v2')).rejects.toBeInstanceOf(SfuUnavailableError);
    // Stopping calls after close never throw (the media feature does not wait on them).
    await expect(sfu.dropViewer('room-1', 'v1')).resolves.toBeUndefined();
    sfu = undefined;
  });
});

describe('in-process SFU (TP_SFU=inline)', () => {
  it('still forwards, with no worker thread', async () => {
    const saved = process.env.TP_SFU;
    process.env.TP_SFU = 'inline';
    const before = liveWorkerSfus().length;
    try {
      const host = track(await startTestHost());
      expect(liveWorkerSfus().length).toBe(before);
      const { teacher, students } = await classOn(host, 1);
      const viewer = track(new FakeViewer(students[0]!));
      await viewer.subscribe();
      const pub = track(new FakePublisher());
      expect((await pub.publish(teacher)).ok).toBe(true);
      pub.startSending();
      await until(() => viewer.received[0]! > 5, 8000, 'viewer receiving');
    } finally {
      if (saved === undefined) delete process.env.TP_SFU;
      else process.env.TP_SFU = saved;
    }
  });
});
