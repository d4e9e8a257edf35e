/**
 * The programmatic API (seed 000 TeachingPlayground): the operations the teacher's screens use,
 * callable from Node. Every call acts as `currentUser`; refusals throw ServiceError with a
 * `code` (FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, BAD_REQUEST, CONFLICT).
 *
 *   const pg = host.playground;                 // acts as the host's owner (admin)
 *   const room = await pg.createClassroom({ name: 'Biology 101', capacity: 30 });
 *   const lecture = await pg.scheduleLecture({ title: 'Cells', date: '2026-12-01T09:00:00Z', classroomId: room.id });
 */
import {
  RoleSchema,
  type Classroom,
  type ClassroomCreate,
  type ClassroomUpdate,
  type Lecture,
  type LectureCreate,
  type LectureDetails,
  type LectureFilters,
  type LectureUpdate,
  type Role,
  type SystemStatus,
  type User,
} from '../shared';
import type { AttendanceService } from './services/attendance';
import { attendanceCsv, transcriptText } from './services/attendance';
import { requireAdmin, requireStaff } from './services/authz';
import type { ClassroomService } from './services/classrooms';
import type { Clock } from './services/clock';
import type { LectureService } from './services/lectures';
import { newId } from './services/tokens';
import { backupTo } from './store/backup';
import type { LectureStore } from './store/lectureStore';
import type { Store } from './store/store';
import { NameSchema } from '../shared';
import { parseInput } from './services/validate';
import { z } from 'zod';

export interface PlaygroundDeps {
  store: Store;
  lstore: LectureStore;
  classrooms: ClassroomService;
  lectures: LectureService;
  attendance: AttendanceService;
  clock: Clock;
  connections(): number;
  liveRooms(): number;
}

const NewUserSchema = z.strictObject({ name: NameSchema, role: RoleSchema });

export class TeachingPlayground {
  constructor(
    private readonly deps: PlaygroundDeps,
    readonly currentUser: User,
  ) {}

  /** The same API acting as another user. */
  as(user: User): TeachingPlayground {
    return new TeachingPlayground(this.deps, user);
  }

  async createUser(input: { name: string; role: Role }): Promise<User> {
    requireAdmin(this.currentUser, 'add users');
    const data = parseInput(NewUserSchema, input);
    return this.deps.lstore.insertUser({ id: newId(), ...data, createdAt: this.deps.clock.now().toISOString() });
  }

  async createClassroom(input: ClassroomCreate): Promise<Classroom> {
    return this.deps.classrooms.create(this.currentUser, input);
  }
  async updateClassroom(id: string, patch: ClassroomUpdate): Promise<Classroom> {
    return this.deps.classrooms.update(this.currentUser, id, patch);
  }
  async deleteClassroom(id: string): Promise<void> {
    this.deps.classrooms.remove(this.currentUser, id);
  }
  async listClassrooms(): Promise<Classroom[]> {
    return this.deps.classrooms.list();
  }

  async scheduleLecture(input: LectureCreate): Promise<Lecture> {
    return this.deps.lectures.schedule(this.currentUser, input);
  }
  async updateLecture(id: string, patch: LectureUpdate): Promise<Lecture> {
    return this.deps.lectures.update(this.currentUser, id, patch);
  }
  async cancelLecture(id: string): Promise<Lecture> {
    return this.deps.lectures.cancel(this.currentUser, id);
  }
  async startLecture(id: string): Promise<Lecture> {
    return this.deps.lectures.start(this.currentUser, id);
  }
  async endLecture(id: string): Promise<Lecture> {
    return this.deps.lectures.end(this.currentUser, id);
  }
  async getTeacherLectures(filters: LectureFilters = {}): Promise<Lecture[]> {
    return this.deps.lectures.forTeacher(this.currentUser, filters);
  }
  async listLectures(filters: LectureFilters = {}): Promise<Lecture[]> {
    return this.deps.lectures.list(filters);
  }

  /** The archive: attendance table and chat transcript. Teachers and admins only. */
  async getLectureDetails(id: string): Promise<LectureDetails> {
    requireStaff(this.currentUser, 'open the lecture archive');
    const lecture = this.deps.lectures.get(id);
    const transcript = this.deps.lstore
      .lectureRooms(id)
      .flatMap((r) => this.deps.store.messagesAfter(r.id, 0, Number.MAX_SAFE_INTEGER));
    return {
      lecture,
      classroom: this.deps.classrooms.get(lecture.classroomId),
      attendance: this.deps.attendance.rows(id),
      transcript,
    };
  }
  async attendanceCsv(id: string): Promise<string> {
    return attendanceCsv((await this.getLectureDetails(id)).attendance);
  }
  async transcriptText(id: string): Promise<string> {
    const d = await this.getLectureDetails(id);
    return transcriptText(d.lecture.title, d.transcript);
  }

  async backup(file: string): Promise<void> {
    requireAdmin(this.currentUser, 'back up the classroom data');
    await backupTo(this.deps.store.db, file);
  }

  getSystemStatus(): SystemStatus {
    const live = this.deps.liveRooms();
    return {
      rooms: { totalRooms: this.deps.classrooms.list().length, isHealthy: true },
      communication: { isActive: true, connections: this.deps.connections(), activeRooms: live },
      events: { totalLectures: this.deps.lectures.count() },
      data: { isHealthy: this.deps.store.db.open },
    };
  }
}
