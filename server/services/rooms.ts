/**
 * Live classes ("rooms"): opening one with a fresh code, finding it by code, ending it.
 */
import { generateRoomCode, type Room } from '../../shared';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { newId } from './tokens';

export const DEFAULT_CLASS_NAME = 'Class';

export function createRoomService(store: Store, clock: Clock) {
  /**
   * A code no live class uses. Collisions are astronomically rare (1 in 1e9 per live room),
   * but the unique index would reject one, so draw again rather than fail.
   */
  function freeCode(previous?: string): string {
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = generateRoomCode();
      if (code !== previous && !store.liveRoomByCode(code)) return code;
    }
    throw new Error('Could not draw a free room code');
  }

  return {
    open(name: string = DEFAULT_CLASS_NAME): Room {
      return store.insertRoom({ id: newId(), code: freeCode(), name, startedAt: clock.now().toISOString() });
    },
    /** A fresh code for a live class (after code guessing); the old one stops working. */
    rotateCode(roomId: string): Room | undefined {
      const room = store.roomById(roomId);
      if (!room || room.status !== 'live') return undefined;
      store.setRoomCode(roomId, freeCode(room.code));
      return store.roomById(roomId);
    },
    byCode: (code: string) => store.liveRoomByCode(code),
    byId: (id: string) => store.roomById(id),
    live: () => store.liveRooms(),
    /** Marks the room ended and revokes its sessions. False if it was not live. */
    end(roomId: string): { ended: boolean; endedAt: string } {
      const endedAt = clock.now().toISOString();
      return { ended: store.endRoom(roomId, endedAt), endedAt };
    },
  };
}
export type RoomService = ReturnType<typeof createRoomService>;
