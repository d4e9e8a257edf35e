/**
 * The teacher's code-guessing warning (issue #7): the host paused joining because too many
 * wrong room codes were tried. The teacher gives the class a new code with one click; the
 * students already in class stay in. Text only: nothing from the host is rendered as HTML.
 */
import { useEffect, useState } from 'react';
import { formatRoomCode, type SecurityWarning as Warning } from '../../../shared';
import type { RoomConnection, TeacherApi } from '../../../shared/client';

export function SecurityWarning({ conn, teacherApi }: { conn: RoomConnection; teacherApi?: TeacherApi }) {
  const [warning, setWarning] = useState<Warning | null>(null);
  const [newCode, setNewCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(
    () =>
      conn.subscribe('security_warning', (w) => {
        setWarning(w);
        setNewCode(null);
      }),
    [conn],
  );

  async function rotate() {
    if (!teacherApi) return;
    setBusy(true);
    const res = await teacherApi.rotateCode(conn.room?.id);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setError(null);
    setWarning(null);
    setNewCode(res.data.rooms.find((r) => r.id === conn.room?.id)?.code ?? res.data.rooms[0]?.code ?? null);
  }

  if (newCode) {
    return (
      <section role="status" aria-label="Security" className="security-warning resolved">
        <p>
          New room code: <strong className="room-code">{formatRoomCode(newCode)}</strong>. Give this one to students who still
          need to join; the old code no longer works.
        </p>
        <button className="secondary" onClick={() => setNewCode(null)}>
          Done
        </button>
      </section>
    );
  }
  if (!warning) return null;
  return (
    <section role="alert" aria-label="Security warning" className="security-warning">
      <p>{warning.message}</p>
      {error && <p className="error">{error}</p>}
      {teacherApi && (
        <button className="danger" onClick={rotate} disabled={busy}>
          Rotate code
        </button>
      )}
    </section>
  );
}
