/** Live attendance for the teacher during class: refreshed every few seconds from the host. */
import { useEffect, useState } from 'react';
import type { AttendanceRow } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';
import { AttendanceTable } from './AttendanceTable';

const REFRESH_MS = 5000;

export function LiveAttendance({ api, roomId }: { api: TeacherApi; roomId: string }) {
  const [rows, setRows] = useState<AttendanceRow[] | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    let stopped = false;
    async function refresh() {
      const lectures = await api.listLectures({ status: 'in-progress' });
      const lecture = lectures.ok ? lectures.data.find((l) => l.roomId === roomId) : undefined;
      if (!lecture) return;
      const details = await api.lectureDetails(lecture.id);
      if (!stopped && details.ok) setRows(details.data.attendance);
    }
    void refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, roomId, open]);

  return (
    <details className="panel live-attendance" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Live attendance</summary>
      {rows ? <AttendanceTable rows={rows} /> : <p className="muted">Loading…</p>}
    </details>
  );
}
