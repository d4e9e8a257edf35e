import { useState, type FormEvent } from 'react';
import type { Classroom } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';
import { Field } from './Field';

/** `<input type="datetime-local">` value (local time, no zone) → ISO 8601 with offset. */
export function localToIso(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

export function ScheduleLectureForm({
  api,
  classrooms,
  onScheduled,
}: {
  api: TeacherApi;
  classrooms: readonly Classroom[];
  onScheduled(): void;
}) {
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState('');
  const [classroomId, setClassroomId] = useState('');
  const [description, setDescription] = useState('');
  const [max, setMax] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = classroomId || classrooms[0]?.id || '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!when) return setError('Choose the date and time of the lecture.');
    setBusy(true);
    const res = await api.scheduleLecture({
      title,
      date: localToIso(when),
      classroomId: chosen,
      description: description || undefined,
      maxParticipants: max ? Number(max) : undefined,
    });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setTitle('');
    setDescription('');
    onScheduled();
  }

  return (
    <form className="card-form" onSubmit={submit} aria-label="Schedule lecture">
      <h3>Schedule a lecture</h3>
      <Field label="Title">
        {(id) => (
        <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
        )}
      </Field>
      <Field label="Date and time">
        {(id) => (
        <input id={id} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
        )}
      </Field>
      <Field label="Classroom">
        {(id) => (
        <select id={id} value={chosen} onChange={(e) => setClassroomId(e.target.value)}>
          {classrooms.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.capacity} seats)
            </option>
          ))}
        </select>
        )}
      </Field>
      <Field label="Description">
        {(id) => (
        <textarea id={id} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} />
        )}
      </Field>
      <Field label="Max participants">
        {(id) => (
        <input id={id} type="number" min={1} max={500} value={max} onChange={(e) => setMax(e.target.value)} placeholder="classroom capacity" />
        )}
      </Field>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !chosen}>
        Schedule lecture
      </button>
    </form>
  );
}
