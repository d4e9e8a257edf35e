/** Raise hand: the student's button, and the teacher's queue in the order hands went up. */
import { useEffect, useRef, useState } from 'react';
import type { RoomConnection } from '../../../shared/client';
import type { RaisedHand } from '../../../shared/schemas/interaction';
import { chime } from './useInteraction';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function StudentHand({ conn, hands }: { conn: RoomConnection; hands: RaisedHand[] }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const raised = hands.some((h) => h.participantId === conn.you?.id);
  async function toggle() {
    setBusy(true);
    const res = await conn.request(raised ? 'hand:lower' : 'hand:raise', {});
    setBusy(false);
    setError(res.ok ? null : res.error.message);
  }
  return (
    <div className="hand-control">
      <button onClick={toggle} disabled={busy} className={raised ? 'secondary' : ''}>
        {raised ? 'Lower hand' : 'Raise hand'}
      </button>
      {raised && <span className="muted"> Your hand is up.</span>}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}

export function HandsQueue({ conn, hands }: { conn: RoomConnection; hands: RaisedHand[] }) {
  const [error, setError] = useState<string | null>(null);
  const [pulse, setPulse] = useState(false);
  const count = useRef(hands.length);
  // A gentle cue when a new hand goes up: a pulse and a short chime.
  useEffect(() => {
    if (hands.length > count.current) {
      setPulse(true);
      chime();
      const t = setTimeout(() => setPulse(false), 1500);
      count.current = hands.length;
      return () => clearTimeout(t);
    }
    count.current = hands.length;
  }, [hands.length]);

  async function dismiss(participantId?: string) {
    const res = await conn.request('hand:dismiss', participantId ? { participantId } : {});
    setError(res.ok ? null : res.error.message);
  }
  return (
    <section className={`panel hands-panel${pulse ? ' pulse' : ''}`} aria-label="Hands raised">
      <h2>
        Hands raised <span className="count">{hands.length}</span>
      </h2>
      {hands.length === 0 ? (
        <p className="muted">No hands up.</p>
      ) : (
        <>
          <ol className="hands">
            {hands.map((h) => (
              <li key={h.participantId}>
                <span>{h.name}</span> <time dateTime={h.raisedAt}>{time(h.raisedAt)}</time>{' '}
                <button className="secondary small" aria-label={`Lower ${h.name}'s hand`} onClick={() => dismiss(h.participantId)}>
                  Lower
                </button>
              </li>
            ))}
          </ol>
          <button className="secondary small" onClick={() => dismiss()}>
            Lower all hands
          </button>
        </>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
