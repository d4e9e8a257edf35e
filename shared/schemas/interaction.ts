/**
 * Class interaction events (raise hand, polls, quizzes, announcements, typing, moderation): schemas merged into clientEvents/serverEvents in ./events.
 */
import type { z } from 'zod';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

export const interactionClientEvents = {} as const satisfies Record<string, EventSpec>;
export const interactionServerEvents = {} as const satisfies Record<string, z.ZodType>;
export const INTERACTION_TEACHER_ONLY_EVENTS: readonly (keyof typeof interactionClientEvents)[] = [];
