/**
 * Shared surfaces events (whiteboard, code editor, file sharing): schemas merged into clientEvents/serverEvents in ./events.
 */
import type { z } from 'zod';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

export const surfacesClientEvents = {} as const satisfies Record<string, EventSpec>;
export const surfacesServerEvents = {} as const satisfies Record<string, z.ZodType>;
export const SURFACES_TEACHER_ONLY_EVENTS: readonly (keyof typeof surfacesClientEvents)[] = [];
