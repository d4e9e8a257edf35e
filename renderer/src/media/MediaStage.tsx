import type { RoomConnection } from '../../../shared/client';

/** The stage: where the teacher's shared screen and camera appear. Filled by the media feature. */
export function MediaStage(_props: { conn: RoomConnection; role: 'teacher' | 'student' }) {
  return null;
}
