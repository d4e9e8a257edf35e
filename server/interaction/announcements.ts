/**
 * Announcements: normal or urgent. A student keeps receiving an announcement (on every join
 * and reconnect) until they acknowledge it; the teacher sees who has and who has not.
 */
import type { Socket } from 'socket.io';
import type { AnnouncementStatus } from '../../shared/schemas/interaction';
import { ServiceError } from '../services/errors';
import { isTeacherRole } from '../services/sessions';
import { newId } from '../services/tokens';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import { lectureIdOf, nowIso, studentsOnly, teacherChannel, type InteractionContext } from './context';

export function createAnnouncements(ctx: InteractionContext) {
  const { istore } = ctx;

  function status(roomId: string): AnnouncementStatus {
    const students = istore.students(roomId);
    return {
      announcements: istore.announcements(roomId).map((a) => {
        const ackers = istore.ackers(a.id);
        return {
          ...a,
          acknowledged: students.filter((s) => ackers.has(s.id)).map((s) => s.name),
          pending: students.filter((s) => !ackers.has(s.id)).map((s) => s.name),
        };
      }),
    };
  }
  const sendStatus = (roomId: string) =>
    afterAck(() => emitTo(ctx.io.to(teacherChannel(roomId)), 'announcement_status', status(roomId)));

  return {
    /** A new student appears in every pending list. */
    participantsChanged: sendStatus,
    sendState(socket: Socket, { roomId, participant }: SocketSession) {
      if (isTeacherRole(participant.role)) emitTo(socket, 'announcement_status', status(roomId));
      else for (const a of istore.unacknowledged(roomId, participant.id)) emitTo(socket, 'announcement', a);
    },
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {

      onEvent(socket, 'announce:send', ctx.log, ({ text, priority }) => {
        const a = istore.insertAnnouncement({
          id: newId(),
          roomId,
          lectureId: lectureIdOf(ctx, roomId),
          text,
          priority,
          sentAt: nowIso(ctx),
        });
        afterAck(() => emitTo(ctx.io.to(roomChannel(roomId)).except(teacherChannel(roomId)), 'announcement', a));
        sendStatus(roomId);
        return a;
      });

      onEvent(socket, 'announce:ack', ctx.log, ({ announcementId }) => {
        studentsOnly(participant, 'acknowledge announcements');
        if (istore.announcementRoom(announcementId) !== roomId) {
          throw new ServiceError('NOT_FOUND', 'That announcement is not in this class.');
        }
        istore.acknowledge(announcementId, participant.id, nowIso(ctx));
        sendStatus(roomId);
        return {};
      });
    },
  };
}
