/**
 * Class interaction events (raise hand, polls, quizzes, announcements, typing, moderation):
 * schemas merged into clientEvents/serverEvents in ./events. Every list and text is bounded
 * here, so the host never stores or broadcasts more than these limits allow.
 */
import { z } from 'zod';
import { normalizeChatText } from '../text';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

const Id = z.string().min(1).max(64);
const IsoDate = z.iso.datetime();

/** Person-typed text: normalised like chat, then 1–`max` characters. */
function typedText(what: string, max: number) {
  return z
    .string({ error: `Type ${what}.` })
    .max(max * 4, { error: `${what[0]!.toUpperCase()}${what.slice(1)} can be at most ${max} characters.` })
    .transform(normalizeChatText)
    .pipe(
      z
        .string()
        .min(1, { error: `Type ${what}.` })
        .max(max, { error: `${what[0]!.toUpperCase()}${what.slice(1)} can be at most ${max} characters.` }),
    );
}

export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;
export const QUIZ_QUESTIONS_MAX = 20;
export const QUIZ_OPTIONS_MAX = 6;
export const QUIZ_SECONDS_MIN = 10;
export const QUIZ_SECONDS_MAX = 3600;

// ---- raise hand ----

export const RaisedHandSchema = z.object({ participantId: Id, name: z.string(), raisedAt: IsoDate });
export type RaisedHand = z.infer<typeof RaisedHandSchema>;
/** The queue, oldest hand first. */
export const HandsSchema = z.object({ hands: z.array(RaisedHandSchema) });
export type Hands = z.infer<typeof HandsSchema>;
/** Teacher lowers one hand, or every hand when participantId is left out. */
export const HandDismissSchema = z.strictObject({ participantId: Id.optional() });

// ---- polls ----

export const PollCreateSchema = z.strictObject({
  question: typedText('a question', 300),
  options: z
    .array(typedText('an option', 120))
    .min(POLL_OPTIONS_MIN, { error: `A poll needs at least ${POLL_OPTIONS_MIN} options.` })
    .max(POLL_OPTIONS_MAX, { error: `A poll can have at most ${POLL_OPTIONS_MAX} options.` }),
  multiple: z.boolean(),
  anonymous: z.boolean(),
});
export type PollCreate = z.input<typeof PollCreateSchema>;

const OptionIndex = z.number().int().min(0).max(POLL_OPTIONS_MAX - 1);
export const PollVoteSchema = z.strictObject({
  pollId: Id,
  choices: z
    .array(OptionIndex)
    .min(1, { error: 'Pick an option.' })
    .max(POLL_OPTIONS_MAX)
    .refine((a) => new Set(a).size === a.length, { error: 'Each option can be picked once.' }),
});
export const PollCloseSchema = z.strictObject({ pollId: Id, showResults: z.boolean() });

export const PollResultsSchema = z.object({
  counts: z.array(z.number().int().min(0)),
  voters: z.number().int().min(0),
  /** Who voted for what; only for a teacher, and never for an anonymous poll. */
  ballots: z.array(z.object({ name: z.string(), choices: z.array(z.number().int()) })).optional(),
});
export type PollResults = z.infer<typeof PollResultsSchema>;

export const PollSchema = z.object({
  id: Id,
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  anonymous: z.boolean(),
  status: z.enum(['open', 'closed']),
  createdAt: IsoDate,
  /** Teacher: always. Student: only once the poll is closed and the teacher showed them. */
  results: PollResultsSchema.nullable(),
  /** The receiving student's own choices (empty if they have not voted). */
  yourChoices: z.array(z.number().int()),
});
export type Poll = z.infer<typeof PollSchema>;

// ---- timed quizzes ----

export const QuizQuestionInputSchema = z
  .strictObject({
    prompt: typedText('a question', 300),
    options: z.array(typedText('an answer', 120)).min(2).max(QUIZ_OPTIONS_MAX),
    correct: z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1),
  })
  .refine((q) => q.correct < q.options.length, { error: 'The correct answer must be one of the options.' });

export const QuizCreateSchema = z.strictObject({
  title: typedText('a title', 120),
  questions: z
    .array(QuizQuestionInputSchema)
    .min(1, { error: 'A quiz needs a question.' })
    .max(QUIZ_QUESTIONS_MAX, { error: `A quiz can have at most ${QUIZ_QUESTIONS_MAX} questions.` }),
  seconds: z.number().int().min(QUIZ_SECONDS_MIN).max(QUIZ_SECONDS_MAX),
});
export type QuizCreate = z.input<typeof QuizCreateSchema>;

export const QuizSubmitSchema = z.strictObject({
  quizId: Id,
  /** One entry per question: the chosen option, or null when skipped. */
  answers: z.array(z.number().int().min(0).max(QUIZ_OPTIONS_MAX - 1).nullable()).min(1).max(QUIZ_QUESTIONS_MAX),
});
export const QuizIdSchema = z.strictObject({ quizId: Id });

/** A quiz as a student sees it: no correct answers until it is closed. */
export const QuizSchema = z.object({
  id: Id,
  title: z.string(),
  questions: z.array(z.object({ prompt: z.string(), options: z.array(z.string()) })),
  startedAt: IsoDate,
  deadline: IsoDate,
  status: z.enum(['open', 'closed']),
  submitted: z.boolean(),
});
export type Quiz = z.infer<typeof QuizSchema>;

/** A student's own result, sent once the quiz has closed. */
export const QuizScoreSchema = z.object({
  quizId: Id,
  score: z.number().int().min(0),
  total: z.number().int().min(0),
  correct: z.array(z.number().int()),
  yours: z.array(z.number().int().nullable()),
});
export type QuizScore = z.infer<typeof QuizScoreSchema>;

/** The teacher's view: per-question correctness and a per-student table. */
export const QuizReportSchema = z.object({
  quizId: Id,
  title: z.string(),
  status: z.enum(['open', 'closed']),
  deadline: IsoDate,
  questions: z.array(
    z.object({ prompt: z.string(), options: z.array(z.string()), correct: z.number().int(), correctCount: z.number().int(), answered: z.number().int() }),
  ),
  students: z.array(
    /** Every student of the class; one who did not answer has score 0 and submittedAt null. */
    z.object({ participantId: Id, name: z.string(), score: z.number().int(), answers: z.array(z.number().int().nullable()), submittedAt: IsoDate.nullable() }),
  ),
});
export type QuizReport = z.infer<typeof QuizReportSchema>;

// ---- announcements ----

export const PRIORITIES = ['normal', 'urgent'] as const;
export const AnnounceSchema = z.strictObject({
  text: typedText('an announcement', 1000),
  priority: z.enum(PRIORITIES),
});
export const AnnouncementSchema = z.object({
  id: Id,
  text: z.string(),
  priority: z.enum(PRIORITIES),
  sentAt: IsoDate,
});
export type Announcement = z.infer<typeof AnnouncementSchema>;
export const AnnouncementAckSchema = z.strictObject({ announcementId: Id });

/** Teacher: for each announcement, who has acknowledged it and who has not. */
export const AnnouncementStatusSchema = z.object({
  announcements: z.array(
    AnnouncementSchema.extend({ acknowledged: z.array(z.string()), pending: z.array(z.string()) }),
  ),
});
export type AnnouncementStatus = z.infer<typeof AnnouncementStatusSchema>;

// ---- moderation ----

export const ChatDeleteSchema = z.strictObject({ messageId: Id });
export const ChatMuteSchema = z.strictObject({
  participantId: Id,
  muted: z.boolean(),
  reason: z.string().max(200).optional(),
});
export const RemoveParticipantSchema = z.strictObject({ participantId: Id });
export const ChatDeletedSchema = z.object({ messageId: Id, seq: z.number().int() });
export const MuteStateSchema = z.object({ muted: z.boolean(), reason: z.string() });
export const RemovedSchema = z.object({ message: z.string() });

// ---- read state ----

export const ChatReadSchema = z.strictObject({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const ReadStateSchema = z.object({ lastReadSeq: z.number().int().min(0) });

// ---- typing ----

export const TypingSchema = z.strictObject({ typing: z.boolean() });
export const TypingStateSchema = z.object({ typists: z.array(z.object({ id: Id, name: z.string() })).max(500) });

const Empty = z.strictObject({});
const Done = z.object({});

export const interactionClientEvents = {
  /** Ask the host to send this feature's current state again (as the usual events). */
  'interaction:sync': { payload: Empty, reply: Done },
  'hand:raise': { payload: Empty, reply: Done },
  'hand:lower': { payload: Empty, reply: Done },
  'hand:dismiss': { payload: HandDismissSchema, reply: Done },
  'poll:create': { payload: PollCreateSchema, reply: PollSchema },
  'poll:vote': { payload: PollVoteSchema, reply: z.object({ choices: z.array(z.number().int()) }) },
  'poll:close': { payload: PollCloseSchema, reply: PollSchema },
  'quiz:create': { payload: QuizCreateSchema, reply: QuizReportSchema },
  'quiz:submit': { payload: QuizSubmitSchema, reply: Done },
  'quiz:close': { payload: QuizIdSchema, reply: QuizReportSchema },
  'announce:send': { payload: AnnounceSchema, reply: AnnouncementSchema },
  'announce:ack': { payload: AnnouncementAckSchema, reply: Done },
  'message:delete': { payload: ChatDeleteSchema, reply: Done },
  'chat:mute': { payload: ChatMuteSchema, reply: Done },
  'class:remove': { payload: RemoveParticipantSchema, reply: Done },
  typing: { payload: TypingSchema, reply: Done },
  'chat:read': { payload: ChatReadSchema, reply: ReadStateSchema },
} as const satisfies Record<string, EventSpec>;

export const interactionServerEvents = {
  hands: HandsSchema,
  poll: PollSchema,
  quiz: QuizSchema,
  quiz_score: QuizScoreSchema,
  quiz_report: QuizReportSchema,
  announcement: AnnouncementSchema,
  announcement_status: AnnouncementStatusSchema,
  chat_deleted: ChatDeletedSchema,
  mute_state: MuteStateSchema,
  removed: RemovedSchema,
  typing_state: TypingStateSchema,
  read_state: ReadStateSchema,
} as const satisfies Record<string, z.ZodType>;

export const INTERACTION_TEACHER_ONLY_EVENTS = [
  'hand:dismiss',
  'poll:create',
  'poll:close',
  'quiz:create',
  'quiz:close',
  'announce:send',
  'message:delete',
  'chat:mute',
  'class:remove',
] as const satisfies readonly (keyof typeof interactionClientEvents)[];
