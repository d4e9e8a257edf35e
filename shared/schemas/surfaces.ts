/**
 * Shared surfaces events (whiteboard, code editor, file sharing): schemas merged into clientEvents/serverEvents in ./events.
 *
 * Whiteboard and code editor are Yjs documents (one per surface per lecture) kept by the host.
 * Updates travel as binary Yjs updates; awareness (cursors, names) as binary y-protocols
 * awareness updates. Files travel over HTTP (see FILES_API); the socket only announces them.
 */
import { z } from 'zod';

type EventSpec = { payload: z.ZodType; reply: z.ZodType };

export const SURFACES = ['board', 'code'] as const;
export const SurfaceKindSchema = z.enum(SURFACES);
export type SurfaceKind = z.infer<typeof SurfaceKindSchema>;

/**
 * The host accepts Socket.IO messages up to 64 KB (maxHttpBufferSize in server/host.ts);
 * a Yjs update must fit in one with room to spare for the envelope.
 */
export const SURFACE_UPDATE_MAX = 60 * 1024;
/** Room for a cursor, or for the stroke being drawn (see LiveStrokeSchema). */
export const AWARENESS_UPDATE_MAX = 16 * 1024;

/**
 * Binary on the wire: Node gives Buffers (a Uint8Array), browsers give ArrayBuffers.
 * Both become a Uint8Array; `max` bounds the size in bytes.
 */
export function bytesSchema(max = Number.MAX_SAFE_INTEGER) {
  return z
    .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, {
      error: 'Expected binary data.',
    })
    .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
    .refine((v) => v.byteLength <= max, { error: `That change is too large (over ${Math.round(max / 1024)} KB).` });
}

/** Who may change a surface: the teacher always can. */
export const EDIT_MODES = ['teacher', 'everyone', 'selected'] as const;
export const SurfacePermissionSchema = z.object({
  mode: z.enum(EDIT_MODES),
  /** With mode 'selected': the students who may edit. */
  participantIds: z.array(z.string().min(1).max(64)).max(500),
});
export type SurfacePermission = z.infer<typeof SurfacePermissionSchema>;

export const SurfacePermissionsSchema = z.object({
  board: SurfacePermissionSchema,
  code: SurfacePermissionSchema,
});
export type SurfacePermissions = z.infer<typeof SurfacePermissionsSchema>;

/** What a whiteboard stroke can be drawn with (the eraser removes strokes, it draws none). */
export const STROKE_TOOLS = ['pen', 'highlighter', 'line', 'rect', 'ellipse', 'text'] as const;

/**
 * Coordinates a live stroke may carry (x and y each count). The drawer thins a longer stroke's
 * preview to fit; the committed stroke keeps every point.
 */
export const LIVE_STROKE_MAX_COORDS = 1600;

/**
 * The stroke someone is drawing right now, in the `stroke` field of their whiteboard awareness
 * state (volatile, never stored): everyone sees it grow before the pen lifts. The host refuses
 * it from anyone without the pen, and receivers parse it before drawing it.
 */
export const LiveStrokeSchema = z.object({
  id: z.string().min(1).max(64),
  page: z.string().min(1).max(16),
  tool: z.enum(STROKE_TOOLS),
  color: z.string().max(32),
  size: z.number().min(0).max(256),
  points: z.array(z.number()).max(LIVE_STROKE_MAX_COORDS),
});
export type LiveStroke = z.infer<typeof LiveStrokeSchema>;

export const SurfaceSyncRequestSchema = z.strictObject({
  surface: SurfaceKindSchema,
  /** Y.encodeStateVector of what the client already has. */
  stateVector: bytesSchema(4096),
});
export const SurfaceSyncReplySchema = z.object({
  /** Everything the client lacks (Y.encodeStateAsUpdate against its state vector). */
  update: bytesSchema(),
  /** The host's state vector, so the client can send what the host lacks. */
  stateVector: bytesSchema(),
  canEdit: z.boolean(),
});

export const SurfaceUpdateSchema = z.strictObject({
  surface: SurfaceKindSchema,
  update: bytesSchema(SURFACE_UPDATE_MAX),
});
export const SurfaceAwarenessSchema = z.strictObject({
  surface: SurfaceKindSchema,
  update: bytesSchema(AWARENESS_UPDATE_MAX),
});
export const SetSurfacePermissionSchema = z.strictObject({
  surface: SurfaceKindSchema,
  permission: SurfacePermissionSchema,
});

// ---- files ----

export const FILE_KINDS = ['shared', 'handin'] as const;
export const SharedFileSchema = z.object({
  id: z.string().min(1).max(64),
  /** 'shared': the teacher sent it to the class; 'handin': a student handed it in. */
  kind: z.enum(FILE_KINDS),
  name: z.string(),
  size: z.number().int().min(0),
  uploaderId: z.string(),
  uploaderName: z.string(),
  createdAt: z.iso.datetime(),
});
export type SharedFile = z.infer<typeof SharedFileSchema>;

/** HTTP routes for files; every call carries `Authorization: Bearer <session token>`. */
export const FILES_API = {
  /** POST, raw body, `?name=<file name>`: the teacher shares a file with the class. */
  share: '/api/files/share',
  /** POST, raw body, `?name=<file name>`: a student hands a file in to the teacher. */
  handIn: '/api/files/handin',
  /** GET `/api/files/<id>`: download (attachment). */
  download: '/api/files/',
} as const;

/**
 * The lecture archive's files, after class (teacher token as the bearer, like every archive
 * route): the files shared in a lecture and the hand-ins, listed and downloaded.
 */
export const ARCHIVE_FILES_API = {
  /** GET: `{ files: SharedFile[] }`, shared files and hand-ins in upload order. */
  list: (lectureId: string) => `/api/files/archive/${encodeURIComponent(lectureId)}/files`,
  /** GET: the file as an attachment. */
  download: (lectureId: string, fileId: string) => `/api/files/archive/${encodeURIComponent(lectureId)}/files/${encodeURIComponent(fileId)}`,
} as const;
export const ArchiveFilesReplySchema = z.object({ files: z.array(SharedFileSchema) });

/** Default upload limit (HostOptions.maxFileBytes overrides it). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

export const surfacesClientEvents = {
  'surface:sync': { payload: SurfaceSyncRequestSchema, reply: SurfaceSyncReplySchema },
  'surface:update': { payload: SurfaceUpdateSchema, reply: z.object({}) },
  'surface:awareness': { payload: SurfaceAwarenessSchema, reply: z.object({}) },
  'surface:permission': { payload: SetSurfacePermissionSchema, reply: SurfacePermissionsSchema },
  'files:list': { payload: z.strictObject({}), reply: z.object({ files: z.array(SharedFileSchema) }) },
} as const satisfies Record<string, EventSpec>;

export const surfacesServerEvents = {
  /** A merged Yjs update; `awareness`: the same moment's cursor and live-stroke changes, if any. */
  surface_update: z.object({ surface: SurfaceKindSchema, update: bytesSchema(), awareness: bytesSchema().optional() }),
  surface_awareness: z.object({ surface: SurfaceKindSchema, update: bytesSchema() }),
  /** Sent on connect and whenever the teacher changes who may edit. */
  surface_permissions: SurfacePermissionsSchema,
  file_shared: SharedFileSchema,
  /** To the teacher only. */
  file_handed_in: SharedFileSchema,
} as const satisfies Record<string, z.ZodType>;

export const SURFACES_TEACHER_ONLY_EVENTS: readonly (keyof typeof surfacesClientEvents)[] = ['surface:permission'];
