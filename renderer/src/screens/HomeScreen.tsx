interface Props {
  canHost: boolean;
  notice?: string;
  busy?: boolean;
  onHost(): void;
  onJoin(): void;
}

export function HomeScreen({ canHost, notice, busy, onHost, onJoin }: Props) {
  return (
    <main className="home">
      <h1>Teaching Playground</h1>
      <p className="tagline">A classroom on your local network. No accounts, no internet.</p>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      <div className="home-actions">
        {canHost && (
          <button className="big" onClick={onHost} disabled={busy}>
            Host a class
          </button>
        )}
        <button className="big" onClick={onJoin} disabled={busy}>
          Join a class
        </button>
      </div>
      {!canHost && (
        <p className="hint">
          Teachers: to host a class, open the Teaching Playground app on your computer (or run{' '}
          <code>npm run host</code>) and use the teacher link it shows.
        </p>
      )}
    </main>
  );
}
