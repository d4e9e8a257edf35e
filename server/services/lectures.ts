/**
 * Lectures (seed 000 Event): scheduling, the lifecycle state machine, starting one (a live
 * class with a fresh room code) and ending it. Ad-hoc "Host a class" is a lecture too.
 */
import {
  canTransition,
  LectureCreateSchema,
  LectureFiltersSchema,
  LectureUpdateSchema,
  type Lecture,
  type LectureCreate,
  type LectureFilters,
  type LectureStatus,
  type LectureUpdate,
  type Room,
  type User,
} from '../../shared';
import { QUICK_CLASSROOM_ID } from '../store/migrations/002_lectures';
import type { LectureRecord, LectureStore } from '../store/lectureStore';
import { requireOwner, requireStaff } from './authz';
import type { ClassroomService } from './classrooms';
import type { Clock } from './clock';
import { ServiceError } from './errors';
import type { RoomService } from './rooms';
import { newId } from './tokens';
import { parseInput } from './validate';

export interface LectureDeps {
  lstore: LectureStore;
  rooms: RoomService;
  classrooms: ClassroomService;
  clock: Clock;
  /** Ends a live room: revokes sessions, tells everyone, clears live state. */
  closeRoom(roomId: string): void;
}

export function createLectureService(deps: LectureDeps) {
  const { lstore, rooms, classrooms, clock } = deps;
  const now = () => clock.now().toISOString();

  function toWire(l: LectureRecord): Lecture {
    const linked = lstore.lectureRooms(l.id);
    const live = linked.find((r) => r.status === 'live');
    return { ...l, roomId: (live ?? linked.at(-1))?.id ?? null, code: live?.code ?? null };
  }
  function record(id: string): LectureRecord {
    const l = lstore.lectureById(id);
    if (!l) throw new ServiceError('NOT_FOUND', 'That lecture does not exist.');
    return l;
  }
  function transition(l: LectureRecord, to: LectureStatus, extra: Partial<LectureRecord> = {}): LectureRecord {
    if (!canTransition(l.status, to)) {
      throw new ServiceError('INVALID_TRANSITION', `A ${l.status} lecture cannot become ${to}.`);
    }
    const next = { ...l, ...extra, status: to, updatedAt: now() };
    lstore.updateLecture(next);
    return next;
  }
  function checkSeats(classroomId: string, maxParticipants: number) {
    const c = classrooms.record(classroomId);
    if (maxParticipants > c.capacity) {
      throw new ServiceError('BAD_REQUEST', `Max participants (${maxParticipants}) is more than the classroom holds (${c.capacity}).`);
    }
    return c;
  }
  function openRoomFor(l: LectureRecord): Room {
    const room = rooms.open(l.title);
    lstore.linkRoom(room.id, l.id);
    return room;
  }

  const service = {
    record,
    get: (id: string) => toWire(record(id)),

    schedule(actor: User, input: LectureCreate): Lecture {
      requireStaff(actor, 'schedule lectures');
      const data = parseInput(LectureCreateSchema, input);
      const c = classrooms.record(data.classroomId);
      if (c.maintenance) throw new ServiceError('CONFLICT', 'That classroom is under maintenance.');
      const maxParticipants = data.maxParticipants ?? c.capacity;
      checkSeats(c.id, maxParticipants);
      const at = now();
      return toWire(
        lstore.insertLecture({
          id: newId(),
          title: data.title,
          description: data.description ?? '',
          date: new Date(data.date).toISOString(),
          classroomId: c.id,
          teacherId: actor.id,
          createdBy: actor.id,
          status: 'scheduled',
          maxParticipants,
          adHoc: false,
          startedAt: null,
          endedAt: null,
          createdAt: at,
          updatedAt: at,
        }),
      );
    },

    update(actor: User, id: string, patch: LectureUpdate): Lecture {
      const l = record(id);
      requireOwner(actor, l, 'change this lecture');
      const data = parseInput(LectureUpdateSchema, patch);
      if (l.status === 'completed' || l.status === 'cancelled') {
        throw new ServiceError('CONFLICT', `A ${l.status} lecture can no longer be changed.`);
      }
      const next: LectureRecord = {
        ...l,
        title: data.title ?? l.title,
        description: data.description ?? l.description,
        date: data.date ? new Date(data.date).toISOString() : l.date,
        classroomId: data.classroomId ?? l.classroomId,
        maxParticipants: data.maxParticipants ?? l.maxParticipants,
      };
      checkSeats(next.classroomId, next.maxParticipants);
      if (data.status) return toWire(transition(next, data.status));
      lstore.updateLecture({ ...next, updatedAt: now() });
      return toWire(record(id));
    },

    cancel(actor: User, id: string): Lecture {
      const l = record(id);
      requireOwner(actor, l, 'cancel this lecture');
      return toWire(transition(l, 'cancelled'));
    },

    /** Opens the lecture's classroom for students with a fresh room code. */
    start(actor: User, id: string): Lecture {
      const l = record(id);
      requireOwner(actor, l, 'start this lecture');
      if (classrooms.record(l.classroomId).maintenance) {
        throw new ServiceError('CONFLICT', 'That classroom is under maintenance.');
      }
      const next = transition(l, 'in-progress', { startedAt: now() });
      openRoomFor(next);
      return toWire(next);
    },

    /** Marks it completed, then ends its live class (everyone told, live state cleared). */
    end(actor: User, id: string): Lecture {
      const l = record(id);
      requireOwner(actor, l, 'end this lecture');
      const next = transition(l, 'completed', { endedAt: now() });
      for (const r of lstore.lectureRooms(l.id)) if (r.status === 'live') deps.closeRoom(r.id);
      return toWire(next);
    },

    /** "Host a class" without scheduling: an ad-hoc lecture, started at once. */
    startAdHoc(actor: User, title: string): { lecture: Lecture; room: Room } {
      requireStaff(actor, 'host a class');
      const at = now();
      const l = lstore.insertLecture({
        id: newId(),
        title,
        description: '',
        date: at,
        classroomId: QUICK_CLASSROOM_ID,
        teacherId: actor.id,
        createdBy: actor.id,
        status: 'in-progress',
        maxParticipants: classrooms.record(QUICK_CLASSROOM_ID).capacity,
        adHoc: true,
        startedAt: at,
        endedAt: null,
        createdAt: at,
        updatedAt: at,
      });
      const room = openRoomFor(l);
      return { lecture: toWire(l), room };
    },

    lectureOfRoom(roomId: string): LectureRecord | undefined {
      const id = lstore.roomLectureId(roomId);
      return id ? lstore.lectureById(id) : undefined;
    },

    list(filters: LectureFilters = {}): Lecture[] {
      return lstore.lectures(parseInput(LectureFiltersSchema, filters)).map(toWire);
    },
    /** The actor's own lectures (seed 000 getTeacherLectures). */
    forTeacher(actor: User, filters: LectureFilters = {}): Lecture[] {
      requireStaff(actor, 'list their lectures');
      return service.list({ ...filters, teacherId: actor.id });
    },
    count: () => lstore.lectureCount(),
  };
  return service;
}
export type LectureService = ReturnType<typeof createLectureService>;
