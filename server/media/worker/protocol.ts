/**
 * The messages between the host's main thread and the SFU worker thread (./sfuWorker.ts),
 * as zod schemas: each side parses what it receives (structured clone keeps the shapes, but
 * a bug on one side must surface as a logged, typed error on the other, not as `undefined`).
 *
 * main → worker: a Request ({ id, op, ...args }); the worker answers each with a Reply of the
 * same id. worker → main, unasked: leg state events, stats snapshots, log lines.
 */
import { z } from 'zod';
import { QualitySchema } from '../../../shared/schemas/media';

const id = z.number().int().nonnegative();
const roomId = z.string().min(1);
const viewerId = z.string().min(1);
const sdp = z.string();

export const IceOptionsSchema = z.strictObject({
  additionalHostAddresses: z.array(z.string()).optional(),
  loopbackOnly: z.boolean().optional(),
});

/** workerData: what the worker needs to build its werift SFU. */
export const WorkerInitSchema = z.strictObject({
  ice: IceOptionsSchema,
  pliIntervalMs: z.number().int().positive().optional(),
  /** The host logger's level, so a silent host gets no log traffic from the worker. */
  logLevel: z.string(),
  /** How often the worker pushes stats when they changed (ms). */
  statsIntervalMs: z.number().int().positive(),
});
export type WorkerInit = z.infer<typeof WorkerInitSchema>;

export const RequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ id, op: z.literal('publish'), roomId, publisherViewerId: viewerId, offerSdp: sdp, quality: QualitySchema }),
  z.strictObject({ id, op: z.literal('unpublish'), roomId, publisherViewerId: viewerId.optional() }),
  z.strictObject({ id, op: z.literal('setQuality'), roomId, quality: QualitySchema }),
  z.strictObject({ id, op: z.literal('subscribe'), roomId, viewerId }),
  z.strictObject({ id, op: z.literal('answer'), roomId, viewerId, legId: z.string(), answerSdp: sdp }),
  z.strictObject({ id, op: z.literal('requestKeyframe'), roomId }),
  z.strictObject({ id, op: z.literal('dropViewer'), roomId, viewerId }),
  z.strictObject({ id, op: z.literal('closeRoom'), roomId }),
  z.strictObject({ id, op: z.literal('close') }),
  /**
   * Breaks the worker on purpose, after replying: 'throw' raises an uncaught error, 'hang'
   * spins forever. Tests and the bench use it to check recovery; nothing else sends it.
   */
  z.strictObject({ id, op: z.literal('crash'), how: z.enum(['throw', 'hang']) }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type Op = Request['op'];
/** A request without its id: what the main thread asks for. */
export type Ask = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

/** What a successful reply carries, per op. */
export const RESULT_SCHEMAS = {
  publish: z.strictObject({ answerSdp: sdp }),
  subscribe: z.strictObject({ legId: z.string(), offerSdp: sdp }),
  unpublish: z.undefined(),
  setQuality: z.undefined(),
  answer: z.undefined(),
  requestKeyframe: z.undefined(),
  dropViewer: z.undefined(),
  closeRoom: z.undefined(),
  close: z.undefined(),
  crash: z.undefined(),
} satisfies Record<Op, z.ZodType>;
export type ResultOf<O extends Op> = z.infer<(typeof RESULT_SCHEMAS)[O]>;

export const SfuStatsSchema = z.strictObject({
  rooms: z.number(),
  viewers: z.number(),
  publishers: z.number(),
  packetsIn: z.number(),
  packetsOut: z.number(),
  keyframeRequestsSent: z.number(),
  keyframeRequestsAsked: z.number(),
});

/** The typed errors of ../sfu, by name, so the main thread can throw the same classes. */
export const ErrorKindSchema = z.enum(['unknownLeg', 'badSdp', 'internal']);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

const LegStateSchema = z.enum(['connecting', 'connected', 'failed', 'closed']);

const ReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({ type: z.literal('reply'), id, ok: z.literal(true), result: z.unknown().optional(), stats: SfuStatsSchema }),
  z.strictObject({
    type: z.literal('reply'),
    id,
    ok: z.literal(false),
    error: z.strictObject({ kind: ErrorKindSchema, message: z.string() }),
    stats: SfuStatsSchema,
  }),
]);

export const WorkerMessageSchema = z.discriminatedUnion('type', [
  ReplySchema,
  z.strictObject({ type: z.literal('viewerState'), roomId, viewerId, state: LegStateSchema }),
  z.strictObject({ type: z.literal('publisherState'), roomId, publisherViewerId: viewerId, state: LegStateSchema }),
  z.strictObject({ type: z.literal('stats'), stats: SfuStatsSchema }),
  /** The worker has loaded werift and listens: request timeouts count from here. */
  z.strictObject({ type: z.literal('ready') }),
  /** One pino JSON line from the worker's logger; the main thread re-logs it. */
  z.strictObject({ type: z.literal('log'), line: z.string() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;
