/**
 * Classrooms, lectures, attendance and the archive (seed 000 Room/Event, seed 002 attendance).
 * The lecture lifecycle is a state machine; LECTURE_TRANSITIONS is its whole table.
 */
import { z } from 'zod';
import { ChatMessageSchema, RoleSchema } from './domain';

const Id = z.string().min(1).max(64);
const Iso = z.iso.datetime({ offset: true, error: 'Use a full date and time, like 2026-11-23T09:00:00Z.' });

export const CAPACITY_MAX = 500;

export const ClassroomFeaturesSchema = z.object({
  video: z.boolean(),
  audio: z.boolean(),
  chat: z.boolean(),
  whiteboard: z.boolean(),
  screenShare: z.boolean(),
});
export type ClassroomFeatures = z.infer<typeof ClassroomFeaturesSchema>;
export const ALL_FEATURES_ON: ClassroomFeatures = {
  video: true,
  audio: true,
  chat: true,
  whiteboard: true,
  screenShare: true,
};

export const CLASSROOM_STATUSES = ['available', 'scheduled', 'occupied', 'maintenance'] as const;
export type ClassroomStatus = (typeof CLASSROOM_STATUSES)[number];

export const ClassroomSchema = z.object({
  id: Id,
  name: z.string(),
  capacity: z.number().int(),
  features: ClassroomFeaturesSchema,
  status: z.enum(CLASSROOM_STATUSES),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Classroom = z.infer<typeof ClassroomSchema>;

const ClassroomName = z
  .string({ error: 'Give the classroom a name.' })
  .trim()
  .min(1, { error: 'Give the classroom a name.' })
  .max(100, { error: 'Classroom names can be at most 100 characters.' });
const Capacity = z
  .number({ error: 'Capacity must be a number.' })
  .int({ error: 'Capacity must be a whole number.' })
  .min(1, { error: 'Capacity must be at least 1.' })
  .max(CAPACITY_MAX, { error: `Capacity can be at most ${CAPACITY_MAX}.` });

export const ClassroomCreateSchema = z.strictObject({
  name: ClassroomName,
  capacity: Capacity,
  features: ClassroomFeaturesSchema.partial().optional(),
});
export type ClassroomCreate = z.input<typeof ClassroomCreateSchema>;

export const ClassroomUpdateSchema = z.strictObject({
  name: ClassroomName.optional(),
  capacity: Capacity.optional(),
  features: ClassroomFeaturesSchema.partial().optional(),
  maintenance: z.boolean().optional(),
});
export type ClassroomUpdate = z.input<typeof ClassroomUpdateSchema>;

export const LECTURE_STATUSES = ['scheduled', 'delayed', 'in-progress', 'completed', 'cancelled'] as const;
export type LectureStatus = (typeof LECTURE_STATUSES)[number];

/** Every allowed transition; anything else is refused with INVALID_TRANSITION. */
export const LECTURE_TRANSITIONS: Readonly<Record<LectureStatus, readonly LectureStatus[]>> = {
  scheduled: ['in-progress', 'delayed', 'cancelled'],
  delayed: ['in-progress', 'cancelled'],
  'in-progress': ['completed'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: LectureStatus, to: LectureStatus): boolean {
  return LECTURE_TRANSITIONS[from].includes(to);
}

export const LectureSchema = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  date: z.iso.datetime({ offset: true }),
  classroomId: Id,
  teacherId: Id,
  createdBy: Id,
  status: z.enum(LECTURE_STATUSES),
  maxParticipants: z.number().int(),
  /** The live class (room) while in progress, and the last one afterwards. */
  roomId: z.string().nullable(),
  /** The room code while in progress; null otherwise. */
  code: z.string().nullable(),
  adHoc: z.boolean(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Lecture = z.infer<typeof LectureSchema>;

const Title = z
  .string({ error: 'Give the lecture a title.' })
  .trim()
  .min(1, { error: 'Give the lecture a title.' })
  .max(200, { error: 'Titles can be at most 200 characters.' });
const Description = z.string().trim().max(2000, { error: 'Descriptions can be at most 2000 characters.' });
const MaxParticipants = z
  .number({ error: 'Max participants must be a number.' })
  .int({ error: 'Max participants must be a whole number.' })
  .min(1, { error: 'Max participants must be at least 1.' })
  .max(CAPACITY_MAX, { error: `Max participants can be at most ${CAPACITY_MAX}.` });

export const LectureCreateSchema = z.strictObject({
  title: Title,
  date: Iso,
  classroomId: Id,
  description: Description.optional(),
  maxParticipants: MaxParticipants.optional(),
});
export type LectureCreate = z.input<typeof LectureCreateSchema>;

export const LectureUpdateSchema = z.strictObject({
  title: Title.optional(),
  date: Iso.optional(),
  classroomId: Id.optional(),
  description: Description.optional(),
  maxParticipants: MaxParticipants.optional(),
  /** Only `delayed` can be set directly; starting, ending and cancelling have their own calls. */
  status: z.literal('delayed').optional(),
});
export type LectureUpdate = z.input<typeof LectureUpdateSchema>;

export const LectureFiltersSchema = z.strictObject({
  from: Iso.optional(),
  to: Iso.optional(),
  teacherId: Id.optional(),
  classroomId: Id.optional(),
  status: z.enum(LECTURE_STATUSES).optional(),
});
export type LectureFilters = z.input<typeof LectureFiltersSchema>;

export const UserSchema = z.object({ id: Id, name: z.string(), role: RoleSchema });
export type User = z.infer<typeof UserSchema>;

export const AttendanceIntervalSchema = z.object({
  joinedAt: z.iso.datetime(),
  leftAt: z.iso.datetime().nullable(),
});

export const AttendanceRowSchema = z.object({
  participantId: Id,
  name: z.string(),
  role: RoleSchema,
  firstJoin: z.iso.datetime(),
  lastLeave: z.iso.datetime().nullable(),
  minutesPresent: z.number(),
  messages: z.number().int(),
  handsRaised: z.number().int(),
  present: z.boolean(),
  intervals: z.array(AttendanceIntervalSchema),
});
export type AttendanceRow = z.infer<typeof AttendanceRowSchema>;

export const LectureDetailsSchema = z.object({
  lecture: LectureSchema,
  classroom: ClassroomSchema,
  attendance: z.array(AttendanceRowSchema),
  transcript: z.array(ChatMessageSchema),
});
export type LectureDetails = z.infer<typeof LectureDetailsSchema>;

export const SystemStatusSchema = z.object({
  rooms: z.object({ totalRooms: z.number().int(), isHealthy: z.boolean() }),
  communication: z.object({ isActive: z.boolean(), connections: z.number().int(), activeRooms: z.number().int() }),
  events: z.object({ totalLectures: z.number().int() }),
  data: z.object({ isHealthy: z.boolean() }),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;
