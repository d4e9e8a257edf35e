/**
 * The publisher leg: ONE connection from this browser to the host, however many watch.
 * Three fixed sendonly m-lines (screen, camera, mic); turning a source on or off is a
 * replaceTrack, never a renegotiation.
 */
import type { RoomConnection } from '../../../shared/client';
import { PUBLISH_SLOTS, type MediaSource, type MediaSources, type Quality } from '../../../shared/schemas/media';
import { RTC_CONFIG, applyEncoding, encodingFor, gathered, pinCodec } from './rtc';

export class Publisher {
  readonly pc = new RTCPeerConnection(RTC_CONFIG);
  private transceivers: RTCRtpTransceiver[];

  constructor(
    private quality: Quality,
    onFailed: () => void,
  ) {
    this.transceivers = PUBLISH_SLOTS.map((source) => {
      const kind = source === 'mic' ? 'audio' : 'video';
      const t = this.pc.addTransceiver(kind, { direction: 'sendonly', sendEncodings: [encodingFor(source, quality)] });
      pinCodec(t, kind);
      return t;
    });
    this.pc.addEventListener('connectionstatechange', () => {
      if (this.pc.connectionState === 'failed') onFailed();
    });
  }

  /** Offers to the host. Resolves with an error message if the host refuses. */
  async publish(conn: RoomConnection, sources: MediaSources): Promise<string | null> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    const res = await conn.request('media:publish', { sdp: this.pc.localDescription!.sdp, sources, quality: this.quality });
    if (!res.ok) return res.error.message;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: res.data.sdp });
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
    this.pc.close();
  }
}
