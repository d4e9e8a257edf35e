/**
 * Live media events (screen share, camera, stage): schemas for signalling between browsers
 * and the host's forwarding unit (SFU). Merged into clientEvents/serverEvents in ./events.
 *
 * Shape of the media plane: one publisher per class at a time (the teacher, or the student
 * holding the stage) sends ONE WebRTC connection to the host with three fixed m-lines
 * (see PUBLISH_SLOTS); every other participant has one viewer connection from the host with
 * the same three m-lines. The host forwards RTP, so the publisher encodes each stream once.
 */
import { z } from 'zod';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

/** The m-lines of both legs, in this order (mid 0, 1, 2). Fixed so no renegotiation is needed. */
export const PUBLISH_SLOTS = ['screen', 'camera', 'mic'] as const;
export const MediaSourceSchema = z.enum(PUBLISH_SLOTS);
export type MediaSource = z.infer<typeof MediaSourceSchema>;

export const QUALITIES = ['low', 'medium', 'high'] as const;
export const QualitySchema = z.enum(QUALITIES);
export type Quality = z.infer<typeof QualitySchema>;

export interface QualityPreset {
  /** Screen: bits per second the publisher may send (setParameters and the host's REMB). */
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
  /** The camera tile is small: a fraction of the screen's budget. */
  cameraBitrate: number;
}

/** Classroom default is medium: ≈1.2 Mbps at up to 10 fps is sharp for slides and code. */
export const QUALITY_PRESETS: Record<Quality, QualityPreset> = {
  low: { maxBitrate: 500_000, maxFramerate: 5, scaleResolutionDownBy: 2, cameraBitrate: 150_000 },
  medium: { maxBitrate: 1_200_000, maxFramerate: 10, scaleResolutionDownBy: 1, cameraBitrate: 300_000 },
  high: { maxBitrate: 2_500_000, maxFramerate: 30, scaleResolutionDownBy: 1, cameraBitrate: 600_000 },
};
export const DEFAULT_QUALITY: Quality = 'medium';

/**
 * An SDP blob, a few KB. The host's carry all its ICE candidates; the browser's carry none (the
 * host would learn nothing from them that the browser's checks do not show; see
 * renderer/src/media/rtc.ts).
 */
export const SdpSchema = z.string().min(10, { error: 'Missing session description.' }).max(32_000);

const Id = z.string().min(1).max(64);

export const MicStateSchema = z.enum(['off', 'muted', 'live']);
export type MicState = z.infer<typeof MicStateSchema>;

/** What the publisher currently sends. */
export const MediaSourcesSchema = z.strictObject({
  screen: z.boolean(),
  camera: z.boolean(),
  mic: MicStateSchema,
});
export type MediaSources = z.infer<typeof MediaSourcesSchema>;

export const LINK_LEVELS = ['good', 'fair', 'poor'] as const;
export const LinkLevelSchema = z.enum(LINK_LEVELS);
export type LinkLevel = z.infer<typeof LinkLevelSchema>;

/** The class's media state, sent to each connection on connect and to all on change. */
export const MediaStateSchema = z.object({
  /** Student holding the stage, or null when it is the teacher's. */
  stageHolderId: Id.nullable(),
  /** Who is publishing now (null: nobody). */
  publisher: z.object({ id: Id, name: z.string() }).nullable(),
  sources: z.object({ screen: z.boolean(), camera: z.boolean(), mic: MicStateSchema }),
  quality: QualitySchema,
  /** Each viewer's self-reported connection quality (participant id → level). */
  links: z.record(z.string(), LinkLevelSchema),
  /**
   * The socket this message was sent to: a viewer whose leg belongs to another (older)
   * connection subscribes again.
   */
  connectionId: z.string().max(64),
});
export type MediaState = z.infer<typeof MediaStateSchema>;

export const StreamEventSchema = z.object({
  participantId: Id,
  name: z.string(),
  source: MediaSourceSchema,
  quality: QualitySchema,
});
export type StreamEvent = z.infer<typeof StreamEventSchema>;

// ---- client → host ----

export const PublishSchema = z.strictObject({
  /** Offer with the three PUBLISH_SLOTS m-lines, sendonly. */
  sdp: SdpSchema,
  sources: MediaSourcesSchema,
  quality: QualitySchema,
});
export const PublishUpdateSchema = z.strictObject({ sources: MediaSourcesSchema, quality: QualitySchema });
export const AnswerSchema = z.strictObject({ legId: Id, sdp: SdpSchema });
export const StageSchema = z.strictObject({ participantId: Id.nullable() });
export const LinkReportSchema = z.strictObject({ level: LinkLevelSchema });
const Empty = z.strictObject({});

export const mediaClientEvents = {
  /** Start publishing (teacher, or the stage holder). Reply: the host's answer. */
  'media:publish': { payload: PublishSchema, reply: z.object({ sdp: SdpSchema }) },
  /** The publisher turned a source on/off, muted, or changed quality. */
  'media:update': { payload: PublishUpdateSchema, reply: MediaStateSchema },
  'media:unpublish': { payload: Empty, reply: z.object({}) },
  /** Ask for a (new) viewer leg. Reply: the host's offer, to be answered with media:answer. */
  'media:subscribe': {
    payload: Empty,
    reply: z.object({ legId: Id, sdp: SdpSchema, state: MediaStateSchema }),
  },
  'media:answer': { payload: AnswerSchema, reply: z.object({}) },
  /** Teacher only: give the stage to a student (id) or take it back (null). */
  'media:stage': { payload: StageSchema, reply: MediaStateSchema },
  /** A viewer's own connection quality, shown to the teacher. */
  'media:link': { payload: LinkReportSchema, reply: z.object({}) },
} as const satisfies Record<string, EventSpec>;

export const mediaServerEvents = {
  media_state: MediaStateSchema,
  stream_started: StreamEventSchema,
  stream_stopped: StreamEventSchema,
  /**
   * The host saw this socket's viewer leg fail (its SFU restarted, say): ask for a new one now
   * rather than waiting for the browser to notice the silence (ICE takes ~15 s to give up).
   */
  media_leg_failed: z.object({}),
} as const satisfies Record<string, z.ZodType>;

export const MEDIA_TEACHER_ONLY_EVENTS: readonly (keyof typeof mediaClientEvents)[] = ['media:stage'];
