import type { Classroom, Lecture } from '../../../shared';
import { formatWhen } from './download';

interface Props {
  lectures: readonly Lecture[];
  classrooms: readonly Classroom[];
  busy: boolean;
  onStart(l: Lecture): void;
  onEnter(l: Lecture): void;
  onEnd(l: Lecture): void;
  onCancel(l: Lecture): void;
  onArchive(l: Lecture): void;
}

const STATUS_TEXT: Record<Lecture['status'], string> = {
  scheduled: 'Scheduled',
  delayed: 'Delayed',
  'in-progress': 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export function LecturesTable({ lectures, classrooms, busy, onStart, onEnter, onEnd, onCancel, onArchive }: Props) {
  const roomName = (id: string) => classrooms.find((c) => c.id === id)?.name ?? '—';
  return (
    <table aria-label="Lectures" className="data-table">
      <thead>
        <tr>
          <th>Title</th>
          <th>When</th>
          <th>Classroom</th>
          <th>Status</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {lectures.length === 0 && (
          <tr>
            <td colSpan={5}>No lectures yet. Schedule one below, or host a quick class.</td>
          </tr>
        )}
        {lectures.map((l) => (
          <tr key={l.id} data-lecture={l.id}>
            <td>{l.title}</td>
            <td>{formatWhen(l.date)}</td>
            <td>{roomName(l.classroomId)}</td>
            <td>
              <span className={`status status-${l.status}`}>{STATUS_TEXT[l.status]}</span>
              {l.code && <span className="status-code"> · code {l.code.slice(0, 3)}-{l.code.slice(3)}</span>}
            </td>
            <td className="actions">
              {(l.status === 'scheduled' || l.status === 'delayed') && (
                <>
                  <button disabled={busy} onClick={() => onStart(l)}>
                    Start lecture
                  </button>
                  <button className="secondary" disabled={busy} onClick={() => onCancel(l)}>
                    Cancel lecture
                  </button>
                </>
              )}
              {l.status === 'in-progress' && (
                <>
                  <button disabled={busy} onClick={() => onEnter(l)}>
                    Open class
                  </button>
                  <button className="danger" disabled={busy} onClick={() => onEnd(l)}>
                    End lecture
                  </button>
                </>
              )}
              {l.status === 'completed' && (
                <button className="secondary" onClick={() => onArchive(l)}>
                  Attendance and chat
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
