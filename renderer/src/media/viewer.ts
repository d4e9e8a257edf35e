/**
 * The viewer leg: one connection from the host to this browser with three recvonly m-lines
 * (screen, camera, mic). It is set up once per socket connection and stays up while streams
 * come and go. The host makes the offer; simple-peer (not the initiator) answers it. If the
 * connection fails (Wi-Fi roam, sleep), simple-peer closes and we ask the host for a fresh leg.
 */
import type { RoomConnection } from '../../../shared/client';
import { PUBLISH_SLOTS, type MediaSource, type MediaState } from '../../../shared/schemas/media';
import { createPeer, nextDescription, rawPc, type Peer } from './rtc';

export type RemoteStreams = Record<MediaSource, MediaStream | null>;

const RETRY_MS = 1000;

export class Viewer {
  private peer: Peer | null = null;
  /** The current leg's RTCPeerConnection (simple-peer's own), for getStats. */
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
    if (forConnectionId && forConnectionId === this.connectionId && this.peer && !this.peer.destroyed) return;
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
    this.peer?.destroy();
    const peer = (this.peer = createPeer(false));
    const pc = (this.pc = rawPc(peer));
    peer.on('close', () => {
      if (peer !== this.peer) return;
      this.scheduleRetry();
      this.onChange();
    });
    // The link indicator follows the connection state (connected, disconnected…).
    pc.addEventListener('connectionstatechange', () => peer === this.peer && this.onChange());
    const answer = nextDescription(peer);
    peer.signal({ type: 'offer', sdp: res.data.sdp });
    const sdp = await answer;
    // The offer is applied, so each slot's receiver (and its track) exists: by m-line, not
    // by stream id, so it does not matter what the host puts in a=msid.
    const streams: RemoteStreams = { screen: null, camera: null, mic: null };
    pc.getTransceivers().forEach((t, slot) => {
      const source = PUBLISH_SLOTS[slot];
      if (source) streams[source] = new MediaStream([t.receiver.track]);
    });
    const ack = await this.conn.request('media:answer', { legId: res.data.legId, sdp });
    if (!ack.ok) throw new Error(ack.error.message);
    this.streams = streams;
    this.connectionId = res.data.state.connectionId;
    this.onChange(res.data.state);
  }

  /** The host says our leg failed on its side: replace it now (no wait for ICE to time out). */
  renew(): void {
    if (this.closed) return;
    this.peer?.destroy(); // its 'close' is ignored below: the peer is no longer current
    this.peer = null;
    this.pc = null;
    this.connectionId = null;
    this.onChange();
    void this.ensure();
  }

  /** Failure: renegotiate through the host with a brand-new leg. */
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
    this.peer?.destroy();
    this.peer = null;
    this.pc = null;
  }
}
