/**
 * Polls: one open poll per room at a time. Votes may change until the poll closes. The
 * teacher sees live results; students see them only once closed, if the teacher shows them.
 * Everything is stored with the lecture.
 */
import type { Socket } from 'socket.io';
import type { Participant } from '../../shared';
import type { Poll, PollResults } from '../../shared/schemas/interaction';
import { ServiceError } from '../services/errors';
import { isTeacherRole } from '../services/sessions';
import { newId } from '../services/tokens';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import type { Ballot, PollRecord } from '../store/interactionStore';
import { lectureIdOf, nowIso, postSystemMessage, studentsOnly, teacherChannel, type InteractionContext } from './context';

export function createPolls(ctx: InteractionContext) {
  const { istore } = ctx;

  function results(poll: PollRecord, forTeacher: boolean, ballots: Ballot[]): PollResults {
    const counts = poll.options.map((_, i) => ballots.filter((b) => b.choices.includes(i)).length);
    return {
      counts,
      voters: ballots.length,
      ...(forTeacher && !poll.anonymous ? { ballots: ballots.map((b) => ({ name: b.name, choices: b.choices })) } : {}),
    };
  }

  /** The poll as `viewer` may see it. `ballots` is passed in when viewing for a whole room. */
  function view(poll: PollRecord, viewer: Participant, ballots = istore.ballots(poll.id)): Poll {
    const teacher = isTeacherRole(viewer.role);
    const showResults = teacher || (poll.status === 'closed' && poll.resultsShown);
    const mine = teacher ? undefined : ballots.find((b) => b.participantId === viewer.id);
    return {
      id: poll.id,
      question: poll.question,
      options: poll.options,
      multiple: poll.multiple,
      anonymous: poll.anonymous,
      status: poll.status,
      createdAt: poll.createdAt,
      results: showResults ? results(poll, teacher, ballots) : null,
      yourChoices: mine?.choices ?? [],
    };
  }

  /** Each socket gets its own view (its own vote, results if allowed). */
  function sendToRoom(roomId: string, pollId: string) {
    afterAck(() => {
      const poll = istore.pollById(pollId);
      if (!poll) return;
      const ballots = istore.ballots(poll.id);
      for (const s of ctx.io.of('/').adapter.rooms.get(roomChannel(roomId)) ?? []) {
        const socket = ctx.io.of('/').sockets.get(s);
        const session = socket?.data.session as SocketSession | undefined;
        if (socket && session) emitTo(socket, 'poll', view(poll, session.participant, ballots));
      }
    });
  }

  function pollOfRoom(roomId: string, pollId: string): PollRecord {
    const poll = istore.pollById(pollId);
    if (!poll || poll.roomId !== roomId) throw new ServiceError('NOT_FOUND', 'That poll is not in this class.');
    return poll;
  }

  return {
    sendState(socket: Socket, { roomId, participant }: SocketSession) {
      const latest = istore.latestPoll(roomId);
      if (latest) emitTo(socket, 'poll', view(latest, participant));
    },
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {

      onEvent(socket, 'poll:create', ctx.log, ({ question, options, multiple, anonymous }) => {
        if (istore.latestPoll(roomId)?.status === 'open') {
          throw new ServiceError('CONFLICT', 'Close the current poll before starting a new one.');
        }
        const poll = istore.insertPoll({
          id: newId(),
          roomId,
          lectureId: lectureIdOf(ctx, roomId),
          question,
          options,
          multiple,
          anonymous,
          createdAt: nowIso(ctx),
        });
        postSystemMessage(ctx, roomId, participant, `Poll opened: ${question}`);
        sendToRoom(roomId, poll.id);
        return view(poll, participant);
      });

      onEvent(socket, 'poll:vote', ctx.log, ({ pollId, choices }) => {
        studentsOnly(participant, 'vote');
        const poll = pollOfRoom(roomId, pollId);
        if (poll.status !== 'open') throw new ServiceError('CONFLICT', 'This poll has closed.');
        if (choices.some((c) => c >= poll.options.length)) throw new ServiceError('BAD_REQUEST', 'Pick one of the options.');
        if (!poll.multiple && choices.length !== 1) throw new ServiceError('BAD_REQUEST', 'Pick exactly one option.');
        const sorted = [...choices].sort((a, b) => a - b);
        istore.vote(poll.id, participant.id, sorted, nowIso(ctx));
        afterAck(() => {
          const fresh = istore.pollById(poll.id)!;
          const teacherView = view(fresh, { ...participant, role: 'teacher' });
          emitTo(ctx.io.to(teacherChannel(roomId)), 'poll', teacherView);
        });
        return { choices: sorted };
      });

      onEvent(socket, 'poll:close', ctx.log, ({ pollId, showResults }) => {
        const poll = pollOfRoom(roomId, pollId);
        if (!istore.closePoll(poll.id, nowIso(ctx), showResults)) throw new ServiceError('CONFLICT', 'This poll is already closed.');
        postSystemMessage(ctx, roomId, participant, `Poll closed: ${poll.question}`);
        sendToRoom(roomId, poll.id);
        return view(istore.pollById(poll.id)!, participant);
      });
    },
  };
}
