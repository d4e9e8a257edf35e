import type { RoomConnection, TeacherApi } from '../../../shared/client';

/** Whiteboard, code editor, file sharing (issue 6). */
export function SharedSurfaces(_props: { conn: RoomConnection; role: 'teacher' | 'student'; teacherApi?: TeacherApi }) {
  return null;
}
