/** Teacher moderation of students: mute in chat (with a reason they see) and remove from class. */
import { useState } from 'react';
import type { Participant } from '../../../shared';
import type { RoomConnection } from '../../../shared/client';

export function ModerationPanel({ conn, participants }: { conn: RoomConnection; participants: readonly Participant[] }) {
  const [muted, setMuted] = useState<Record<string, boolean>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const students = participants.filter((p) => p.role === 'student');

  async function toggleMute(p: Participant) {
    const next = !muted[p.id];
    const res = await conn.request('chat:mute', { participantId: p.id, muted: next, ...(next && reason.trim() ? { reason: reason.trim() } : {}) });
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setMuted((m) => ({ ...m, [p.id]: next }));
  }
  async function remove(p: Participant) {
    if (!window.confirm(`Remove ${p.name} from the class? Their session ends.`)) return;
    const res = await conn.request('class:remove', { participantId: p.id });
    setError(res.ok ? null : res.error.message);
  }
  if (students.length === 0) return null;
  return (
    <section className="panel moderation-panel" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">Students</h2>
      <label>
        Reason shown when muting
        <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Please stay on topic" />
      </label>
      <ul aria-label="Moderation" className="moderation">
        {students.map((p) => (
          <li key={p.id}>
            <span>{p.name}</span>{' '}
            <button className="secondary small" aria-pressed={!!muted[p.id]} onClick={() => toggleMute(p)}>
              {muted[p.id] ? 'Unmute' : 'Mute'}
            </button>{' '}
            <button className="danger small" onClick={() => remove(p)}>
              Remove from class
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
