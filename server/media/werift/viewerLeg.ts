/**
 * One viewer's connection from the host: three sendonly m-lines (PUBLISH_SLOTS) that stay
 * negotiated for the whole class, so streams starting, stopping or changing hands (stage
 * handover) never need a renegotiation: only an RTP continuity rewrite.
 *
 * The host makes the offer here, without a data channel, and the browser answers with
 * simple-peer (not the initiator, so it adds none): the answer must mirror our three m-lines.
 */
import { RTCPeerConnection, type RTCRtpSender, type RtpPacket } from 'werift';
import type { LegState } from '../sfu';
import {
  checkSections,
  closeQuietly,
  gathered,
  hostLeadsDtls,
  PLAYOUT_DELAY_URI,
  SLOT_KINDS,
  viewerConfig,
  withoutMdnsCandidates,
  ZERO_PLAYOUT_DELAY,
  type IceOptions,
} from './peer';

type HeaderExtensions = RtpPacket['header']['extensions'];
const NO_EXTENSIONS: HeaderExtensions = [];

/** RTP timestamp step across a source switch: one 30 fps frame at 90 kHz; 20 ms of Opus. */
const SWITCH_STEP = { video: 3000, audio: 960 } as const;

export interface ViewerLegOptions {
  ice: IceOptions;
  onState(state: LegState): void;
  /** The viewer's decoder lost a picture on this slot (or just started). */
  onKeyframeNeeded(slot: number): void;
}

export class ViewerLeg {
  readonly pc: RTCPeerConnection;
  private senders: RTCRtpSender[] = [];
  /** Source SSRC last forwarded per slot: a new one means a new publisher or track. */
  private sourceSsrc: (number | undefined)[] = [];
  private closed = false;
  /**
   * What the screen slot's packets carry: zero playout delay, if the browser's answer accepted
   * the extension. Latency over smoothness for the screen: at ≤ 10 fps of slides and code an
   * uneven frame gap of a few ms is invisible, while the jitter buffer added 14 ms on one
   * viewer and 51 ms at 40 (bench:media, docs/PERFORMANCE.md). The camera keeps its jitter
   * buffer (a talking head must move smoothly).
   */
  private screenExtensions: HeaderExtensions = NO_EXTENSIONS;
  packetsOut = 0;

  constructor(
    readonly legId: string,
    private readonly opts: ViewerLegOptions,
  ) {
    this.pc = new RTCPeerConnection(viewerConfig(opts.ice));
    this.pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') {
        this.opts.onState('connected');
        // A late joiner needs a keyframe now, not at the publisher's next periodic one.
        this.opts.onKeyframeNeeded(0);
        this.opts.onKeyframeNeeded(1);
      }
      if (s === 'failed' || s === 'closed') this.opts.onState(s);
    });
  }

  async offer(): Promise<string> {
    SLOT_KINDS.forEach((kind, slot) => {
      const t = this.pc.addTransceiver(kind, { direction: 'sendonly' });
      this.senders[slot] = t.sender;
      t.sender.onPictureLossIndication.subscribe(() => this.opts.onKeyframeNeeded(slot));
    });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    return hostLeadsDtls(this.pc.localDescription!.sdp);
  }

  async answer(sdp: string): Promise<void> {
    checkSections(sdp, SLOT_KINDS);
    if (/^m=application /m.test(sdp)) throw new Error('the answer has a data channel we did not offer');
    await this.pc.setRemoteDescription({ type: 'answer', sdp: withoutMdnsCandidates(sdp) });
    const screen = this.pc.getTransceivers()[0]?.headerExtensions.find((e) => e.uri === PLAYOUT_DELAY_URI);
    this.screenExtensions = screen ? [{ id: screen.id, payload: ZERO_PLAYOUT_DELAY }] : NO_EXTENSIONS;
  }

  get connected(): boolean {
    return !this.closed && this.pc.connectionState === 'connected';
  }

  /**
   * Forwards one packet. The same packet
   * object goes to every viewer: werift's sender (0.25) clones it before rewriting the SSRC and
   * sequence number and keeps the clone in its NACK history, so each viewer's retransmissions
   * carry its own numbering (media.test.ts "retransmits…" checks it). Passing objects, not a
   * serialized copy per viewer, saves a serialize + parse per viewer per packet.
   */
  forward(slot: number, packet: RtpPacket): void {
    const header = packet.header;
    const sender = this.senders[slot];
    if (!sender || !this.connected) return;
    if (this.sourceSsrc[slot] !== header.ssrc) {
      if (this.sourceSsrc[slot] !== undefined) {
        sender.replaceRTP(header, true, slot === 2 ? SWITCH_STEP.audio : SWITCH_STEP.video);
      }
      this.sourceSsrc[slot] = header.ssrc;
    }
    this.packetsOut++;
    // This leg's own extensions: the publisher's ids were negotiated on its leg, not on ours.
    // The packet object is shared by all viewers, but werift's sender copies the header,
    // extensions included, synchronously inside sendRtp (before its first await), so setting
    // them just before the call is safe.
    packet.header.extensions = slot === 0 ? this.screenExtensions : NO_EXTENSIONS;
    packet.header.extension = false;
    sender.sendRtp(packet).catch(() => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await closeQuietly(this.pc);
  }
}
