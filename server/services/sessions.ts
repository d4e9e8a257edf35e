/**
 * Sessions: who a token belongs to. A student gets a participant and a token when they join
 * by code; the teacher gets one participant per class (reused across tabs and reloads) and a
 * token per tab. Identity on a socket always comes from here, never from a payload.
 */
import type { Participant, Role, Room } from '../../shared';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { hashToken, newId, newToken } from './tokens';

export interface ResolvedSession {
  participant: Participant;
  roomId: string;
}

export function createSessionService(store: Store, clock: Clock) {
  function issue(participantId: string): string {
    const token = newToken();
    store.insertSession(hashToken(token), participantId, clock.now().toISOString());
    return token;
  }

  function addParticipant(room: Room, name: string, role: Role): Participant {
    return store.insertParticipant({
      id: newId(),
      roomId: room.id,
      name,
      role,
      joinedAt: clock.now().toISOString(),
    });
  }

  return {
    joinAsStudent(room: Room, name: string): { token: string; participant: Participant } {
      const participant = addParticipant(room, name, 'student');
      return { token: issue(participant.id), participant };
    },
    /** The host's owner: one teacher participant per class, reused by every tab. */
    enterAsTeacher(room: Room, name: string): { token: string; participant: Participant } {
      const participant = store.roomTeacher(room.id) ?? addParticipant(room, name, 'teacher');
      return { token: issue(participant.id), participant };
    },
    resolve(token: string): ResolvedSession | undefined {
      const row = store.sessionParticipant(hashToken(token));
      if (!row) return undefined;
      const { roomId, ...participant } = row;
      return { participant, roomId };
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;

export function isTeacherRole(role: Role): boolean {
  return role === 'teacher' || role === 'admin';
}
