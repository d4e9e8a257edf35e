/** Every teacher-only interaction event, sent by a student, is refused with FORBIDDEN and changes nothing. */
import { describe, expect, it } from 'vitest';
import type { ClientPayload } from '../../shared';
import { INTERACTION_TEACHER_ONLY_EVENTS } from '../../shared/schemas/interaction';
import { joinAsStudent, joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';
import { readDb, record } from './testSupport';

const track = closeAfterEach();

const TABLES = ['polls', 'poll_votes', 'quizzes', 'quiz_answers', 'announcements', 'announcement_acks', 'moderation_actions'];

describe('teacher-only interaction events', () => {
  it('a student gets FORBIDDEN for each, and nothing changes', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    await ben.request('hand:raise', {});
    const msg = await ben.sendMessage('hello');
    if (!msg.ok) throw new Error(msg.error.message);
    const poll = await teacher.request('poll:create', { question: 'Q?', options: ['a', 'b'], multiple: false, anonymous: false });
    const quiz = await teacher.request('quiz:create', { title: 'T', seconds: 60, questions: [{ prompt: 'p', options: ['x', 'y'], correct: 0 }] });
    if (!poll.ok || !quiz.ok) throw new Error('setup failed');
    const benEvents = ['hands', 'poll', 'quiz', 'quiz_report', 'announcement', 'chat_deleted', 'mute_state', 'removed'] as const;
    const seenByBen = benEvents.map((e) => record(ben, e));

    const valid: { [E in (typeof INTERACTION_TEACHER_ONLY_EVENTS)[number]]: ClientPayload<E> } = {
      'hand:dismiss': {},
      'poll:create': { question: 'Mine?', options: ['a', 'b'], multiple: false, anonymous: false },
      'poll:close': { pollId: poll.data.id, showResults: true },
      'quiz:create': { title: 'Mine', seconds: 60, questions: [{ prompt: 'p', options: ['x', 'y'], correct: 1 }] },
      'quiz:close': { quizId: quiz.data.quizId },
      'announce:send': { text: 'Hijack', priority: 'urgent' },
      'message:delete': { messageId: msg.data.id },
      'chat:mute': { participantId: ben.you!.id, muted: true, reason: 'x' },
      'class:remove': { participantId: ben.you!.id },
    };
    expect(Object.keys(valid).sort()).toEqual([...INTERACTION_TEACHER_ONLY_EVENTS].sort());
    const counts = () =>
      readDb(host.dataDir, (db) => [
        ...TABLES.map((t) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n),
        db.prepare('SELECT status FROM polls').get(),
        db.prepare('SELECT closed_at FROM quizzes').get(),
        db.prepare('SELECT deleted_at FROM messages WHERE id = ?').get(msg.data.id),
        db.prepare('SELECT muted_reason, removed_at FROM participants WHERE id = ?').get(ben.you!.id),
      ]);
    const before = counts();

    for (const event of INTERACTION_TEACHER_ONLY_EVENTS) {
      const reply = await ana.request(event, valid[event] as never);
      expect(reply, event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }

    expect(counts()).toEqual(before);
    // Ben's hand is still up and he is still in class; nothing was broadcast to him.
    const sync = await ben.request('interaction:sync', {});
    expect(sync).toEqual({ ok: true, data: {} });
    await seenByBen[0]!.until((h) => 'hands' in h && h.hands.length === 1);
    expect(seenByBen.slice(1).map((r) => r.all.filter((p) => !('status' in p && p.status === 'open') && !('muted' in p && !p.muted)))).toEqual(
      benEvents.slice(1).map(() => []),
    );
  });
});
