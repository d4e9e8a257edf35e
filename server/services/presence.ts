/**
 * Who is in each live class right now (memory only: presence is not history).
 *
 * A participant is present while at least one of their sockets is connected. When the last
 * one goes, we wait `graceMs` before announcing the departure, so a page reload or a brief
 * Wi-Fi drop does not make a student flicker out of and back into everyone's list.
 */
import { sortParticipants, type Participant } from '../../shared';

interface Entry {
  participant: Participant;
  sockets: Set<string>;
  leaveTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Presence reports changes one participant at a time; the classroom turns them into
 * participant_joined / participant_left deltas (a full list per change would cost O(N²)
 * bytes while a class fills).
 */
export interface PresenceEvents {
  /** A participant who was not present is now (their first socket connected). */
  onJoined(roomId: string, participant: Participant): void;
  /** A participant was present and has now left for good (after the grace period). */
  onLeft(roomId: string, participant: Participant): void;
}

export function createPresence(graceMs: number, events: PresenceEvents) {
  const rooms = new Map<string, Map<string, Entry>>();

  function roomMap(roomId: string) {
    let m = rooms.get(roomId);
    if (!m) rooms.set(roomId, (m = new Map()));
    return m;
  }

  function remove(roomId: string, participantId: string) {
    const m = rooms.get(roomId);
    const entry = m?.get(participantId);
    if (!m || !entry) return;
    clearTimeout(entry.leaveTimer);
    m.delete(participantId);
    if (m.size === 0) rooms.delete(roomId);
    events.onLeft(roomId, entry.participant);
  }

  return {
    connect(roomId: string, participant: Participant, socketId: string) {
      const m = roomMap(roomId);
      const entry = m.get(participant.id);
      if (entry) {
        clearTimeout(entry.leaveTimer);
        entry.leaveTimer = undefined;
        entry.sockets.add(socketId);
        return;
      }
      m.set(participant.id, { participant, sockets: new Set([socketId]) });
      events.onJoined(roomId, participant);
    },
    disconnect(roomId: string, participantId: string, socketId: string) {
      const entry = rooms.get(roomId)?.get(participantId);
      if (!entry) return;
      entry.sockets.delete(socketId);
      if (entry.sockets.size > 0 || entry.leaveTimer) return;
      entry.leaveTimer = setTimeout(() => remove(roomId, participantId), graceMs);
      entry.leaveTimer.unref?.();
    },
    /** Immediate departure (the student pressed Leave). */
    leave: (roomId: string, participantId: string) => remove(roomId, participantId),
    list(roomId: string): Participant[] {
      const m = rooms.get(roomId);
      if (!m) return [];
      return sortParticipants([...m.values()].map((e) => e.participant));
    },
    /** Forget a room entirely (class ended). No events: the room is gone. */
    clear(roomId: string) {
      for (const e of rooms.get(roomId)?.values() ?? []) clearTimeout(e.leaveTimer);
      rooms.delete(roomId);
    },
    roomCount: () => rooms.size,
    closeAll() {
      for (const id of [...rooms.keys()]) this.clear(id);
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;

