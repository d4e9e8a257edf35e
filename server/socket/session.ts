import type { Participant } from '../../shared';

/** What the handshake middleware attaches to `socket.data.session`. */
export interface SocketSession {
  participant: Participant;
  roomId: string;
  /** Highest chat seq the client already had when it (re)connected. */
  lastSeq?: number;
}

/** Socket.IO room name for a class. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
