/**
 * Class interaction (issue 5) as one ClassroomFeature: raise hand, polls, timed quizzes,
 * announcements, chat moderation and typing indicators. Each part lives in its own module;
 * this file joins a socket to the channels they address and fans out the feature hooks.
 */
import type { Socket } from 'socket.io';
import type { FeatureContext } from '../features';
import { isTeacherRole } from '../services/sessions';
import type { ClassroomFeature } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import type { SocketSession } from '../socket/session';
import { createInteractionStore } from '../store/interactionStore';
import { createAnnouncements } from './announcements';
import { participantChannel, teacherChannel, type InteractionContext } from './context';
import { createHands } from './hands';
import { createModeration } from './moderation';
import { createPolls } from './polls';
import { createQuizzes } from './quizzes';
import { createReadState } from './readState';
import { createTyping } from './typing';

export function createInteraction(fctx: FeatureContext): ClassroomFeature {
  const ctx: InteractionContext = { ...fctx, istore: createInteractionStore(fctx.store.db) };
  const hands = createHands(ctx);
  const polls = createPolls(ctx);
  const quizzes = createQuizzes(ctx);
  const announcements = createAnnouncements(ctx);
  const typing = createTyping(ctx);
  const readState = createReadState(ctx);
  const moderation = createModeration(ctx, {
    removed(roomId, participantId) {
      hands.lower(roomId, participantId);
      typing.stop(roomId, participantId);
      announcements.participantsChanged(roomId);
    },
  });

  return {
    name: 'interaction',
    onConnection(socket: Socket, session: SocketSession) {
      const { roomId, participant } = session;
      void socket.join(participantChannel(participant.id));
      if (isTeacherRole(participant.role)) void socket.join(teacherChannel(roomId));
      else announcements.participantsChanged(roomId);
      const parts = [hands, polls, quizzes, announcements, moderation, readState];
      const sendState = () => parts.forEach((p) => p.sendState(socket, session));
      sendState();
      // A UI that subscribed after the first push asks again; the state comes as events.
      onEvent(socket, 'interaction:sync', fctx.log, () => (afterAck(sendState), {}));
      for (const p of parts) p.onConnection(socket, session);
      typing.onConnection(socket, session);
    },
    onDisconnect(socket, session) {
      typing.onDisconnect(socket, session);
    },
    onClassEnded(roomId) {
      hands.onClassEnded(roomId);
      quizzes.onClassEnded(roomId);
      typing.onClassEnded(roomId);
    },
    close() {
      quizzes.close();
      typing.close();
    },
  };
}
