/**
 * Who may change each surface in a live room. The teacher always can; students by the mode
 * the teacher set ("Give pen"). Kept in memory per room: a restarted host starts at the
 * defaults (board: teacher only; code: everyone).
 */
import type { Participant } from '../../shared';
import type { SurfaceKind, SurfacePermission, SurfacePermissions } from '../../shared/schemas/surfaces';
import { isTeacherRole } from '../services/sessions';

export const DEFAULT_PERMISSIONS: SurfacePermissions = {
  board: { mode: 'teacher', participantIds: [] },
  code: { mode: 'everyone', participantIds: [] },
};

export class SurfacePermissionBook {
  private rooms = new Map<string, SurfacePermissions>();

  of(roomId: string): SurfacePermissions {
    return this.rooms.get(roomId) ?? DEFAULT_PERMISSIONS;
  }

  set(roomId: string, surface: SurfaceKind, permission: SurfacePermission): SurfacePermissions {
    const next = { ...this.of(roomId), [surface]: { mode: permission.mode, participantIds: [...new Set(permission.participantIds)] } };
    this.rooms.set(roomId, next);
    return next;
  }

  canEdit(roomId: string, surface: SurfaceKind, who: Participant): boolean {
    if (isTeacherRole(who.role)) return true;
    const p = this.of(roomId)[surface];
    return p.mode === 'everyone' || (p.mode === 'selected' && p.participantIds.includes(who.id));
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
