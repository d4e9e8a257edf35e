/**
 * The teacher's dashboard: classrooms, the lecture schedule with its lifecycle buttons,
 * and the data buttons (Back up, Restore).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Classroom, Lecture } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';
import { ClassroomsTable } from './ClassroomsTable';
import { LecturesTable } from './LecturesTable';
import { NewClassroomForm } from './NewClassroomForm';
import { ScheduleLectureForm } from './ScheduleLectureForm';
import { saveDownload } from './download';

interface Props {
  api: TeacherApi;
  onEnterLecture(lecture: Lecture): void;
  onOpenArchive(lecture: Lecture): void;
  onQuickClass(): void;
}

export function LecturesScreen({ api, onEnterLecture, onOpenArchive, onQuickClass }: Props) {
  const [classrooms, setClassrooms] = useState<Classroom[]>([]);
  const [lectures, setLectures] = useState<Lecture[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = useCallback(async () => {
    const [c, l] = await Promise.all([api.listClassrooms(), api.listLectures()]);
    if (!c.ok) return setError(c.error.message);
    if (!l.ok) return setError(l.error.message);
    setClassrooms(c.data);
    setLectures(l.data);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function act(run: () => Promise<{ ok: boolean; error?: { message: string } }>, then?: () => void) {
    setBusy(true);
    const res = await run();
    setBusy(false);
    if (!res.ok) return setError(res.error?.message ?? 'That did not work.');
    setError(null);
    await reload();
    then?.();
  }

  async function start(l: Lecture) {
    setBusy(true);
    const res = await api.startLecture(l.id);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    onEnterLecture(res.data);
  }

  async function backup() {
    setBusy(true);
    const res = await api.backup();
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    saveDownload(res.data);
    setNotice(`Saved ${res.data.filename}. Keep it somewhere safe.`);
  }

  async function restore(file: File) {
    setBusy(true);
    const res = await api.restore(file);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setNotice(res.data.message);
  }

  return (
    <main className="dashboard">
      <header className="dashboard-header">
        <h1>Lectures</h1>
        <button className="secondary" onClick={onQuickClass} disabled={busy}>
          Host a quick class
        </button>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <LecturesTable
        lectures={lectures}
        classrooms={classrooms}
        busy={busy}
        onStart={start}
        onEnter={onEnterLecture}
        onEnd={(l) => act(() => api.endLecture(l.id))}
        onCancel={(l) => act(() => api.cancelLecture(l.id))}
        onArchive={onOpenArchive}
      />
      <ClassroomsTable api={api} classrooms={classrooms} onChanged={reload} onError={setError} />
      <div className="dashboard-forms">
        <ScheduleLectureForm api={api} classrooms={classrooms} onScheduled={reload} />
        <NewClassroomForm api={api} onCreated={reload} />
        <section className="card-form" aria-label="Your data">
          <h3>Your data</h3>
          <p>Everything (classes, chat, attendance) lives in one file on this computer.</p>
          <button onClick={backup} disabled={busy}>
            Back up
          </button>
          <button className="secondary" onClick={() => fileInput.current?.click()} disabled={busy}>
            Restore
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".sqlite,application/vnd.sqlite3,application/octet-stream"
            hidden
            aria-label="Backup file to restore"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void restore(f);
            }}
          />
        </section>
      </div>
    </main>
  );
}
