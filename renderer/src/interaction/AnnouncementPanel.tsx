/**
 * Announcements: the teacher sends normal or urgent ones and sees who has acknowledged. An
 * urgent one takes over the student's screen (a modal dialog) until they acknowledge it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { RoomConnection } from '../../../shared/client';
import type { Announcement, AnnouncementStatus } from '../../../shared/schemas/interaction';

export function TeacherAnnouncements({ conn, status }: { conn: RoomConnection; status: AnnouncementStatus['announcements'] }) {
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<'normal' | 'urgent'>('normal');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = await conn.request('announce:send', { text, priority });
    if (!res.ok) return setError(res.error.message); // what was typed stays in the box
    setError(null);
    setText('');
  }
  return (
    <section className="panel announce-panel" aria-labelledby="announce-heading">
      <h2 id="announce-heading">Announcements</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Announcement
          <textarea rows={2} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value as 'normal' | 'urgent')}>
            <option value="normal">Normal</option>
            <option value="urgent">Urgent (takes over students' screens)</option>
          </select>
        </label>
        <button type="submit">Announce</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
      {status.length > 0 && (
        <ul aria-label="Announcements sent" className="announcements">
          {[...status].reverse().map((a) => (
            <li key={a.id}>
              <p>
                {a.priority === 'urgent' && <strong>Urgent: </strong>}
                {a.text}
              </p>
              <p className="muted">
                Acknowledged: {a.acknowledged.length ? a.acknowledged.join(', ') : 'nobody yet'}
                {' · '}
                Waiting for: {a.pending.length ? a.pending.join(', ') : 'nobody'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function StudentAnnouncements({
  conn,
  announcements,
  onAcknowledged,
}: {
  conn: RoomConnection;
  announcements: Announcement[];
  onAcknowledged(id: string): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const urgent = announcements.find((a) => a.priority === 'urgent');
  const normal = announcements.filter((a) => a.priority === 'normal');
  const ackRef = useRef<HTMLButtonElement>(null);
  useEffect(() => ackRef.current?.focus(), [urgent?.id]);

  async function ack(id: string) {
    const res = await conn.request('announce:ack', { announcementId: id });
    if (!res.ok) return setError(res.error.message);
    setError(null);
    onAcknowledged(id);
  }
  return (
    <>
      {normal.map((a) => (
        <div key={a.id} role="status" className="notice announcement">
          <span>{a.text}</span>{' '}
          <button className="secondary small" onClick={() => ack(a.id)}>
            Acknowledge
          </button>
        </div>
      ))}
      {urgent && (
        <div className="modal-backdrop">
          <div role="dialog" aria-modal="true" aria-labelledby={`urgent-${urgent.id}`} className="modal urgent">
            <h2 id={`urgent-${urgent.id}`}>Urgent announcement</h2>
            <p className="urgent-text">{urgent.text}</p>
            <button ref={ackRef} onClick={() => ack(urgent.id)}>
              Acknowledge
            </button>
            {error && <p role="alert" className="error">{error}</p>}
          </div>
        </div>
      )}
      {!urgent && error && <p role="alert" className="error">{error}</p>}
    </>
  );
}
