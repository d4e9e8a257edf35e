import { describe, expect, it } from 'vitest';
import {
  canTransition,
  LECTURE_STATUSES,
  LectureCreateSchema,
  type LectureStatus,
} from './schemas/lectures';

/** The whole lecture state machine, every pair: what seed 000 and issue 3 allow. */
const ALLOWED = new Set([
  'scheduled→in-progress',
  'scheduled→delayed',
  'scheduled→cancelled',
  'delayed→in-progress',
  'delayed→cancelled',
  'in-progress→completed',
]);

describe('lecture lifecycle', () => {
  const pairs = LECTURE_STATUSES.flatMap((from) => LECTURE_STATUSES.map((to) => [from, to] as [LectureStatus, LectureStatus]));
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });
  it('covers all 25 pairs', () => expect(pairs).toHaveLength(25));
});

describe('scheduling input', () => {
  const base = { title: 'Cells', date: '2026-12-01T09:00:00Z', classroomId: 'c1' };
  it('accepts ISO 8601 with an offset and trims the title', () => {
    const r = LectureCreateSchema.parse({ ...base, title: '  Cells  ', date: '2026-12-01T09:00:00+01:00' });
    expect(r.title).toBe('Cells');
  });
  it.each([
    [{ ...base, date: 'next tuesday' }, /full date and time/],
    [{ ...base, date: '2026-13-01T09:00:00Z' }, /full date and time/],
    [{ ...base, title: '' }, /title/],
    [{ ...base, title: 'x'.repeat(201) }, /at most 200/],
    [{ ...base, maxParticipants: 0 }, /at least 1/],
    [{ ...base, extra: true }, /.+/],
  ])('refuses %j with a message a person can act on', (input, message) => {
    const r = LectureCreateSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toMatch(message);
  });
});
