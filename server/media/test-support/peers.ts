/**
 * Browser stand-ins for media tests, built on werift: a publisher that sends synthetic RTP on
 * the three PUBLISH_SLOTS m-lines and viewers that count what arrives. They signal through a
 * real RoomConnection, exactly like the renderer does.
 */
import {
  GenericNack,
  MediaStreamTrack,
  RTCPeerConnection,
  RtcpTransportLayerFeedback,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import type { RoomConnection } from '../../../shared/client';
import type { Result } from '../../../shared';
import { PUBLISH_SLOTS, type MediaSources, type Quality } from '../../../shared/schemas/media';
import { gathered, PLAYOUT_DELAY_URI, publisherConfig, viewerConfig } from '../werift/peer';

const ICE = { loopbackOnly: true };

export class FakePublisher {
  readonly pc = new RTCPeerConnection(publisherConfig(ICE));
  readonly tracks = PUBLISH_SLOTS.map((s) => new MediaStreamTrack({ kind: s === 'mic' ? 'audio' : 'video' }));
  transceivers: RTCRtpTransceiver[] = [];
  /** PLIs the host sent us, per slot. */
  plis = [0, 0, 0];
  private seq = 1000;
  private ts = 0;
  private timer?: ReturnType<typeof setInterval>;

  async publish(conn: RoomConnection, sources: MediaSources = { screen: true, camera: false, mic: 'off' }, quality: Quality = 'medium'): Promise<Result<unknown>> {
    this.transceivers = this.tracks.map((t) => this.pc.addTransceiver(t, { direction: 'sendonly' }));
    this.transceivers.forEach((t, slot) => t.sender.onPictureLossIndication.subscribe(() => this.plis[slot]!++));
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    const res = await conn.request('media:publish', { sdp: this.pc.localDescription!.sdp, sources, quality });
    if (res.ok) await this.pc.setRemoteDescription({ type: 'answer', sdp: res.data.sdp });
    return res;
  }

  /**
   * Sends a synthetic 30 fps "video" on the screen slot. Each payload starts with a running
   * packet number, so a viewer can tell which packet a retransmission repeats.
   */
  startSending(): void {
    let n = 0;
    this.timer = setInterval(() => {
      this.ts += 3000;
      const header = new RtpHeader({ payloadType: 96, sequenceNumber: this.seq++ & 0xffff, timestamp: this.ts, marker: true });
      const payload = Buffer.alloc(200, 7);
      payload.writeUInt32BE(n++);
      this.tracks[0]!.writeRtp(new RtpPacket(header, payload));
    }, 33);
  }

  async close() {
    clearInterval(this.timer);
    await this.pc.close().catch(() => {});
  }
}

export class FakeViewer {
  pc?: RTCPeerConnection;
  transceivers: RTCRtpTransceiver[] = [];
  /** RTP packets received per slot, and the last header seen. */
  received = [0, 0, 0];
  lastSeq: (number | undefined)[] = [];
  /** Screen slot: the payload's packet number by sequence number, and packets that came twice. */
  readonly screenPackets = new Map<number, number>();
  readonly screenRepeats: { seq: number; sameNumber: boolean }[] = [];
  /** The host's last offer for this viewer's leg. */
  offerSdp?: string;
  /** Header extensions of the last packet per slot. */
  lastExtensions: { id: number; payload: Buffer }[][] = [];
  private lastSsrc: (number | undefined)[] = [];

  /** `playoutDelay: false`: answer like a browser without the playout-delay extension. */
  constructor(
    readonly conn: RoomConnection,
    private readonly opts: { playoutDelay?: boolean } = {},
  ) {}

  async subscribe(): Promise<void> {
    await this.pc?.close().catch(() => {});
    const res = await this.conn.request('media:subscribe', {});
    if (!res.ok) throw new Error(`subscribe failed: ${res.error.code}`);
    this.offerSdp = res.data.sdp;
    const config = viewerConfig(ICE);
    if (this.opts.playoutDelay === false) config.headerExtensions!.video = config.headerExtensions!.video!.filter((e) => e.uri !== PLAYOUT_DELAY_URI);
    const pc = (this.pc = new RTCPeerConnection(config));
    pc.onTrack.subscribe((track) => {
      const slot = pc.getTransceivers().findIndex((t) => t.receiver.tracks.includes(track));
      track.onReceiveRtp.subscribe((rtp) => {
        if (slot === 0 && rtp.payload.length >= 4) {
          const seq = rtp.header.sequenceNumber;
          const number = rtp.payload.readUInt32BE(0);
          const seen = this.screenPackets.get(seq);
          if (seen !== undefined) this.screenRepeats.push({ seq, sameNumber: seen === number });
          this.screenPackets.set(seq, number);
        }
        this.received[slot]!++;
        this.lastExtensions[slot] = rtp.header.extensions;
        this.lastSeq[slot] = rtp.header.sequenceNumber;
        this.lastSsrc[slot] = rtp.header.ssrc;
      });
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: res.data.sdp });
    this.transceivers = pc.getTransceivers();
    this.transceivers.forEach((t) => t.setDirection('recvonly'));
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    const ack = await this.conn.request('media:answer', { legId: res.data.legId, sdp: pc.localDescription!.sdp });
    if (!ack.ok) throw new Error(`answer failed: ${ack.error.code}`);
  }

  /** The id this viewer negotiated for `uri` on `slot`, if it did. */
  extensionId(slot: number, uri: string): number | undefined {
    return this.transceivers[slot]?.headerExtensions.find((e) => e.uri === uri)?.id;
  }

  /** Sends a PLI for the screen slot, as a decoder that lost a picture would. */
  async pli(): Promise<void> {
    const ssrc = this.lastSsrc[0];
    if (ssrc !== undefined) await this.transceivers[0]!.receiver.sendRtcpPLI(ssrc);
  }

  /** Reports the screen packet `seq` lost, as a browser's jitter buffer would (RTCP NACK). */
  async nack(seq: number): Promise<void> {
    const ssrc = this.lastSsrc[0];
    const receiver = this.transceivers[0]!.receiver;
    const feedback = new GenericNack({ senderSsrc: receiver.rtcpSsrc, mediaSourceSsrc: ssrc, lost: [seq] });
    await receiver.dtlsTransport.sendRtcp([new RtcpTransportLayerFeedback({ feedback })]);
  }

  async close() {
    await this.pc?.close().catch(() => {});
  }
}

export async function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
