/**
 * Live media events (screen share, camera, stage): schemas for signalling between browsers
 * and the host's forwarding unit. Merged into clientEvents/serverEvents in ./events.
 */
import type { z } from 'zod';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

export const mediaClientEvents = {} as const satisfies Record<string, EventSpec>;
export const mediaServerEvents = {} as const satisfies Record<string, z.ZodType>;
export const MEDIA_TEACHER_ONLY_EVENTS: readonly (keyof typeof mediaClientEvents)[] = [];
