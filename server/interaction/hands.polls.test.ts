/** Raise hand and polls with a real host, real SQLite file and real socket.io clients. */
import { describe, expect, it } from 'vitest';
import { connectWithToken, joinAsStudent, joinAsTeacher, startTestHost, closeAfterEach } from '../test-support/testHost';
import { readDb, record } from './testSupport';

const track = closeAfterEach();

describe('raise hand', () => {
  it('queues hands in the order raised, lowers one or all, counts them in attendance, clears at class end', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const hands = record(teacher, 'hands');
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));

    expect(await ben.request('hand:raise', {})).toEqual({ ok: true, data: {} });
    expect(await ana.request('hand:raise', {})).toEqual({ ok: true, data: {} });
    await ana.request('hand:raise', {}); // twice is still one hand
    await hands.until((h) => h.hands.length === 2);
    expect(hands.last()!.hands.map((h) => h.name)).toEqual(['Ben', 'Ana']);

    expect(await teacher.request('hand:raise', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ben.request('hand:lower', {});
    await hands.until((h) => h.hands.length === 1);
    expect(hands.last()!.hands.map((h) => h.name)).toEqual(['Ana']);

    await ben.request('hand:raise', {});
    await hands.until((h) => h.hands.length === 2);
    expect(await teacher.request('hand:dismiss', { participantId: ana.you!.id })).toMatchObject({ ok: true });
    await hands.until((h) => h.hands.length === 1 && h.hands[0]!.name === 'Ben');
    await teacher.request('hand:dismiss', {});
    await hands.until((h) => h.hands.length === 0);

    // A late joiner sees the current queue.
    await ana.request('hand:raise', {});
    const carl = track(await joinAsStudent(host, 'Carl'));
    const carlHands = record(carl, 'hands');
    await ana.request('hand:lower', {});
    await carlHands.until((h) => h.hands.length === 0);

    const counts = readDb(host.dataDir, (db) =>
      db.prepare("SELECT name, hands_raised AS n FROM participants WHERE role = 'student' ORDER BY name").all(),
    );
    expect(counts).toEqual([
      { name: 'Ana', n: 2 },
      { name: 'Ben', n: 2 },
      { name: 'Carl', n: 0 },
    ]);

    // Class end clears the queue: the next class starts with no hands.
    await ben.request('hand:raise', {});
    await hands.until((h) => h.hands.length === 1);
    await teacher.endClass();
    const next = track(await joinAsTeacher(host, { newClass: true }));
    const nextHands = record(next, 'hands');
    expect(await next.request('interaction:sync', {})).toEqual({ ok: true, data: {} });
    await nextHands.until((h) => h.hands.length === 0);
    const dan = track(await joinAsStudent(host, 'Dan'));
    await dan.request('hand:raise', {});
    await nextHands.until((h) => h.hands.length === 1);
    expect(nextHands.last()!.hands.map((h) => h.name)).toEqual(['Dan']);
  });
});

describe('polls', () => {
  it('single choice: students vote and change their vote, teacher sees live counts, results shown after close and stored', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const ben = track(await joinAsStudent(host, 'Ben'));
    const tPolls = record(teacher, 'poll');
    const aPolls = record(ana, 'poll');

    const created = await teacher.request('poll:create', {
      question: 'Best language?',
      options: ['TypeScript', 'Python', 'Rust'],
      multiple: false,
      anonymous: false,
    });
    if (!created.ok) throw new Error(created.error.message);
    const pollId = created.data.id;
    const shown = await aPolls.until((p) => p.id === pollId);
    expect(shown.results).toBeNull(); // students do not see live results

    expect(await ana.request('poll:vote', { pollId, choices: [0] })).toEqual({ ok: true, data: { choices: [0] } });
    expect(await ben.request('poll:vote', { pollId, choices: [0] })).toMatchObject({ ok: true });
    await tPolls.until((p) => p.results?.voters === 2);
    expect(tPolls.last()!.results!.counts).toEqual([2, 0, 0]);

    // Changing a vote replaces it.
    await ana.request('poll:vote', { pollId, choices: [1] });
    const live = await tPolls.until((p) => p.results?.counts[1] === 1);
    expect(live.results).toMatchObject({ counts: [1, 1, 0], voters: 2 });
    expect(live.results!.ballots).toEqual(expect.arrayContaining([{ name: 'Ana', choices: [1] }, { name: 'Ben', choices: [0] }]));

    // Single choice refuses two picks and out-of-range picks; teachers do not vote.
    expect(await ana.request('poll:vote', { pollId, choices: [0, 1] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ana.request('poll:vote', { pollId, choices: [5] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await teacher.request('poll:vote', { pollId, choices: [0] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // One poll at a time.
    expect(await teacher.request('poll:create', { question: 'Q2', options: ['a', 'b'], multiple: false, anonymous: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    const closed = await teacher.request('poll:close', { pollId, showResults: true });
    expect(closed).toMatchObject({ ok: true, data: { status: 'closed' } });
    const final = await aPolls.until((p) => p.status === 'closed');
    expect(final.results).toMatchObject({ counts: [1, 1, 0], voters: 2 });
    expect(final.results!.ballots).toBeUndefined(); // who voted what is for the teacher only
    expect(final.yourChoices).toEqual([1]);
    expect(await ben.request('poll:vote', { pollId, choices: [2] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The chat says what happened, as system messages.
    const system = teacher.messages.filter((m) => m.type === 'system').map((m) => m.text);
    expect(system).toEqual(['Poll opened: Best language?', 'Poll closed: Best language?']);

    // Stored with the lecture.
    readDb(host.dataDir, (db) => {
      const { lecture_id } = db.prepare('SELECT lecture_id FROM rooms WHERE id = ?').get(teacher.room!.id) as { lecture_id: string };
      expect(lecture_id).toBeTruthy();
      expect(db.prepare('SELECT question, status, lecture_id FROM polls').all()).toEqual([
        { question: 'Best language?', status: 'closed', lecture_id },
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM poll_votes WHERE poll_id = ?').get(pollId)).toEqual({ n: 2 });
    });
  });

  it('multiple choice and anonymous: no names to the teacher; hidden results stay hidden; a reconnect gets the poll and own vote', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const ana = track(await joinAsStudent(host, 'Ana'));
    const tPolls = record(teacher, 'poll');
    const created = await teacher.request('poll:create', { question: 'Which?', options: ['a', 'b', 'c'], multiple: true, anonymous: true });
    if (!created.ok) throw new Error(created.error.message);
    const pollId = created.data.id;
    expect(await ana.request('poll:vote', { pollId, choices: [2, 0] })).toEqual({ ok: true, data: { choices: [0, 2] } });
    const live = await tPolls.until((p) => p.results?.voters === 1);
    expect(live.results).toEqual({ counts: [1, 0, 1], voters: 1 });

    const again = track(await joinAsStudent(host, 'Ana2'));
    const reconnected = record(again, 'poll');
    ana.close();
    const anaBack = track(await connectWithToken(host.url, ana.token));
    const back = record(anaBack, 'poll');
    // Her vote survived the reconnect: change it.
    expect(await anaBack.request('poll:vote', { pollId, choices: [1] })).toMatchObject({ ok: true });
    await tPolls.until((p) => p.results?.counts[1] === 1 && p.results.voters === 1);

    await teacher.request('poll:close', { pollId, showResults: false });
    const closedForOther = await reconnected.until((p) => p.status === 'closed');
    expect(closedForOther.results).toBeNull();
    const closedForAna = await back.until((p) => p.status === 'closed');
    expect(closedForAna.yourChoices).toEqual([1]);
  });

  it('bounds every poll payload', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const bad = [
      { question: 'Q', options: ['only one'], multiple: false, anonymous: false },
      { question: 'Q', options: Array.from({ length: 11 }, (_, i) => `o${i}`), multiple: false, anonymous: false },
      { question: 'x'.repeat(301), options: ['a', 'b'], multiple: false, anonymous: false },
      { question: 'Q', options: ['a', 'y'.repeat(121)], multiple: false, anonymous: false },
      { question: '   ', options: ['a', 'b'], multiple: false, anonymous: false },
    ];
    for (const payload of bad) {
      expect(await teacher.request('poll:create', payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await teacher.request('poll:vote', { pollId: 'nope', choices: [0] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
