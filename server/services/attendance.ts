/**
 * Attendance (seed 002): every stretch of presence per participant, and the table a teacher
 * reads after class. A reconnect inside the grace period is the same stretch (presence does
 * not report it); a real absence closes one stretch and a return opens the next.
 */
import type { AttendanceRow, ChatMessage } from '../../shared';
import type { AttendanceRecord, LectureStore } from '../store/lectureStore';
import type { Clock } from './clock';

/** Folds stretches into one row per participant. Pure: `now` closes open stretches. */
export function summarizeAttendance(records: readonly AttendanceRecord[], now: Date): AttendanceRow[] {
  const rows = new Map<string, AttendanceRow>();
  for (const r of records) {
    let row = rows.get(r.participantId);
    if (!row) {
      row = {
        participantId: r.participantId,
        name: r.name,
        role: r.role,
        firstJoin: r.joinedAt,
        lastLeave: null,
        minutesPresent: 0,
        messages: r.messages,
        handsRaised: r.handsRaised,
        present: false,
        intervals: [],
      };
      rows.set(r.participantId, row);
    }
    row.intervals.push({ joinedAt: r.joinedAt, leftAt: r.leftAt });
    if (r.joinedAt < row.firstJoin) row.firstJoin = r.joinedAt;
  }
  for (const row of rows.values()) {
    const open = row.intervals.some((i) => i.leftAt === null);
    row.present = open;
    row.lastLeave = open ? null : row.intervals.map((i) => i.leftAt!).sort().at(-1)!;
    const ms = row.intervals.reduce((sum, i) => {
      const end = i.leftAt ? Date.parse(i.leftAt) : now.getTime();
      return sum + Math.max(0, end - Date.parse(i.joinedAt));
    }, 0);
    row.minutesPresent = Math.round(ms / 6000) / 10; // one decimal
  }
  return [...rows.values()];
}

/** Spreadsheet formulas in names (=, +, -, @) must not run when a teacher opens the CSV. */
function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function attendanceCsv(rows: readonly AttendanceRow[]): string {
  const header = ['name', 'first join', 'last leave', 'minutes present', 'messages', 'hands raised'];
  const lines = rows
    .filter((r) => r.role === 'student')
    .map((r) => [r.name, r.firstJoin, r.lastLeave, r.minutesPresent, r.messages, r.handsRaised].map(csvCell).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

export function transcriptText(title: string, messages: readonly ChatMessage[]): string {
  const lines = messages.map((m) => {
    // Deleted messages stay in the database; the transcript notes where one was.
    const text = m.deleted ? '(message deleted by the teacher)' : m.text;
    return `[${m.sentAt}] ${m.sender.name} (${m.sender.role}): ${text.replace(/\n/g, '\n    ')}`;
  });
  return [`Chat transcript: ${title}`, '', ...lines, ''].join('\n');
}

export function createAttendanceService(lstore: LectureStore, clock: Clock) {
  const at = () => clock.now().toISOString();
  return {
    present: (participantId: string) => lstore.openAttendance(participantId, at()),
    absent: (participantId: string) => lstore.closeAttendance(participantId, at()),
    roomClosed: (roomId: string) => lstore.closeRoomAttendance(roomId, at()),
    rows: (lectureId: string) => summarizeAttendance(lstore.attendance(lectureId), clock.now()),
    seatsTaken: (roomId: string) => lstore.seatsTaken(roomId),
    handRaised: (participantId: string) => lstore.bumpHands(participantId),
  };
}
export type AttendanceService = ReturnType<typeof createAttendanceService>;
