/**
 * Classrooms (seed 000 Room): name, capacity, feature toggles, and a status that follows
 * what happens in them.
 */
import {
  ALL_FEATURES_ON,
  ClassroomCreateSchema,
  ClassroomUpdateSchema,
  type Classroom,
  type ClassroomCreate,
  type ClassroomStatus,
  type ClassroomUpdate,
  type User,
} from '../../shared';
import type { ClassroomRecord, LectureStore } from '../store/lectureStore';
import { requireStaff } from './authz';
import type { Clock } from './clock';
import { ServiceError } from './errors';
import { newId } from './tokens';
import { parseInput } from './validate';

export function createClassroomService(lstore: LectureStore, clock: Clock) {
  function status(c: ClassroomRecord): ClassroomStatus {
    if (c.maintenance) return 'maintenance';
    const counts = lstore.activeLectureCounts(c.id);
    if (counts['in-progress']) return 'occupied';
    if (counts.scheduled || counts.delayed) return 'scheduled';
    return 'available';
  }
  const toWire = (c: ClassroomRecord): Classroom => ({
    id: c.id,
    name: c.name,
    capacity: c.capacity,
    features: c.features,
    status: status(c),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });
  function record(id: string): ClassroomRecord {
    const c = lstore.classroomById(id);
    if (!c) throw new ServiceError('NOT_FOUND', 'That classroom does not exist.');
    return c;
  }

  return {
    record,
    get: (id: string) => toWire(record(id)),
    list: () => lstore.classrooms().map(toWire),
    create(actor: User, input: ClassroomCreate): Classroom {
      requireStaff(actor, 'create classrooms');
      const data = parseInput(ClassroomCreateSchema, input);
      const now = clock.now().toISOString();
      return toWire(
        lstore.insertClassroom({
          id: newId(),
          name: data.name,
          capacity: data.capacity,
          features: { ...ALL_FEATURES_ON, ...data.features },
          createdAt: now,
          updatedAt: now,
        }),
      );
    },
    update(actor: User, id: string, patch: ClassroomUpdate): Classroom {
      requireStaff(actor, 'change classrooms');
      const data = parseInput(ClassroomUpdateSchema, patch);
      const c = record(id);
      const next: ClassroomRecord = {
        ...c,
        name: data.name ?? c.name,
        capacity: data.capacity ?? c.capacity,
        features: { ...c.features, ...data.features },
        maintenance: data.maintenance ?? c.maintenance,
        updatedAt: clock.now().toISOString(),
      };
      lstore.updateClassroom(next);
      return toWire(next);
    },
    remove(actor: User, id: string): void {
      requireStaff(actor, 'delete classrooms');
      const c = record(id);
      const counts = lstore.activeLectureCounts(c.id);
      if (counts['in-progress'] || counts.scheduled || counts.delayed) {
        throw new ServiceError('CONFLICT', 'This classroom has lectures scheduled or running. Cancel or move them first.');
      }
      lstore.deleteClassroom(id, clock.now().toISOString());
    },
  };
}
export type ClassroomService = ReturnType<typeof createClassroomService>;
