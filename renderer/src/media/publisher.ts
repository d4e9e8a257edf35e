/**
 * The publisher leg: ONE connection from this browser to the host, however many watch.
 * Three fixed sendonly m-lines (screen, camera, mic); turning a source on or off is a
 * replaceTrack, never a renegotiation. simple-peer is the initiator here: it makes the offer
 * (plus its data channel, which the host answers and nobody uses), the host answers.
 */
import type { RoomConnection } from '../../../shared/client';
import { PUBLISH_SLOTS, type MediaSource, type MediaSources, type Quality } from '../../../shared/schemas/media';
import { applyEncoding, createPeer, encodingFor, negotiated, nextDescription, pinCodec, rawPc, type Peer } from './rtc';

export class Publisher {
  readonly peer: Peer;
  /** simple-peer's RTCPeerConnection, kept so stats still work once the peer is gone. */
  readonly pc: RTCPeerConnection;
  private transceivers: RTCRtpTransceiver[];
  /** The offer simple-peer is preparing (it starts right after construction). */
  private offer: Promise<string>;
  /** Settles once the host's answer is applied. */
  private ready: Promise<void>;
  private closed = false;

  /** `onFailed`: the connection broke after it was set up (ICE failure, host gone). */
  constructor(
    private quality: Quality,
    onFailed: () => void,
  ) {
    this.peer = createPeer(true);
    this.pc = rawPc(this.peer);
    // Synchronously after construction, so simple-peer's first (batched) offer has all three.
    PUBLISH_SLOTS.forEach((source) => {
      this.peer.addTransceiver(source === 'mic' ? 'audio' : 'video', { direction: 'sendonly', sendEncodings: [encodingFor(source, quality)] });
    });
    this.transceivers = this.pc.getTransceivers();
    this.transceivers.forEach((t, i) => pinCodec(t, PUBLISH_SLOTS[i] === 'mic' ? 'audio' : 'video'));
    this.offer = nextDescription(this.peer);
    this.offer.catch(() => {}); // a peer closed before publish() is reported there
    this.ready = negotiated(this.peer);
    let up = false;
    this.ready.then(
      () => (up = true),
      () => {},
    );
    // simple-peer destroys itself on ICE/connection failure (and when its data channel closes).
    this.peer.on('close', () => {
      if (up && !this.closed) onFailed();
    });
  }

  /** Offers to the host. Resolves with an error message if the host refuses. */
  async publish(conn: RoomConnection, sources: MediaSources): Promise<string | null> {
    const sdp = await this.offer;
    const res = await conn.request('media:publish', { sdp, sources, quality: this.quality });
    if (!res.ok) return res.error.message;
    this.peer.signal({ type: 'answer', sdp: res.data.sdp });
    await this.ready;
    await this.setQuality(this.quality);
    return null;
  }

  async setTrack(source: MediaSource, track: MediaStreamTrack | null): Promise<void> {
    await this.transceivers[PUBLISH_SLOTS.indexOf(source)]!.sender.replaceTrack(track);
  }

  async setQuality(quality: Quality): Promise<void> {
    this.quality = quality;
    await Promise.all(PUBLISH_SLOTS.map((s, i) => applyEncoding(this.transceivers[i]!.sender, encodingFor(s, quality))));
  }

  /** Encoder-side figures for the benchmark and the details panel. */
  async framesEncoded(): Promise<number> {
    let frames = 0;
    (await this.pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') frames += s.framesEncoded ?? 0;
    });
    return frames;
  }

  close(): void {
    this.closed = true;
    this.peer.destroy();
  }
}
