/** After class: who was there and what was said, with the downloads a teacher needs. */
import { useEffect, useMemo, useState } from 'react';
import type { LectureDetails } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';
import { loadSession } from '../session/storage';
import { SurfaceArchive } from '../surfaces/SurfaceArchive';
import { ArchiveFiles } from './ArchiveFiles';
import { AttendanceTable } from './AttendanceTable';
import { formatWhen, saveDownload } from './download';

export function ArchiveScreen({ api, lectureId, onBack }: { api: TeacherApi; lectureId: string; onBack(): void }) {
  const [details, setDetails] = useState<LectureDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The files routes take the teacher token too; TeacherApi keeps its copy private, so it is
  // read from the stored teacher session the console was opened with.
  const teacherToken = loadSession()?.teacherToken;
  const fileAuth = useMemo(() => (teacherToken ? { baseUrl: api.baseUrl, teacherToken } : null), [api.baseUrl, teacherToken]);

  useEffect(() => {
    void api.lectureDetails(lectureId).then((res) => (res.ok ? setDetails(res.data) : setError(res.error.message)));
  }, [api, lectureId]);

  async function download(kind: 'csv' | 'transcript') {
    const res = kind === 'csv' ? await api.attendanceCsv(lectureId) : await api.transcript(lectureId);
    if (!res.ok) return setError(res.error.message);
    saveDownload(res.data);
  }

  return (
    <main className="dashboard">
      <header className="dashboard-header">
        <div>
          <h1>{details?.lecture.title ?? 'Lecture'}</h1>
          {details && (
            <p className="muted">
              {details.classroom.name} · {formatWhen(details.lecture.startedAt)} – {formatWhen(details.lecture.endedAt)}
            </p>
          )}
        </div>
        <button className="secondary" onClick={onBack}>
          Back
        </button>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {details && (
        <>
          <section aria-labelledby="att-h">
            <div className="section-head">
              <h2 id="att-h">Attendance</h2>
              <button onClick={() => download('csv')}>Download CSV</button>
            </div>
            <AttendanceTable rows={details.attendance} />
          </section>
          <section aria-labelledby="tr-h">
            <div className="section-head">
              <h2 id="tr-h">Chat transcript</h2>
              <button className="secondary" onClick={() => download('transcript')}>
                Download transcript
              </button>
            </div>
            <ol aria-label="Transcript" className="transcript">
              {details.transcript.length === 0 && <li>No messages in this lecture.</li>}
              {details.transcript.map((m) => (
                <li key={m.id}>
                  <time dateTime={m.sentAt}>{new Date(m.sentAt).toLocaleTimeString()}</time> <strong>{m.sender.name}</strong>: {m.text}
                </li>
              ))}
            </ol>
          </section>
          {fileAuth && <ArchiveFiles auth={fileAuth} lectureId={lectureId} />}
          <SurfaceArchive api={api} lectureId={lectureId} />
        </>
      )}
    </main>
  );
}
