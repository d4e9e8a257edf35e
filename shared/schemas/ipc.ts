/**
 * The Electron IPC contract: channel names, payload schemas and the typed API the preload
 * exposes as `window.api`. Main parses every payload; the renderer parses every reply.
 */
import { z } from 'zod';

export const IPC = {
  hostStart: 'host:start',
  hostStop: 'host:stop',
  hostStatus: 'host:status',
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

/** The origin of the desktop app's pages (a custom protocol, not file://). */
export const APP_ORIGIN = 'app://teaching-playground';

/** What the preload exposes on `window.api`. Every call resolves to a Result. */
export interface DesktopApi {
  readonly platform: 'electron';
  hostStart(req: HostStartRequest): Promise<unknown>;
  hostStop(): Promise<unknown>;
  hostStatus(): Promise<unknown>;
}
