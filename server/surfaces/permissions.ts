/**
 * Who may change each surface of a lecture. The teacher always can; students by the mode the
 * teacher set ("Give pen", "Who can type"). Kept with the lecture in SQLite (migration 005),
 * so a restarted host carries on with them; cached here, since every update checks them.
 * Without a stored choice: board teacher only, code everyone.
 */
import type { Participant } from '../../shared';
import type { SurfaceKind, SurfacePermission, SurfacePermissions } from '../../shared/schemas/surfaces';
import { isTeacherRole } from '../services/sessions';
import type { SurfacesStore } from '../store/surfacesStore';

export const DEFAULT_PERMISSIONS: SurfacePermissions = {
  board: { mode: 'teacher', participantIds: [] },
  code: { mode: 'everyone', participantIds: [] },
};

export class SurfacePermissionBook {
  private lectures = new Map<string, SurfacePermissions>();

  constructor(
    private readonly store: Pick<SurfacesStore, 'permissions' | 'setPermission'>,
    /** The lecture a live room belongs to. */
    private readonly lectureOf: (roomId: string) => string,
    private readonly now: () => string,
  ) {}

  of(roomId: string): SurfacePermissions {
    const lectureId = this.lectureOf(roomId);
    let p = this.lectures.get(lectureId);
    if (!p) {
      p = { ...DEFAULT_PERMISSIONS, ...this.store.permissions(lectureId) };
      this.lectures.set(lectureId, p);
    }
    return p;
  }

  set(roomId: string, surface: SurfaceKind, permission: SurfacePermission): SurfacePermissions {
    const one = { mode: permission.mode, participantIds: [...new Set(permission.participantIds)] };
    const lectureId = this.lectureOf(roomId);
    this.store.setPermission(lectureId, surface, one, this.now());
    const next = { ...this.of(roomId), [surface]: one };
    this.lectures.set(lectureId, next);
    return next;
  }

  canEdit(roomId: string, surface: SurfaceKind, who: Participant): boolean {
    if (isTeacherRole(who.role)) return true;
    const p = this.of(roomId)[surface];
    return p.mode === 'everyone' || (p.mode === 'selected' && p.participantIds.includes(who.id));
  }

  /** The class ended: drop the cached copy (the stored one stays with the lecture). */
  forget(roomId: string): void {
    this.lectures.delete(this.lectureOf(roomId));
  }
}
