/**
 * Who may do what with classrooms and lectures (seed 000: "only teachers/admins create
 * lectures; only owners modify their lectures"). One place, so the matrix test covers it all.
 */
import type { User } from '../../shared';
import { ServiceError } from './errors';

export const isStaff = (u: User) => u.role === 'teacher' || u.role === 'admin';

export function requireStaff(actor: User, what: string): void {
  if (!isStaff(actor)) throw new ServiceError('FORBIDDEN', `Only a teacher or an admin can ${what}.`);
}

export function requireAdmin(actor: User, what: string): void {
  if (actor.role !== 'admin') throw new ServiceError('FORBIDDEN', `Only an admin can ${what}.`);
}

/** The lecture's own teacher, or an admin. */
export function requireOwner(actor: User, lecture: { teacherId: string }, what: string): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'teacher' && lecture.teacherId === actor.id) return;
  throw new ServiceError('FORBIDDEN', `Only the lecture's teacher or an admin can ${what}.`);
}
