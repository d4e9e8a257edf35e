/**
 * The viewer leg: one connection from the host to this browser with three recvonly m-lines
 * (screen, camera, mic). It is set up once per socket connection and stays up while streams
 * come and go. If ICE fails (Wi-Fi roam, sleep), it asks the host for a fresh leg by itself.
 */
import type { RoomConnection } from '../../../shared/client';
import { PUBLISH_SLOTS, type MediaSource, type MediaState } from '../../../shared/schemas/media';
import { RTC_CONFIG, gathered } from './rtc';

export type RemoteStreams = Record<MediaSource, MediaStream | null>;

const RETRY_MS = 1000;

export class Viewer {
  pc: RTCPeerConnection | null = null;
  streams: RemoteStreams = { screen: null, camera: null, mic: null };
  /** The socket connection our current leg belongs to. */
  connectionId: string | null = null;
  private busy = false;
  private closed = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly conn: RoomConnection,
    private readonly onChange: (state?: MediaState) => void,
  ) {}

  /** (Re)creates the leg unless one for this connection exists or is being made. */
  async ensure(forConnectionId?: string): Promise<void> {
    if (this.closed || this.busy) return;
    if (forConnectionId && forConnectionId === this.connectionId && this.pc?.connectionState !== 'failed') return;
    this.busy = true;
    try {
      await this.connect();
    } catch {
      this.scheduleRetry();
    } finally {
      this.busy = false;
    }
  }

  private async connect(): Promise<void> {
    const res = await this.conn.request('media:subscribe', {});
    if (!res.ok) throw new Error(res.error.message);
    this.pc?.close();
    const pc = (this.pc = new RTCPeerConnection(RTC_CONFIG));
    const streams: RemoteStreams = { screen: null, camera: null, mic: null };
    pc.addEventListener('track', (e) => {
      const slot = pc.getTransceivers().indexOf(e.transceiver);
      const source = PUBLISH_SLOTS[slot];
      if (source) streams[source] = new MediaStream([e.track]);
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === 'failed') this.scheduleRetry();
      this.onChange();
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: res.data.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    const ack = await this.conn.request('media:answer', { legId: res.data.legId, sdp: pc.localDescription!.sdp });
    if (!ack.ok) throw new Error(ack.error.message);
    this.streams = streams;
    this.connectionId = res.data.state.connectionId;
    this.onChange(res.data.state);
  }

  /** ICE failure: renegotiate through the host with a brand-new leg. */
  private scheduleRetry() {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connectionId = null;
      void this.ensure();
    }, RETRY_MS);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.pc?.close();
    this.pc = null;
  }
}
