interface Props {
  canStopHosting: boolean;
  busy?: boolean;
  error?: string;
  onNewClass(): void;
  onLectures(): void;
  onHome(): void;
}

/** What the teacher sees after End class. The chat is saved with the class. */
export function ClassEndedScreen({ canStopHosting, busy, error, onNewClass, onLectures, onHome }: Props) {
  return (
    <main className="ended">
      <h1>Class ended</h1>
      <p>Everyone has been sent back to the start screen. The chat is saved.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="home-actions">
        <button className="big" onClick={onNewClass} disabled={busy}>
          Start a new class
        </button>
        <button className="big secondary" onClick={onLectures} disabled={busy}>
          Lectures and attendance
        </button>
        <button className="big secondary" onClick={onHome} disabled={busy}>
          {canStopHosting ? 'Stop hosting' : 'Done'}
        </button>
      </div>
    </main>
  );
}
