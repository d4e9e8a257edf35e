/**
 * The Electron IPC contract: channel names, payload schemas and the typed API the preload
 * exposes as `window.api`. Main parses every payload; the renderer parses every reply.
 */
import { z } from 'zod';

export const IPC = {
  hostStart: 'host:start',
  hostStop: 'host:stop',
  hostStatus: 'host:status',
  /** Snapshot of "Classes nearby" (DiscoverySnapshotSchema in ./discovery). */
  discoveryList: 'discovery:list',
  captureSources: 'capture:sources',
  captureSelect: 'capture:select',
} as const;

export const HostStartRequestSchema = z.strictObject({
  /** Preferred port; the host falls back to a free one if it is taken. */
  port: z.number().int().min(0).max(65535).optional(),
});
export type HostStartRequest = z.infer<typeof HostStartRequestSchema>;

export const RunningHostSchema = z.object({
  /** Base URL the local renderer uses to reach the host (loopback). */
  url: z.string(),
  teacherToken: z.string(),
  code: z.string().nullable(),
  studentUrls: z.array(z.string()),
});
export type RunningHost = z.infer<typeof RunningHostSchema>;

export const HostStatusSchema = z.object({ running: RunningHostSchema.nullable() });
export type HostStatus = z.infer<typeof HostStatusSchema>;

/** A screen or window the teacher can share, for the "Choose what to share" picker. */
export const CaptureSourceSchema = z.object({
  id: z.string().max(200),
  name: z.string(),
  kind: z.enum(['screen', 'window']),
  /** A small live thumbnail as a data: URL (PNG). */
  thumbnail: z.string(),
});
export type CaptureSource = z.infer<typeof CaptureSourceSchema>;
export const CaptureSourcesSchema = z.array(CaptureSourceSchema);

/** capture:sources' reply: what can be shared, and whether this OS can add system audio. */
export const CaptureSourcesReplySchema = z.object({
  sources: CaptureSourcesSchema,
  /** Windows, Linux with PipeWire: the picker offers "Share system audio". Not macOS. */
  systemAudio: z.boolean(),
});
export type CaptureSourcesReply = z.infer<typeof CaptureSourcesReplySchema>;

/** The source picked in the dialog; the next getDisplayMedia call from that page shares it. */
export const CaptureSelectSchema = z.strictObject({ id: z.string().min(1).max(200) });
export type CaptureSelect = z.infer<typeof CaptureSelectSchema>;

/** The origin of the desktop app's pages (a custom protocol, not file://). */
export const APP_ORIGIN = 'app://teaching-playground';

/** What the preload exposes on `window.api`. Every call resolves to a Result. */
export interface DesktopApi {
  readonly platform: 'electron';
  hostStart(req: HostStartRequest): Promise<unknown>;
  hostStop(): Promise<unknown>;
  hostStatus(): Promise<unknown>;
  discoveryList(): Promise<unknown>;
  captureSources(): Promise<unknown>;
  captureSelect(req: CaptureSelect): Promise<unknown>;
}
