/**
 * Storage for class interaction (issue 5): polls and votes, timed quizzes and answers,
 * announcements and acknowledgements, mutes, removals and the moderation log. Part of the
 * store module, the only code that touches these tables. Prepared statements only.
 */
import type { Database } from 'better-sqlite3';

export interface PollRecord {
  id: string;
  roomId: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  status: 'open' | 'closed';
  resultsShown: boolean;
  createdAt: string;
  closedAt: string | null;
}
export interface QuizQuestionRecord {
  prompt: string;
  options: string[];
  correct: number;
}
export interface QuizRecord {
  id: string;
  roomId: string;
  title: string;
  questions: QuizQuestionRecord[];
  startedAt: string;
  deadline: string;
  closedAt: string | null;
}
export interface AnnouncementRecord {
  id: string;
  text: string;
  priority: 'normal' | 'urgent';
  sentAt: string;
}
export interface Ballot {
  participantId: string;
  name: string;
  choices: number[];
}
export interface QuizAnswerRecord {
  participantId: string;
  name: string;
  answers: (number | null)[];
  score: number;
  submittedAt: string;
}
export type ModerationAction = 'delete' | 'mute' | 'unmute' | 'remove';

interface PollRow {
  id: string;
  room_id: string;
  question: string;
  options: string;
  multiple: number;
  anonymous: number;
  status: 'open' | 'closed';
  results_shown: number;
  created_at: string;
  closed_at: string | null;
}
interface QuizRow {
  id: string;
  room_id: string;
  title: string;
  questions: string;
  started_at: string;
  deadline: string;
  closed_at: string | null;
}

const toPoll = (r: PollRow): PollRecord => ({
  id: r.id,
  roomId: r.room_id,
  question: r.question,
  options: JSON.parse(r.options) as string[],
  multiple: r.multiple === 1,
  anonymous: r.anonymous === 1,
  status: r.status,
  resultsShown: r.results_shown === 1,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});
const toQuiz = (r: QuizRow): QuizRecord => ({
  id: r.id,
  roomId: r.room_id,
  title: r.title,
  questions: JSON.parse(r.questions) as QuizQuestionRecord[],
  startedAt: r.started_at,
  deadline: r.deadline,
  closedAt: r.closed_at,
});

export function createInteractionStore(db: Database) {
  const s = {
    insertPoll: db.prepare<[string, string, string | null, string, string, number, number, string]>(
      `INSERT INTO polls (id, room_id, lecture_id, question, options, multiple, anonymous, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    ),
    pollById: db.prepare<[string], PollRow>('SELECT * FROM polls WHERE id = ?'),
    latestPoll: db.prepare<[string], PollRow>('SELECT * FROM polls WHERE room_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    closePoll: db.prepare<[string, number, string]>(
      "UPDATE polls SET status = 'closed', closed_at = ?, results_shown = ? WHERE id = ? AND status = 'open'",
    ),
    upsertVote: db.prepare<[string, string, string, string]>(
      `INSERT INTO poll_votes (poll_id, participant_id, choices, voted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (poll_id, participant_id) DO UPDATE SET choices = excluded.choices, voted_at = excluded.voted_at`,
    ),
    ballots: db.prepare<[string], { participant_id: string; name: string; choices: string }>(
      `SELECT v.participant_id, p.name, v.choices FROM poll_votes v JOIN participants p ON p.id = v.participant_id
       WHERE v.poll_id = ? ORDER BY v.voted_at, v.rowid`,
    ),
    insertQuiz: db.prepare<[string, string, string | null, string, string, string, string]>(
      `INSERT INTO quizzes (id, room_id, lecture_id, title, questions, started_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    quizById: db.prepare<[string], QuizRow>('SELECT * FROM quizzes WHERE id = ?'),
    latestQuiz: db.prepare<[string], QuizRow>('SELECT * FROM quizzes WHERE room_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1'),
    openQuizzes: db.prepare<[], QuizRow>('SELECT * FROM quizzes WHERE closed_at IS NULL'),
    closeQuiz: db.prepare<[string, string]>('UPDATE quizzes SET closed_at = ? WHERE id = ? AND closed_at IS NULL'),
    upsertAnswer: db.prepare<[string, string, string, number, string]>(
      `INSERT INTO quiz_answers (quiz_id, participant_id, answers, score, submitted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (quiz_id, participant_id) DO UPDATE
       SET answers = excluded.answers, score = excluded.score, submitted_at = excluded.submitted_at`,
    ),
    answers: db.prepare<[string], { participant_id: string; name: string; answers: string; score: number; submitted_at: string }>(
      `SELECT a.participant_id, p.name, a.answers, a.score, a.submitted_at FROM quiz_answers a
       JOIN participants p ON p.id = a.participant_id WHERE a.quiz_id = ? ORDER BY p.name, a.participant_id`,
    ),
    insertAnnouncement: db.prepare<[string, string, string | null, string, string, string]>(
      'INSERT INTO announcements (id, room_id, lecture_id, text, priority, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    announcements: db.prepare<[string], AnnouncementRecord>(
      'SELECT id, text, priority, sent_at AS sentAt FROM announcements WHERE room_id = ? ORDER BY sent_at, rowid',
    ),
    announcementRoom: db.prepare<[string], { room_id: string }>('SELECT room_id FROM announcements WHERE id = ?'),
    unacked: db.prepare<[string, string], AnnouncementRecord>(
      `SELECT id, text, priority, sent_at AS sentAt FROM announcements a WHERE a.room_id = ?
       AND NOT EXISTS (SELECT 1 FROM announcement_acks k WHERE k.announcement_id = a.id AND k.participant_id = ?)
       ORDER BY sent_at, rowid`,
    ),
    ack: db.prepare<[string, string, string]>(
      'INSERT INTO announcement_acks (announcement_id, participant_id, acked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    ackers: db.prepare<[string], { participant_id: string }>(
      'SELECT participant_id FROM announcement_acks WHERE announcement_id = ?',
    ),
    students: db.prepare<[string], { id: string; name: string }>(
      "SELECT id, name FROM participants WHERE room_id = ? AND role = 'student' AND removed_at IS NULL ORDER BY joined_at, rowid",
    ),
    markRead: db.prepare<[number, string], { last_read_seq: number }>(
      'UPDATE participants SET last_read_seq = MAX(last_read_seq, ?) WHERE id = ? RETURNING last_read_seq',
    ),
    lastRead: db.prepare<[string], { last_read_seq: number }>('SELECT last_read_seq FROM participants WHERE id = ?'),
    setMute: db.prepare<[string | null, string]>('UPDATE participants SET muted_reason = ? WHERE id = ?'),
    remove: db.prepare<[string, string]>('UPDATE participants SET removed_at = ? WHERE id = ?'),
    removedAt: db.prepare<[string], { removed_at: string | null }>('SELECT removed_at FROM participants WHERE id = ?'),
    deleteSessions: db.prepare<[string]>('DELETE FROM sessions WHERE participant_id = ?'),
    logAction: db.prepare<[string, string | null, string, ModerationAction, string, string, string]>(
      `INSERT INTO moderation_actions (room_id, lecture_id, actor_id, action, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    actions: db.prepare<[string], { action: ModerationAction; target_id: string; detail: string; at: string }>(
      'SELECT action, target_id, detail, at FROM moderation_actions WHERE room_id = ? ORDER BY id',
    ),
  };

  const removeTx = db.transaction((participantId: string, at: string) => {
    s.remove.run(at, participantId);
    // Every token of theirs dies: the same session can never re-enter the class.
    s.deleteSessions.run(participantId);
  });

  return {
    insertPoll(p: { id: string; roomId: string; lectureId: string | null; question: string; options: string[]; multiple: boolean; anonymous: boolean; createdAt: string }) {
      s.insertPoll.run(p.id, p.roomId, p.lectureId, p.question, JSON.stringify(p.options), +p.multiple, +p.anonymous, p.createdAt);
      return toPoll(s.pollById.get(p.id)!);
    },
    pollById: (id: string) => {
      const r = s.pollById.get(id);
      return r && toPoll(r);
    },
    latestPoll: (roomId: string) => {
      const r = s.latestPoll.get(roomId);
      return r && toPoll(r);
    },
    closePoll: (id: string, at: string, showResults: boolean) => s.closePoll.run(at, +showResults, id).changes > 0,
    vote: (pollId: string, participantId: string, choices: number[], at: string) =>
      void s.upsertVote.run(pollId, participantId, JSON.stringify(choices), at),
    ballots: (pollId: string): Ballot[] =>
      s.ballots.all(pollId).map((r) => ({ participantId: r.participant_id, name: r.name, choices: JSON.parse(r.choices) as number[] })),

    insertQuiz(q: Omit<QuizRecord, 'closedAt'> & { lectureId: string | null }) {
      s.insertQuiz.run(q.id, q.roomId, q.lectureId, q.title, JSON.stringify(q.questions), q.startedAt, q.deadline);
      return toQuiz(s.quizById.get(q.id)!);
    },
    quizById: (id: string) => {
      const r = s.quizById.get(id);
      return r && toQuiz(r);
    },
    latestQuiz: (roomId: string) => {
      const r = s.latestQuiz.get(roomId);
      return r && toQuiz(r);
    },
    openQuizzes: () => s.openQuizzes.all().map(toQuiz),
    closeQuiz: (id: string, at: string) => s.closeQuiz.run(at, id).changes > 0,
    answer: (quizId: string, participantId: string, answers: (number | null)[], score: number, at: string) =>
      void s.upsertAnswer.run(quizId, participantId, JSON.stringify(answers), score, at),
    answers: (quizId: string): QuizAnswerRecord[] =>
      s.answers.all(quizId).map((r) => ({
        participantId: r.participant_id,
        name: r.name,
        answers: JSON.parse(r.answers) as (number | null)[],
        score: r.score,
        submittedAt: r.submitted_at,
      })),

    insertAnnouncement(a: AnnouncementRecord & { roomId: string; lectureId: string | null }): AnnouncementRecord {
      s.insertAnnouncement.run(a.id, a.roomId, a.lectureId, a.text, a.priority, a.sentAt);
      return { id: a.id, text: a.text, priority: a.priority, sentAt: a.sentAt };
    },
    announcements: (roomId: string) => s.announcements.all(roomId),
    announcementRoom: (id: string) => s.announcementRoom.get(id)?.room_id,
    unacknowledged: (roomId: string, participantId: string) => s.unacked.all(roomId, participantId),
    acknowledge: (announcementId: string, participantId: string, at: string) => void s.ack.run(announcementId, participantId, at),
    ackers: (announcementId: string) => new Set(s.ackers.all(announcementId).map((r) => r.participant_id)),
    /** Students of the room who have not been removed, in join order. */
    students: (roomId: string) => s.students.all(roomId),

    /** Read state only moves forward (two tabs may report out of order). Returns the stored seq. */
    markRead: (participantId: string, seq: number) => s.markRead.get(seq, participantId)?.last_read_seq ?? 0,
    lastRead: (participantId: string) => s.lastRead.get(participantId)?.last_read_seq ?? 0,
    setMute: (participantId: string, reason: string | null) => void s.setMute.run(reason, participantId),
    remove: (participantId: string, at: string) => removeTx(participantId, at),
    isRemoved: (participantId: string) => !!s.removedAt.get(participantId)?.removed_at,
    logAction: (a: { roomId: string; lectureId: string | null; actorId: string; action: ModerationAction; targetId: string; detail?: string; at: string }) =>
      void s.logAction.run(a.roomId, a.lectureId, a.actorId, a.action, a.targetId, a.detail ?? '', a.at),
    actions: (roomId: string) => s.actions.all(roomId),
  };
}
export type InteractionStore = ReturnType<typeof createInteractionStore>;
