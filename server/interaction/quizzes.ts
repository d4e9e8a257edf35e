/**
 * Timed quizzes. The host's clock is the only clock: an answer arriving after the deadline is
 * refused with TOO_LATE whatever the client's clock says, and the host closes the quiz at the
 * deadline (or when the teacher ends it early). Correct answers leave the host only in the
 * teacher's report and, after the close, in each student's own score.
 */
import type { Socket } from 'socket.io';
import type { Participant } from '../../shared';
import type { Quiz, QuizReport, QuizScore } from '../../shared/schemas/interaction';
import { ServiceError } from '../services/errors';
import { isTeacherRole } from '../services/sessions';
import { newId } from '../services/tokens';
import { emitTo } from '../socket/classroom';
import { afterAck, onEvent } from '../socket/reply';
import { roomChannel, type SocketSession } from '../socket/session';
import type { QuizRecord } from '../store/interactionStore';
import {
  lectureIdOf,
  nowIso,
  participantChannel,
  postSystemMessage,
  studentsOnly,
  teacherChannel,
  type InteractionContext,
} from './context';

/** setTimeout's ceiling; a later deadline is re-checked when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createQuizzes(ctx: InteractionContext) {
  const { istore } = ctx;
  const timers = new Map<string, NodeJS.Timeout>();

  const isPastDeadline = (quiz: QuizRecord) => ctx.clock.now().getTime() >= Date.parse(quiz.deadline);
  const status = (quiz: QuizRecord) => (quiz.closedAt ? 'closed' : 'open') as 'open' | 'closed';

  /** `answers` is passed in when viewing for a whole room. */
  function studentView(quiz: QuizRecord, participantId: string, answers = istore.answers(quiz.id)): Quiz {
    return {
      id: quiz.id,
      title: quiz.title,
      questions: quiz.questions.map(({ prompt, options }) => ({ prompt, options })),
      startedAt: quiz.startedAt,
      deadline: quiz.deadline,
      status: status(quiz),
      submitted: answers.some((a) => a.participantId === participantId),
    };
  }

  function report(quiz: QuizRecord): QuizReport {
    const answers = istore.answers(quiz.id);
    return {
      quizId: quiz.id,
      title: quiz.title,
      status: status(quiz),
      deadline: quiz.deadline,
      questions: quiz.questions.map((q, i) => ({
        ...q,
        correctCount: answers.filter((a) => a.answers[i] === q.correct).length,
        answered: answers.filter((a) => a.answers[i] !== null && a.answers[i] !== undefined).length,
      })),
      students: [
        ...answers.map((a) => ({
          participantId: a.participantId,
          name: a.name,
          score: a.score,
          answers: a.answers,
          submittedAt: a.submittedAt as string | null,
        })),
        ...istore
          .students(quiz.roomId)
          .filter((s) => !answers.some((a) => a.participantId === s.id))
          .map((s) => ({ participantId: s.id, name: s.name, score: 0, answers: quiz.questions.map(() => null), submittedAt: null })),
      ].sort((a, b) => a.name.localeCompare(b.name) || a.participantId.localeCompare(b.participantId)),
    };
  }

  function scoreOf(quiz: QuizRecord, participantId: string, answers = istore.answers(quiz.id)): QuizScore {
    const mine = answers.find((a) => a.participantId === participantId);
    return {
      quizId: quiz.id,
      score: mine?.score ?? 0,
      total: quiz.questions.length,
      correct: quiz.questions.map((q) => q.correct),
      yours: mine?.answers ?? quiz.questions.map(() => null),
    };
  }

  /** Closes the quiz (once) and tells everyone: each student their score, the teacher the report. */
  function finish(quizId: string): QuizRecord | undefined {
    clearTimeout(timers.get(quizId));
    timers.delete(quizId);
    const before = istore.quizById(quizId);
    if (!before || !istore.closeQuiz(quizId, nowIso(ctx))) return before;
    const quiz = istore.quizById(quizId)!;
    afterAck(() => {
      const answers = istore.answers(quiz.id);
      for (const student of istore.students(quiz.roomId)) {
        const channel = ctx.io.to(participantChannel(student.id));
        emitTo(channel, 'quiz', studentView(quiz, student.id, answers));
        emitTo(channel, 'quiz_score', scoreOf(quiz, student.id, answers));
      }
      emitTo(ctx.io.to(teacherChannel(quiz.roomId)), 'quiz_report', report(quiz));
    });
    return quiz;
  }

  function schedule(quiz: QuizRecord) {
    clearTimeout(timers.get(quiz.id));
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(quiz.deadline) - ctx.clock.now().getTime()));
    const timer = setTimeout(() => {
      const current = istore.quizById(quiz.id);
      if (!current || current.closedAt) return void timers.delete(quiz.id);
      if (isPastDeadline(current)) finish(quiz.id);
      else schedule(current);
    }, wait + 20);
    timer.unref?.();
    timers.set(quiz.id, timer);
  }

  /** The quiz of this room, closed first if its deadline has passed (e.g. across a host restart). */
  function quizOfRoom(roomId: string, quizId: string): QuizRecord {
    const quiz = istore.quizById(quizId);
    if (!quiz || quiz.roomId !== roomId) throw new ServiceError('NOT_FOUND', 'That quiz is not in this class.');
    return !quiz.closedAt && isPastDeadline(quiz) ? finish(quiz.id)! : quiz;
  }

  function sendCurrent(socket: Socket, roomId: string, participant: Participant) {
    let quiz = istore.latestQuiz(roomId);
    if (!quiz) return;
    if (!quiz.closedAt && isPastDeadline(quiz)) quiz = finish(quiz.id)!;
    if (isTeacherRole(participant.role)) return emitTo(socket, 'quiz_report', report(quiz));
    emitTo(socket, 'quiz', studentView(quiz, participant.id));
    if (quiz.closedAt) emitTo(socket, 'quiz_score', scoreOf(quiz, participant.id));
  }

  // A host restarted mid-quiz picks its deadlines up again.
  for (const quiz of istore.openQuizzes()) schedule(quiz);

  return {
    sendState: (socket: Socket, { roomId, participant }: SocketSession) => sendCurrent(socket, roomId, participant),
    onConnection(socket: Socket, { roomId, participant }: SocketSession) {

      onEvent(socket, 'quiz:create', ctx.log, ({ title, questions, seconds }) => {
        const open = istore.latestQuiz(roomId);
        if (open && !open.closedAt && !isPastDeadline(open)) {
          throw new ServiceError('CONFLICT', 'A quiz is already running. End it before starting another.');
        }
        if (open && !open.closedAt) finish(open.id);
        const now = ctx.clock.now();
        const quiz = istore.insertQuiz({
          id: newId(),
          roomId,
          lectureId: lectureIdOf(ctx, roomId),
          title,
          questions,
          startedAt: now.toISOString(),
          deadline: new Date(now.getTime() + seconds * 1000).toISOString(),
        });
        schedule(quiz);
        postSystemMessage(ctx, roomId, participant, `Quiz started: ${title}`);
        afterAck(() => {
          // Students get the questions without the answers; each teacher socket the full report.
          for (const student of istore.students(roomId)) {
            emitTo(ctx.io.to(participantChannel(student.id)), 'quiz', studentView(quiz, student.id));
          }
          emitTo(ctx.io.to(teacherChannel(roomId)), 'quiz_report', report(quiz));
        });
        return report(quiz);
      });

      onEvent(socket, 'quiz:submit', ctx.log, ({ quizId, answers }) => {
        studentsOnly(participant, 'answer quizzes');
        const quiz = quizOfRoom(roomId, quizId);
        if (quiz.closedAt) throw new ServiceError('TOO_LATE', 'Time is up: this quiz has closed.');
        if (answers.length !== quiz.questions.length) {
          throw new ServiceError('BAD_REQUEST', `Answer each of the ${quiz.questions.length} questions (or leave it blank).`);
        }
        if (answers.some((a, i) => a !== null && a >= quiz.questions[i]!.options.length)) {
          throw new ServiceError('BAD_REQUEST', 'Pick one of the answers given.');
        }
        const score = quiz.questions.filter((q, i) => answers[i] === q.correct).length;
        istore.answer(quiz.id, participant.id, answers, score, nowIso(ctx));
        afterAck(() => emitTo(ctx.io.to(teacherChannel(roomId)), 'quiz_report', report(istore.quizById(quiz.id)!)));
        return {};
      });

      onEvent(socket, 'quiz:close', ctx.log, ({ quizId }) => {
        const quiz = quizOfRoom(roomId, quizId);
        return report(quiz.closedAt ? quiz : finish(quiz.id)!);
      });
    },

    onClassEnded(roomId: string) {
      const quiz = istore.latestQuiz(roomId);
      if (quiz && !quiz.closedAt) finish(quiz.id);
    },

    close() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
