import { describe, expect, it } from 'vitest';
import type { AttendanceRecord } from '../store/lectureStore';
import { attendanceCsv, summarizeAttendance } from './attendance';

const rec = (p: string, joinedAt: string, leftAt: string | null, extra: Partial<AttendanceRecord> = {}): AttendanceRecord => ({
  participantId: p,
  name: p.toUpperCase(),
  role: 'student',
  handsRaised: 0,
  messages: 0,
  joinedAt,
  leftAt,
  ...extra,
});
const T = (m: number, s = 0) => new Date(Date.UTC(2026, 10, 22, 9, m, s)).toISOString();

describe('attendance maths', () => {
  it('sums stretches: leave and come back is one person with two stretches', () => {
    const rows = summarizeAttendance([rec('ana', T(0), T(10)), rec('ana', T(15), T(45))], new Date(T(60)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstJoin: T(0), lastLeave: T(45), minutesPresent: 40, present: false });
    expect(rows[0]!.intervals).toHaveLength(2);
  });

  it('counts an open stretch up to now and marks the person present', () => {
    const rows = summarizeAttendance([rec('ben', T(5), null)], new Date(T(20, 30)));
    expect(rows[0]).toMatchObject({ lastLeave: null, present: true, minutesPresent: 15.5 });
  });

  it('keeps messages and hands from the participant', () => {
    const rows = summarizeAttendance([rec('cy', T(0), T(1), { messages: 3, handsRaised: 2 })], new Date(T(2)));
    expect(rows[0]).toMatchObject({ messages: 3, handsRaised: 2, minutesPresent: 1 });
  });
});

describe('attendance CSV', () => {
  it('has one row per student with the columns a teacher expects', () => {
    const rows = summarizeAttendance(
      [rec('ana', T(0), T(30), { messages: 2 }), rec('t', T(0), T(30), { role: 'teacher' })],
      new Date(T(40)),
    );
    const csv = attendanceCsv(rows).trim().split('\r\n');
    expect(csv[0]).toBe('name,first join,last leave,minutes present,messages,hands raised');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toBe(`ANA,${T(0)},${T(30)},30,2,0`);
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas in names', () => {
    const rows = summarizeAttendance(
      [rec('a', T(0), T(1), { name: 'Smith, "Jo"' }), rec('b', T(0), T(1), { name: '=HYPERLINK("x")' })],
      new Date(T(2)),
    );
    const csv = attendanceCsv(rows);
    expect(csv).toContain('"Smith, ""Jo"""');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
