import type { RoomConnection, TeacherApi } from '../../../shared/client';

/** Raise hand, polls, quizzes, announcements (issue 5). */
export function InteractionPanel(_props: { conn: RoomConnection; role: 'teacher' | 'student'; teacherApi?: TeacherApi }) {
  return null;
}
