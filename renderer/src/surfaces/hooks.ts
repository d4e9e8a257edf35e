/** React glue for the shared surfaces: one SurfaceSync per mounted surface, live permissions. */
import { useEffect, useState } from 'react';
import type { Participant } from '../../../shared';
import type { RoomConnection } from '../../../shared/client';
import type { SurfaceKind, SurfacePermissions } from '../../../shared/schemas/surfaces';
import { SurfaceSync } from './surfaceSync';

const DEFAULTS: SurfacePermissions = {
  board: { mode: 'teacher', participantIds: [] },
  code: { mode: 'everyone', participantIds: [] },
};

/** The surface's provider for as long as the component is mounted, and the last error. */
export function useSurfaceSync(conn: RoomConnection, surface: SurfaceKind, awarenessIntervalMs?: number) {
  const [sync, setSync] = useState<SurfaceSync | null>(null);
  const [synced, setSynced] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A refused change leaves the local doc ahead of the host's: start over from the host's.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const s = new SurfaceSync(conn, surface, {
      awarenessIntervalMs,
      onError: (e) => setError(e.message),
      onRefused: () => setGeneration((g) => g + 1),
      onSynced: () => setSynced(true),
    });
    setSync(s);
    return () => s.destroy();
  }, [conn, surface, generation, awarenessIntervalMs]);
  return { sync, synced, error, setError };
}

export function usePermissions(conn: RoomConnection) {
  const [permissions, setPermissions] = useState<SurfacePermissions>(DEFAULTS);
  useEffect(() => conn.subscribe('surface_permissions', setPermissions), [conn]);
  return [permissions, setPermissions] as const;
}

export function useParticipants(conn: RoomConnection): { you: Participant | undefined; students: Participant[] } {
  const [list, setList] = useState(conn.participants);
  useEffect(() => conn.on('participants', setList), [conn]);
  return { you: conn.you, students: list.filter((p) => p.role === 'student') };
}

/** Re-renders whenever `observe` reports a change. */
export function useChanges(subscribe: ((fn: () => void) => () => void) | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => subscribe?.(() => setVersion((v) => v + 1)), [subscribe]);
  return version;
}

export function canEdit(perms: SurfacePermissions, surface: SurfaceKind, you: Participant | undefined, role: 'teacher' | 'student') {
  if (role === 'teacher') return true;
  const p = perms[surface];
  return p.mode === 'everyone' || (p.mode === 'selected' && !!you && p.participantIds.includes(you.id));
}
