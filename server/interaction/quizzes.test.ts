/** Timed quizzes: the host's (controllable) clock enforces the deadline; answers stay secret until the close. */
import { describe, expect, it } from 'vitest';
import { joinAsStudent, joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';
import { manualClock, readDb, record } from './testSupport';

const track = closeAfterEach();

const QUIZ = {
  title: 'Arithmetic',
  seconds: 60,
  questions: [
    { prompt: '2 + 2?', options: ['3', '4', '5'], correct: 1 },
    { prompt: '3 × 3?', options: ['9', '6'], correct: 0 },
  ],
};

describe('timed quizzes', () => {
  it('scores answers, refuses late ones by the host clock, and reveals answers only at the close', async () => {
    const clock = manualClock();
    const host = track(await startTestHost({ clock }));
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const carl = track(await joinAsStudent(host, 'Carl'));
    const reports = record(teacher, 'quiz_report');
    const seen = { ana: record(ana, 'quiz'), ben: record(ben, 'quiz') };
    const scores = { ana: record(ana, 'quiz_score'), ben: record(ben, 'quiz_score'), carl: record(carl, 'quiz_score') };
    // Everything a student's client receives, to prove no correct answer arrives early.
    const anaRaw: string[] = [];
    (ana as unknown as { socket: { onAny(fn: (e: string, ...a: unknown[]) => void): void } }).socket.onAny((e, ...a) =>
      anaRaw.push(JSON.stringify([e, a])),
    );

    const created = await teacher.request('quiz:create', QUIZ);
    if (!created.ok) throw new Error(created.error.message);
    const quizId = created.data.quizId;
    expect(created.data.questions.map((q) => q.correct)).toEqual([1, 0]);
    const shown = await seen.ana.until((q) => q.id === quizId);
    expect(shown.questions).toEqual([
      { prompt: '2 + 2?', options: ['3', '4', '5'] },
      { prompt: '3 × 3?', options: ['9', '6'] },
    ]);
    expect(Date.parse(shown.deadline) - clock.now().getTime()).toBe(60_000);

    expect(await ana.request('quiz:submit', { quizId, answers: [1, 0] })).toEqual({ ok: true, data: {} });
    expect(await ben.request('quiz:submit', { quizId, answers: [2, 0] })).toEqual({ ok: true, data: {} });
    // Shape checks: one answer per question, answers within the options.
    expect(await ben.request('quiz:submit', { quizId, answers: [1] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ben.request('quiz:submit', { quizId, answers: [1, 2] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await teacher.request('quiz:submit', { quizId, answers: [1, 0] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await reports.until((r) => r.students.filter((s) => s.submittedAt).length === 2);
    expect(anaRaw.join('\n')).not.toMatch(/"correct"/);
    expect(scores.ana.all).toEqual([]);

    // 59 s in: Ben may still change his answer. 61 s in (host clock): Carl is too late.
    clock.advance(59_000);
    expect(await ben.request('quiz:submit', { quizId, answers: [1, null] })).toEqual({ ok: true, data: {} });
    clock.advance(2_000);
    expect(await carl.request('quiz:submit', { quizId, answers: [1, 0] })).toMatchObject({ ok: false, error: { code: 'TOO_LATE' } });

    // The late attempt closed the quiz: everyone gets their own score, the teacher the report.
    const a = await scores.ana.until((s) => s.quizId === quizId);
    expect(a).toEqual({ quizId, score: 2, total: 2, correct: [1, 0], yours: [1, 0] });
    expect((await scores.ben.until((s) => s.quizId === quizId)).score).toBe(1);
    expect(await scores.carl.until((s) => s.quizId === quizId)).toMatchObject({ score: 0, yours: [null, null] });
    const report = await reports.until((r) => r.status === 'closed');
    expect(report.questions.map((q) => [q.correctCount, q.answered])).toEqual([[2, 2], [1, 1]]);
    expect(report.students.map((s) => [s.name, s.score, s.answers, !!s.submittedAt])).toEqual([
      ['Ana', 2, [1, 0], true],
      ['Ben', 1, [1, null], true],
      ['Carl', 0, [null, null], false], // listed, so the teacher sees who did not answer
    ]);
    expect(await ana.request('quiz:submit', { quizId, answers: [0, 0] })).toMatchObject({ ok: false, error: { code: 'TOO_LATE' } });

    readDb(host.dataDir, (db) => {
      expect(db.prepare('SELECT title, closed_at IS NOT NULL AS closed, lecture_id IS NOT NULL AS lectured FROM quizzes').all()).toEqual([
        { title: 'Arithmetic', closed: 1, lectured: 1 },
      ]);
      expect(db.prepare('SELECT score FROM quiz_answers ORDER BY score').all()).toEqual([{ score: 1 }, { score: 2 }]);
    });
  });

  it('the host closes the quiz at the deadline by itself; the teacher may end it early', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const scores = record(ana, 'quiz_score');
    const created = await teacher.request('quiz:create', { ...QUIZ, seconds: 10 });
    if (!created.ok) throw new Error(created.error.message);
    expect(await teacher.request('quiz:create', QUIZ)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await ana.request('quiz:submit', { quizId: created.data.quizId, answers: [1, 1] });
    const early = await teacher.request('quiz:close', { quizId: created.data.quizId });
    expect(early).toMatchObject({ ok: true, data: { status: 'closed', students: [{ name: 'Ana', score: 1 }] } });
    expect(await scores.until(() => true)).toMatchObject({ score: 1, total: 2 });
  });

  it('bounds quiz payloads', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const q = QUIZ.questions[0]!;
    const bad = [
      { ...QUIZ, questions: [] },
      { ...QUIZ, questions: Array.from({ length: 21 }, () => q) },
      { ...QUIZ, seconds: 5 },
      { ...QUIZ, seconds: 3601 },
      { ...QUIZ, questions: [{ ...q, correct: 3 }] },
      { ...QUIZ, questions: [{ ...q, options: ['only'] , correct: 0 }] },
    ];
    for (const payload of bad) {
      expect(await teacher.request('quiz:create', payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });
});
