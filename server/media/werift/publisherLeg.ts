/**
 * The publisher's one connection to the host: receives the three PUBLISH_SLOTS m-lines and
 * hands every RTP packet to `onRtp`. Also the host's voice towards the publisher's encoder:
 * keyframe requests (PLI) and the bitrate ceiling (REMB).
 *
 * The browser makes the offer with simple-peer, which always adds a data channel
 * (m=application). We answer it and keep the channel open but unused: simple-peer takes the
 * channel closing as the connection ending, and rejecting the section (port 0) closes it at
 * once, so the browser would tear the leg down and publish again in a loop. Nothing it sends
 * on the channel is read.
 */
import { RTCPeerConnection, type RTCRtpReceiver, type RtpPacket } from 'werift';
import { PUBLISH_SLOTS, type MediaSource } from '../../../shared/schemas/media';
import type { LegState } from '../sfu';
import {
  checkSections,
  closeQuietly,
  gathered,
  publisherConfig,
  sendRemb,
  SLOT_KINDS,
  withoutMdnsCandidates,
  withStartBitrate,
  type IceOptions,
} from './peer';

/** Chrome keeps its REMB-driven estimate alive only if REMB keeps coming. */
const REMB_INTERVAL_MS = 1000;

export interface PublisherLegOptions {
  ice: IceOptions;
  onRtp(slot: number, rtp: RtpPacket): void;
  onState(state: LegState): void;
  /** Total bitrate ceiling for the connection, read at each REMB. */
  bitrate(): number;
}

export class PublisherLeg {
  readonly pc: RTCPeerConnection;
  private receivers: (RTCRtpReceiver | undefined)[] = [];
  /** Last media SSRC seen per slot: PLI and REMB name the stream they are about. */
  private ssrcs: (number | undefined)[] = [];
  private rembTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(private readonly opts: PublisherLegOptions) {
    this.pc = new RTCPeerConnection(publisherConfig(opts.ice));
    this.pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') this.opts.onState('connected');
      if (s === 'failed' || s === 'closed') this.opts.onState(s);
    });
  }

  /** Applies the browser's offer and returns our answer (with all our candidates and the start bitrate). */
  async answer(offerSdp: string): Promise<string> {
    checkSections(offerSdp, SLOT_KINDS);
    // werift fires track events inside setRemoteDescription: listen before applying the offer.
    this.pc.onTrack.subscribe((track) => {
      const slot = this.pc.getTransceivers().findIndex((t) => t.receiver.tracks.includes(track));
      if (slot < 0 || slot >= PUBLISH_SLOTS.length) return;
      track.onReceiveRtp.subscribe((rtp) => {
        this.ssrcs[slot] = rtp.header.ssrc;
        this.opts.onRtp(slot, rtp);
      });
    });
    await this.pc.setRemoteDescription({ type: 'offer', sdp: withoutMdnsCandidates(offerSdp) });
    const transceivers = this.pc.getTransceivers();
    if (transceivers.length !== PUBLISH_SLOTS.length) {
      throw new Error(`expected ${PUBLISH_SLOTS.length} m-lines, got ${transceivers.length}`);
    }
    transceivers.forEach((t, slot) => {
      if (t.kind !== SLOT_KINDS[slot]) throw new Error(`m-line ${slot} has kind ${t.kind}`);
      t.setDirection('recvonly');
      this.receivers[slot] = t.receiver;
    });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gathered(this.pc);
    this.rembTimer = setInterval(() => this.sendRemb(), REMB_INTERVAL_MS);
    this.rembTimer.unref?.();
    return withStartBitrate(this.pc.localDescription!.sdp, this.opts.bitrate());
  }

  /** PLI for one video slot. */
  requestKeyframe(source: MediaSource): void {
    const slot = PUBLISH_SLOTS.indexOf(source);
    const ssrc = this.ssrcs[slot];
    const receiver = this.receivers[slot];
    if (ssrc === undefined || !receiver || this.closed) return;
    void receiver.sendRtcpPLI(ssrc);
  }

  sendRemb(): void {
    if (this.closed || this.pc.connectionState !== 'connected') return;
    const ssrcs = this.ssrcs.filter((s): s is number => s !== undefined);
    const receiver = this.receivers[0];
    if (!receiver) return;
    sendRemb(receiver, ssrcs, this.opts.bitrate()).catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.rembTimer);
    await closeQuietly(this.pc);
  }
}
