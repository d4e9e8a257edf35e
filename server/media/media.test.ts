/**
 * Integration: a real host, real Socket.IO clients, and werift peers standing in for browsers
 * (loopback only). Covers forwarding to N viewers, late join, leave, PLI throttling and the
 * publish permission.
 */
import { describe, expect, it } from 'vitest';
import type { ServerPayload } from '../../shared';
import type { RoomConnection } from '../../shared/client';
import { joinAsStudent, joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';
import { FakePublisher, FakeViewer, until } from './test-support/peers';
import { checkSections, gathered, PLAYOUT_DELAY_URI, sectionKinds, SLOT_KINDS } from './werift/peer';

const track = closeAfterEach();

async function classWithStudents(n: number) {
  const host = track(await startTestHost());
  const teacher = track(await joinAsTeacher(host));
  const students: (RoomConnection & { token: string })[] = [];
  for (let i = 0; i < n; i++) students.push(track(await joinAsStudent(host, `S${i}`)));
  return { host, teacher, students };
}

function collect<E extends 'stream_started' | 'stream_stopped' | 'media_state'>(conn: RoomConnection, event: E) {
  const seen: ServerPayload<E>[] = [];
  conn.subscribe(event, (p) => seen.push(p as ServerPayload<E>));
  return seen;
}

describe('media forwarding', () => {
  it('forwards one published stream to every viewer, a late joiner included, and survives a leave', async () => {
    const { host, teacher, students } = await classWithStudents(3);
    const viewers = students.map((s) => track(new FakeViewer(s)));
    await Promise.all(viewers.map((v) => v.subscribe()));
    const started = collect(students[0]!, 'stream_started');
    // The host leads the DTLS handshake (see hostLeadsDtls), so nothing the viewer sends early is lost.
    expect(viewers[0]!.offerSdp).toMatch(/^a=setup:active\r?$/m);
    expect(viewers[0]!.offerSdp).not.toMatch(/^a=setup:actpass/m);

    const pub = track(new FakePublisher());
    const res = await pub.publish(teacher);
    expect(res.ok).toBe(true);
    // The answer starts the teacher's bandwidth estimate at the preset's whole budget (medium:
    // 1,200 + 300 + 64 kbps), so the first keyframe is not paced out over ~0.4 s.
    expect((res as { data: { sdp: string } }).data.sdp).toMatch(/^a=fmtp:\d+ .*x-google-start-bitrate=1564\r?$/m);
    pub.startSending();
    await until(() => viewers.every((v) => v.received[0]! > 10), 8000, 'all viewers receiving');
    await until(() => started.length > 0, 2000, 'stream_started');
    expect(started[0]).toMatchObject({ source: 'screen', quality: 'medium', name: 'Teacher' });

    // A late joiner gets packets, and its arrival asks the publisher for a keyframe.
    const plisBefore = pub.plis[0]!;
    const late = track(new FakeViewer(track(await joinAsStudent(host, 'Late'))));
    const t0 = Date.now();
    await late.subscribe();
    await until(() => late.received[0]! > 0, 3000, 'late joiner receiving');
    expect(Date.now() - t0).toBeLessThan(1500);
    await until(() => pub.plis[0]! > plisBefore, 2000, 'keyframe request on join');

    // One student leaves: the others keep receiving, the publisher is untouched.
    await students[0]!.leave();
    await viewers[0]!.close();
    const counts = viewers.map((v) => v.received[0]!);
    await until(() => viewers.slice(1).every((v, i) => v.received[0]! > counts[i + 1]! + 10), 3000, 'others still receiving');
    expect(pub.pc.connectionState).toBe('connected');
  });

  it('retransmits a packet a viewer reports lost to that viewer only, with the right payload', async () => {
    const { teacher, students } = await classWithStudents(2);
    const [a, b] = students.map((s) => track(new FakeViewer(s))) as [FakeViewer, FakeViewer];
    await Promise.all([a.subscribe(), b.subscribe()]);
    const pub = track(new FakePublisher());
    expect((await pub.publish(teacher)).ok).toBe(true);
    pub.startSending();
    await until(() => a.screenPackets.size > 20 && b.screenPackets.size > 20, 8000, 'both viewers receiving');

    // Each viewer leg numbers its own packets; ask again for one A already has, in A's numbers.
    const [seq, number] = [...a.screenPackets][5]!;
    await a.nack(seq);
    await until(() => a.screenRepeats.length > 0, 3000, 'retransmission');
    // The copy is A's packet `seq` (same packet number), not another viewer's header on it.
    expect(a.screenRepeats).toEqual([{ seq, sameNumber: true }]);
    expect(a.screenPackets.get(seq)).toBe(number);
    expect(b.screenRepeats).toEqual([]);
  });

  it('tells viewers to show the screen without jitter-buffer delay, only where their answer accepted it', async () => {
    const { teacher, students } = await classWithStudents(2);
    const withIt = track(new FakeViewer(students[0]!));
    const without = track(new FakeViewer(students[1]!, { playoutDelay: false }));
    await Promise.all([withIt.subscribe(), without.subscribe()]);
    const pub = track(new FakePublisher());
    expect((await pub.publish(teacher)).ok).toBe(true);
    pub.startSending();
    await until(() => withIt.received[0]! > 5 && without.received[0]! > 5, 8000, 'both viewers receiving');

    // Besides werift's own MID extension: min = max = 0 (three zero bytes) under the id this
    // viewer negotiated; nothing for the viewer that did not accept it.
    const besidesMid = (v: FakeViewer) => v.lastExtensions[0]!.filter((e) => e.id !== v.extensionId(0, 'urn:ietf:params:rtp-hdrext:sdes:mid'));
    const id = withIt.extensionId(0, PLAYOUT_DELAY_URI);
    expect(id).toBeDefined();
    expect(besidesMid(withIt)).toEqual([{ id, payload: Buffer.alloc(3) }]);
    expect(without.extensionId(0, PLAYOUT_DELAY_URI)).toBeUndefined();
    expect(besidesMid(without)).toEqual([]);
  });

  it('collapses a burst of PLIs from many viewers into at most two to the publisher', async () => {
    const { teacher, students } = await classWithStudents(3);
    const viewers = students.map((s) => track(new FakeViewer(s)));
    await Promise.all(viewers.map((v) => v.subscribe()));
    const pub = track(new FakePublisher());
    await pub.publish(teacher);
    pub.startSending();
    await until(() => viewers.every((v) => v.received[0]! > 5), 8000, 'receiving');
    // Let the join-time keyframe requests and their trailing one drain.
    await new Promise((r) => setTimeout(r, 700));
    const before = pub.plis[0]!;
    for (let i = 0; i < 5; i++) await Promise.all(viewers.map((v) => v.pli()));
    await new Promise((r) => setTimeout(r, 200));
    const inBurst = pub.plis[0]! - before;
    expect(inBurst).toBeGreaterThanOrEqual(1);
    // 15 asked: one at once, one trailing at the end of the 300 ms interval.
    await new Promise((r) => setTimeout(r, 500));
    expect(pub.plis[0]! - before).toBeLessThanOrEqual(2);
  });
});

describe('legs signalled by simple-peer (what browsers use)', () => {
  it('answers the data channel simple-peer adds to its offer, keeps it open, and still forwards media', async () => {
    const { teacher, students } = await classWithStudents(1);
    const viewer = track(new FakeViewer(students[0]!));
    await viewer.subscribe();
    const pub = track(new FakePublisher());
    // simple-peer as initiator always creates one data channel: the offer gains m=application.
    const channel = pub.pc.createDataChannel('simple-peer');
    const res = await pub.publish(teacher);
    expect(res.ok).toBe(true);
    const answer = (res as { ok: true; data: { sdp: string } }).data.sdp;
    expect(answer).toMatch(/^m=application [1-9]\d* /m); // accepted, not rejected with port 0
    expect(sectionKinds(answer).filter((k) => k !== 'application')).toEqual(['video', 'video', 'audio']);
    await until(() => channel.readyState === 'open', 8000, 'data channel open');
    pub.startSending();
    await until(() => viewer.received[0]! > 10, 8000, 'viewer receiving');
    // Still open a while later: simple-peer would end the whole leg if it closed.
    await new Promise((r) => setTimeout(r, 500));
    expect(channel.readyState).toBe('open');
  });

  it('refuses offers whose media m-lines are not the three slots, in order', async () => {
    const { teacher } = await classWithStudents(0);
    const offer = async (build: (pc: FakePublisher['pc']) => void) => {
      const p = track(new FakePublisher());
      build(p.pc);
      await p.pc.setLocalDescription(await p.pc.createOffer());
      await gathered(p.pc);
      return teacher.request('media:publish', { sdp: p.pc.localDescription!.sdp, sources: { screen: true, camera: false, mic: 'off' }, quality: 'medium' });
    };
    // Two video m-lines only (no audio slot).
    expect(await offer((pc) => ['video', 'video'].forEach((k) => pc.addTransceiver(k as 'video', { direction: 'sendonly' })))).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    // Audio where the screen belongs.
    expect(await offer((pc) => ['audio', 'video', 'video'].forEach((k) => pc.addTransceiver(k as 'video', { direction: 'sendonly' })))).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('refuses a viewer answer that adds a data section the host never offered', async () => {
    const { students } = await classWithStudents(1);
    const res = await students[0]!.request('media:subscribe', {});
    if (!res.ok) throw new Error(res.error.message);
    expect(sectionKinds(res.data.sdp)).toEqual(['video', 'video', 'audio']); // the host offers no data channel
    const viewer = track(new FakeViewer(students[0]!));
    const pc = (viewer.pc = new (await import('werift')).RTCPeerConnection());
    await pc.setRemoteDescription({ type: 'offer', sdp: res.data.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    const answer = pc.localDescription!.sdp;
    const withData = `${answer.trimEnd()}\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\n`;
    expect(await students[0]!.request('media:answer', { legId: res.data.legId, sdp: withData })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('checks the m-sections of an SDP: slot kinds in order, at most one data section', () => {
    const sdp = (...kinds: string[]) => ['v=0', ...kinds.map((k) => `m=${k} 9 UDP/TLS/RTP/SAVPF 96`)].join('\r\n');
    expect(() => checkSections(sdp('video', 'video', 'audio'), SLOT_KINDS)).not.toThrow();
    expect(() => checkSections(sdp('video', 'video', 'audio', 'application'), SLOT_KINDS)).not.toThrow();
    expect(() => checkSections(sdp('application', 'video', 'video', 'audio'), SLOT_KINDS)).not.toThrow();
    expect(() => checkSections(sdp('video', 'video', 'audio', 'application', 'application'), SLOT_KINDS)).toThrow(/more than one/);
    expect(() => checkSections(sdp('video', 'audio', 'video'), SLOT_KINDS)).toThrow(/expected m-lines/);
    expect(() => checkSections(sdp('video', 'video', 'audio', 'video'), SLOT_KINDS)).toThrow(/expected m-lines/);
    expect(() => checkSections('v=0 no sections', SLOT_KINDS)).toThrow(/got none/);
  });
});

describe('media permissions', () => {
  it('refuses a student without the stage with FORBIDDEN, whatever it sends', async () => {
    const { teacher, students } = await classWithStudents(2);
    const [ana, ben] = [students[0]!, students[1]!];
    const refused = await track(new FakePublisher()).publish(ana);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ana.request('media:update', { sources: { screen: true, camera: false, mic: 'off' }, quality: 'high' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Handing out the stage is teacher-only.
    expect(await ana.request('media:stage', { participantId: ana.you!.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Malformed payloads get typed errors, not crashes.
    expect(await ana.request('media:publish', { sdp: 1 } as never)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ana.request('media:answer', { legId: 'nope', sdp: 'v=0 not really sdp' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // The teacher gives Ana the stage: she may publish, Ben still may not.
    const given = await teacher.request('media:stage', { participantId: ana.you!.id });
    expect(given).toMatchObject({ ok: true, data: { stageHolderId: ana.you!.id } });
    expect((await track(new FakePublisher()).publish(ben)).ok).toBe(false);
    const teacherTry = await track(new FakePublisher()).publish(teacher);
    expect(teacherTry).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const viewer = track(new FakeViewer(ben));
    await viewer.subscribe();
    const stopped = collect(ben, 'stream_stopped');
    const anaPub = track(new FakePublisher());
    expect((await anaPub.publish(ana)).ok).toBe(true);
    anaPub.startSending();
    await until(() => viewer.received[0]! > 5, 8000, 'student presentation reaching others');

    // Taking the stage back ends Ana's presentation for everyone.
    expect(await teacher.request('media:stage', { participantId: null })).toMatchObject({ ok: true, data: { stageHolderId: null } });
    await until(() => stopped.some((e) => e.participantId === ana.you!.id && e.source === 'screen'), 3000, 'stream_stopped');
    expect((await track(new FakePublisher()).publish(ana)).ok).toBe(false);
  });

  it('stops the stream when the publisher disconnects and says so', async () => {
    const { teacher, students } = await classWithStudents(1);
    const states = collect(students[0]!, 'media_state');
    const pub = track(new FakePublisher());
    await pub.publish(teacher, { screen: true, camera: true, mic: 'muted' });
    await until(() => states.some((s) => s.publisher?.name === 'Teacher' && s.sources.camera && s.sources.mic === 'muted'), 3000, 'state');
    expect((await teacher.request('media:update', { sources: { screen: true, camera: false, mic: 'live' }, quality: 'low' })).ok).toBe(true);
    await until(() => states.some((s) => s.quality === 'low' && !s.sources.camera && s.sources.mic === 'live'), 3000, 'updated state');
    teacher.close();
    await until(() => states.at(-1)?.publisher === null, 3000, 'publisher gone');
  });
});
