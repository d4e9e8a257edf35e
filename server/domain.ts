/**
 * The host's domain services over one database, built in one place: rooms, sessions, chat,
 * classrooms, lectures, attendance, and the programmatic API acting as the host's owner.
 * The network side (HTTP, Socket.IO) is wired in host.ts.
 */
import type { Database } from 'better-sqlite3';
import { ALL_FEATURES_ON, type ClassroomFeatures, type User } from '../shared';
import { TeachingPlayground } from './playground';
import { createAttendanceService } from './services/attendance';
import { createChatService } from './services/chat';
import { createClassroomService } from './services/classrooms';
import type { Clock } from './services/clock';
import { createLectureService } from './services/lectures';
import { createRoomService } from './services/rooms';
import { createSessionService } from './services/sessions';
import { createLectureStore } from './store/lectureStore';
import { OWNER_USER_ID } from './store/migrations/002_lectures';
import type { Store } from './store/store';

export interface DomainDeps {
  db: Database;
  store: Store;
  clock: Clock;
  connections(): number;
}

export function createDomain(deps: DomainDeps) {
  const { db, store, clock } = deps;
  const lstore = createLectureStore(db);
  const rooms = createRoomService(store, clock);
  const sessions = createSessionService(store, clock);
  const chat = createChatService(store, clock);
  const classrooms = createClassroomService(lstore, clock);
  const attendance = createAttendanceService(lstore, clock);
  // Ending a live room needs the network (tell everyone); host.ts binds it once io exists.
  let closeRoom: (roomId: string) => void = (roomId) => void rooms.end(roomId);
  const lectures = createLectureService({
    lstore,
    rooms,
    classrooms,
    clock,
    closeRoom: (roomId) => closeRoom(roomId),
  });
  const owner: User = lstore.userById(OWNER_USER_ID)!;
  const featuresOfRoom = new Map<string, { version: number; features: ClassroomFeatures }>();
  const playground = new TeachingPlayground(
    { store, lstore, classrooms, lectures, attendance, clock, connections: deps.connections, liveRooms: () => rooms.live().length },
    owner,
  );

  return {
    lstore,
    rooms,
    sessions,
    chat,
    classrooms,
    attendance,
    lectures,
    owner,
    playground,
    bindCloseRoom(fn: (roomId: string) => void) {
      closeRoom = fn;
    },
    /**
     * Feature toggles of the classroom a room belongs to (all on if it has none). Read on every
     * chat message, so kept until a classroom, lecture or room link changes (three queries saved).
     */
    roomFeatures(roomId: string): ClassroomFeatures {
      const cached = featuresOfRoom.get(roomId);
      if (cached && cached.version === lstore.version()) return cached.features;
      const lecture = lectures.lectureOfRoom(roomId);
      const features = (lecture && lstore.classroomById(lecture.classroomId)?.features) ?? ALL_FEATURES_ON;
      if (featuresOfRoom.size > 1000) featuresOfRoom.clear(); // a host serves a few rooms a day
      featuresOfRoom.set(roomId, { version: lstore.version(), features });
      return features;
    },
  };
}
export type Domain = ReturnType<typeof createDomain>;
