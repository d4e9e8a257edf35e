/**
 * Storage for users, classrooms, lectures and attendance (part of the store module: the only
 * code that touches these tables). Prepared statements only.
 */
import type { Database } from 'better-sqlite3';
import {
  ALL_FEATURES_ON,
  type ClassroomFeatures,
  type LectureStatus,
  type Role,
  type User,
} from '../../shared';

export interface ClassroomRecord {
  id: string;
  name: string;
  capacity: number;
  features: ClassroomFeatures;
  maintenance: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LectureRecord {
  id: string;
  title: string;
  description: string;
  date: string;
  classroomId: string;
  teacherId: string;
  createdBy: string;
  status: LectureStatus;
  maxParticipants: number;
  adHoc: boolean;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttendanceRecord {
  participantId: string;
  name: string;
  role: Role;
  handsRaised: number;
  messages: number;
  joinedAt: string;
  leftAt: string | null;
}

interface ClassroomRow {
  id: string;
  name: string;
  capacity: number;
  features: string;
  maintenance: number;
  created_at: string;
  updated_at: string;
}
interface LectureRow {
  id: string;
  title: string;
  description: string;
  date: string;
  classroom_id: string;
  teacher_id: string;
  created_by: string;
  status: LectureStatus;
  max_participants: number;
  ad_hoc: number;
  started_at: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

function parseFeatures(json: string): ClassroomFeatures {
  try {
    return { ...ALL_FEATURES_ON, ...(JSON.parse(json) as Partial<ClassroomFeatures>) };
  } catch {
    return ALL_FEATURES_ON;
  }
}
const toClassroom = (r: ClassroomRow): ClassroomRecord => ({
  id: r.id,
  name: r.name,
  capacity: r.capacity,
  features: parseFeatures(r.features),
  maintenance: r.maintenance === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toLecture = (r: LectureRow): LectureRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  date: r.date,
  classroomId: r.classroom_id,
  teacherId: r.teacher_id,
  createdBy: r.created_by,
  status: r.status,
  maxParticipants: r.max_participants,
  adHoc: r.ad_hoc === 1,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface LectureQuery {
  from?: string;
  to?: string;
  teacherId?: string;
  classroomId?: string;
  status?: LectureStatus;
}

export type LectureStore = ReturnType<typeof createLectureStore>;

export function createLectureStore(db: Database) {
  const s = {
    insertUser: db.prepare<[string, string, string, string]>(
      'INSERT INTO users (id, name, role, created_at) VALUES (?, ?, ?, ?)',
    ),
    userById: db.prepare<[string], User>('SELECT id, name, role FROM users WHERE id = ?'),
    insertClassroom: db.prepare<[string, string, number, string, string, string]>(
      'INSERT INTO classrooms (id, name, capacity, features, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateClassroom: db.prepare<[string, number, string, number, string, string]>(
      'UPDATE classrooms SET name = ?, capacity = ?, features = ?, maintenance = ?, updated_at = ? WHERE id = ?',
    ),
    deleteClassroom: db.prepare<[string, string]>('UPDATE classrooms SET deleted_at = ? WHERE id = ?'),
    classroomById: db.prepare<[string], ClassroomRow>('SELECT * FROM classrooms WHERE id = ? AND deleted_at IS NULL'),
    classrooms: db.prepare<[], ClassroomRow>('SELECT * FROM classrooms WHERE deleted_at IS NULL ORDER BY name'),
    insertLecture: db.prepare(
      `INSERT INTO lectures (id, title, description, date, classroom_id, teacher_id, created_by, status,
                             max_participants, ad_hoc, started_at, created_at, updated_at)
       VALUES (@id, @title, @description, @date, @classroomId, @teacherId, @createdBy, @status,
               @maxParticipants, @adHoc, @startedAt, @createdAt, @updatedAt)`,
    ),
    updateLecture: db.prepare(
      `UPDATE lectures SET title = @title, description = @description, date = @date, classroom_id = @classroomId,
              status = @status, max_participants = @maxParticipants, started_at = @startedAt,
              ended_at = @endedAt, updated_at = @updatedAt
       WHERE id = @id`,
    ),
    lectureById: db.prepare<[string], LectureRow>('SELECT * FROM lectures WHERE id = ?'),
    lectures: db.prepare<[Record<keyof LectureQuery, string | null>], LectureRow>(
      `SELECT * FROM lectures
       WHERE (@from IS NULL OR date >= @from) AND (@to IS NULL OR date <= @to)
         AND (@teacherId IS NULL OR teacher_id = @teacherId) AND (@classroomId IS NULL OR classroom_id = @classroomId)
         AND (@status IS NULL OR status = @status)
       ORDER BY date, created_at`,
    ),
    lectureCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM lectures'),
    activeLecturesIn: db.prepare<[string], { status: LectureStatus; n: number }>(
      `SELECT status, COUNT(*) AS n FROM lectures
       WHERE classroom_id = ? AND status IN ('scheduled', 'delayed', 'in-progress') GROUP BY status`,
    ),
    linkRoom: db.prepare<[string, string]>('UPDATE rooms SET lecture_id = ? WHERE id = ?'),
    roomLecture: db.prepare<[string], { lecture_id: string | null }>('SELECT lecture_id FROM rooms WHERE id = ?'),
    lectureRooms: db.prepare<[string], { id: string; status: string; code: string }>(
      'SELECT id, status, code FROM rooms WHERE lecture_id = ? ORDER BY started_at, rowid',
    ),
    openInterval: db.prepare<[string, string]>('INSERT INTO attendance (participant_id, joined_at) VALUES (?, ?)'),
    closeInterval: db.prepare<[string, string]>(
      'UPDATE attendance SET left_at = ? WHERE participant_id = ? AND left_at IS NULL',
    ),
    closeRoomIntervals: db.prepare<[string, string]>(
      `UPDATE attendance SET left_at = ?
       WHERE left_at IS NULL AND participant_id IN (SELECT id FROM participants WHERE room_id = ?)`,
    ),
    attendance: db.prepare<[string], AttendanceRecord>(
      `SELECT p.id AS participantId, p.name, p.role, p.hands_raised AS handsRaised,
              (SELECT COUNT(*) FROM messages m WHERE m.sender_id = p.id) AS messages,
              a.joined_at AS joinedAt, a.left_at AS leftAt
       FROM attendance a JOIN participants p ON p.id = a.participant_id
       JOIN rooms r ON r.id = p.room_id
       WHERE r.lecture_id = ?
       ORDER BY a.joined_at, a.id`,
    ),
    seatsTaken: db.prepare<[string], { n: number }>(
      `SELECT COUNT(DISTINCT p.id) AS n FROM participants p
       WHERE p.room_id = ? AND p.role = 'student' AND p.left_at IS NULL`,
    ),
    bumpHands: db.prepare<[string]>('UPDATE participants SET hands_raised = hands_raised + 1 WHERE id = ?'),
    clearLeft: db.prepare<[string]>('UPDATE participants SET left_at = NULL WHERE id = ?'),
  };

  // Bumped by every write to classrooms, lectures or a room's lecture link, so a reader can
  // cache what it derives from them (a room's feature toggles, read on every chat message).
  let version = 0;

  return {
    /** Changes whenever a classroom, a lecture or a room's lecture link is written. */
    version: () => version,
    insertUser(u: User & { createdAt: string }): User {
      s.insertUser.run(u.id, u.name, u.role, u.createdAt);
      return { id: u.id, name: u.name, role: u.role };
    },
    userById: (id: string) => s.userById.get(id),

    insertClassroom(c: Omit<ClassroomRecord, 'maintenance'>): ClassroomRecord {
      version++;
      s.insertClassroom.run(c.id, c.name, c.capacity, JSON.stringify(c.features), c.createdAt, c.updatedAt);
      return { ...c, maintenance: false };
    },
    updateClassroom(c: ClassroomRecord): void {
      version++;
      s.updateClassroom.run(c.name, c.capacity, JSON.stringify(c.features), c.maintenance ? 1 : 0, c.updatedAt, c.id);
    },
    deleteClassroom(id: string, at: string): void {
      version++;
      s.deleteClassroom.run(at, id);
    },
    classroomById: (id: string) => {
      const r = s.classroomById.get(id);
      return r && toClassroom(r);
    },
    classrooms: () => s.classrooms.all().map(toClassroom),
    activeLectureCounts(classroomId: string): Partial<Record<LectureStatus, number>> {
      return Object.fromEntries(s.activeLecturesIn.all(classroomId).map((r) => [r.status, r.n]));
    },

    insertLecture(l: LectureRecord): LectureRecord {
      version++;
      s.insertLecture.run({ ...l, adHoc: l.adHoc ? 1 : 0 });
      return l;
    },
    updateLecture(l: LectureRecord): void {
      version++;
      s.updateLecture.run({
        id: l.id,
        title: l.title,
        description: l.description,
        date: l.date,
        classroomId: l.classroomId,
        status: l.status,
        maxParticipants: l.maxParticipants,
        startedAt: l.startedAt,
        endedAt: l.endedAt,
        updatedAt: l.updatedAt,
      });
    },
    lectureById: (id: string) => {
      const r = s.lectureById.get(id);
      return r && toLecture(r);
    },
    lectures: (q: LectureQuery) =>
      s.lectures
        .all({
          from: q.from ? new Date(q.from).toISOString() : null,
          to: q.to ? new Date(q.to).toISOString() : null,
          teacherId: q.teacherId ?? null,
          classroomId: q.classroomId ?? null,
          status: q.status ?? null,
        })
        .map(toLecture),
    lectureCount: () => s.lectureCount.get()!.n,
    linkRoom(roomId: string, lectureId: string): void {
      version++;
      s.linkRoom.run(lectureId, roomId);
    },
    roomLectureId: (roomId: string) => s.roomLecture.get(roomId)?.lecture_id ?? undefined,
    lectureRooms: (lectureId: string) => s.lectureRooms.all(lectureId),

    openAttendance: (participantId: string, at: string) => {
      s.closeInterval.run(at, participantId); // never two open stretches
      s.openInterval.run(participantId, at);
      s.clearLeft.run(participantId);
    },
    closeAttendance: (participantId: string, at: string) => void s.closeInterval.run(at, participantId),
    closeRoomAttendance: (roomId: string, at: string) => void s.closeRoomIntervals.run(at, roomId),
    attendance: (lectureId: string) => s.attendance.all(lectureId),
    seatsTaken: (roomId: string) => s.seatsTaken.get(roomId)!.n,
    bumpHands: (participantId: string) => void s.bumpHands.run(participantId),
  };
}
