/**
 * The forwarding unit behind one interface, so werift can be swapped for another SFU without
 * touching signalling or permissions. Everything crossing it is plain data (SDP strings, ids),
 * which is what lets ./worker run werift in a worker thread behind the same interface.
 *
 * Model: per room, at most one publisher connection with the three PUBLISH_SLOTS m-lines,
 * and one viewer connection per viewer id (a socket id) with the same three m-lines. The
 * SFU forwards every publisher RTP packet to every viewer except the publisher's own leg.
 */
import type { Quality } from '../../shared/schemas/media';

export interface PublishRequest {
  roomId: string;
  /** Identifies the publisher's connection; its own viewer leg gets nothing forwarded. */
  publisherViewerId: string;
  offerSdp: string;
  quality: Quality;
}

export type LegState = 'connecting' | 'connected' | 'failed' | 'closed';

export interface SfuEvents {
  /** A viewer leg changed state (failed: the client should ask for a new one). */
  onViewerState?(roomId: string, viewerId: string, state: LegState): void;
  /** The publisher's connection failed or closed on its own. */
  onPublisherState?(roomId: string, publisherViewerId: string, state: LegState): void;
}

export interface SfuStats {
  rooms: number;
  viewers: number;
  publishers: number;
  /** RTP packets received from publishers / sent to viewers since start. */
  packetsIn: number;
  packetsOut: number;
  /** Keyframe requests actually sent to publishers (after throttling) and asked for. */
  keyframeRequestsSent: number;
  keyframeRequestsAsked: number;
}

export interface Sfu {
  /** Accepts a publisher's offer and returns the answer. Replaces the room's previous publisher. */
  publish(req: PublishRequest): Promise<{ answerSdp: string }>;
  /** Stops the room's publisher (if `publisherViewerId` is given, only if it is that one). */
  unpublish(roomId: string, publisherViewerId?: string): Promise<void>;
  /** New bitrate ceiling for the publisher (REMB). */
  setQuality(roomId: string, quality: Quality): void;
  /** Creates (or replaces) a viewer leg and returns the host's offer. */
  subscribe(roomId: string, viewerId: string): Promise<{ legId: string; offerSdp: string }>;
  /** The viewer's answer to `subscribe`'s offer. Throws UnknownLegError for a stale leg. */
  answer(roomId: string, viewerId: string, legId: string, answerSdp: string): Promise<void>;
  /** Ask the publisher for a keyframe (throttled). */
  requestKeyframe(roomId: string): void;
  dropViewer(roomId: string, viewerId: string): Promise<void>;
  closeRoom(roomId: string): Promise<void>;
  stats(): SfuStats;
  close(): Promise<void>;
}

export class UnknownLegError extends Error {
  constructor() {
    super('That media connection is no longer current.');
  }
}

export class BadSdpError extends Error {}

/**
 * The SFU cannot take requests right now: its worker thread crashed (it is restarting) or the
 * host is closing. Media in flight was ended; clients ask again through their usual retry.
 */
export class SfuUnavailableError extends Error {
  constructor() {
    super('Live media is restarting on the host. Try again in a moment.');
  }
}
