import { useEffect, useRef, useState } from 'react';
import type { ChatMessage, ClassroomFeatures, Participant, Room } from '../../shared';
import { RoomConnection, type ConnectionStatus } from '../../shared/client';

export interface ConnectionView {
  status: ConnectionStatus;
  room: Room | undefined;
  you: Participant | undefined;
  participants: readonly Participant[];
  messages: readonly ChatMessage[];
  features: ClassroomFeatures | undefined;
}

const snapshot = (c: RoomConnection): ConnectionView => ({
  status: c.status,
  room: c.room,
  you: c.you,
  participants: c.participants,
  messages: c.messages,
  features: c.features,
});

/** React view of a RoomConnection: re-renders on every change the connection reports. */
export function useConnection(conn: RoomConnection): ConnectionView {
  const [view, setView] = useState(() => snapshot(conn));
  useEffect(() => {
    const update = () => setView(snapshot(conn));
    const offs = (['status', 'room_state', 'room', 'participants', 'messages'] as const).map((e) => conn.on(e, update));
    update();
    return () => offs.forEach((off) => off());
  }, [conn]);
  return view;
}

/**
 * Opens a RoomConnection for a session and closes it when the session changes or the
 * component unmounts (safe under React StrictMode's double effects).
 */
export function useRoomConnection(
  session: { baseUrl: string; token: string },
  onStatus: (status: ConnectionStatus) => void,
): RoomConnection | null {
  const [conn, setConn] = useState<RoomConnection | null>(null);
  const onStatusRef = useRef(onStatus);
  onStatusRef.current = onStatus;
  useEffect(() => {
    const c = new RoomConnection({ baseUrl: session.baseUrl, token: session.token });
    const off = c.on('status', (s) => onStatusRef.current(s));
    c.connect();
    setConn(c);
    return () => {
      off();
      c.close();
    };
  }, [session.baseUrl, session.token]);
  return conn;
}
