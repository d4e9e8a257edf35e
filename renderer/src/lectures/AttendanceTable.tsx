import type { AttendanceRow } from '../../../shared';
import { formatWhen } from './download';

export function AttendanceTable({ rows }: { rows: readonly AttendanceRow[] }) {
  const students = rows.filter((r) => r.role === 'student');
  return (
    <table aria-label="Attendance" className="data-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>First join</th>
          <th>Last leave</th>
          <th>Minutes present</th>
          <th>Messages</th>
          <th>Hands raised</th>
        </tr>
      </thead>
      <tbody>
        {students.length === 0 && (
          <tr>
            <td colSpan={6}>No students yet.</td>
          </tr>
        )}
        {students.map((r) => (
          <tr key={r.participantId}>
            <td>{r.name}</td>
            <td>{formatWhen(r.firstJoin)}</td>
            <td>{r.present ? 'still here' : formatWhen(r.lastLeave)}</td>
            <td>{r.minutesPresent}</td>
            <td>{r.messages}</td>
            <td>{r.handsRaised}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
