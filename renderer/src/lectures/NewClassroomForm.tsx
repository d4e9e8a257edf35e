import { useState, type FormEvent } from 'react';
import { ALL_FEATURES_ON, type ClassroomFeatures } from '../../../shared';
import type { TeacherApi } from '../../../shared/client';
import { Field } from './Field';

const FEATURE_LABELS: Record<keyof ClassroomFeatures, string> = {
  video: 'Video',
  audio: 'Audio',
  chat: 'Chat',
  whiteboard: 'Whiteboard',
  screenShare: 'Screen share',
};

export function NewClassroomForm({ api, onCreated }: { api: TeacherApi; onCreated(): void }) {
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('30');
  const [features, setFeatures] = useState<ClassroomFeatures>(ALL_FEATURES_ON);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const res = await api.createClassroom({ name, capacity: Number(capacity), features });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setName('');
    onCreated();
  }

  return (
    <form className="card-form" onSubmit={submit} aria-label="New classroom">
      <h3>New classroom</h3>
      <Field label="Name">
        {(id) => (
        <input id={id} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        )}
      </Field>
      <Field label="Capacity">
        {(id) => (
        <input id={id} type="number" min={1} max={500} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        )}
      </Field>
      <fieldset>
        <legend>Features</legend>
        {(Object.keys(FEATURE_LABELS) as (keyof ClassroomFeatures)[]).map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={features[k]} onChange={(e) => setFeatures({ ...features, [k]: e.target.checked })} />
            {FEATURE_LABELS[k]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        New classroom
      </button>
    </form>
  );
}
