import { useState, type FormEvent } from 'react';
import { isValidRoomCode, NAME_MAX, normalizeName } from '../../../shared';

interface Props {
  /** Null when the user must type the host's address (desktop app, no discovery yet). */
  defaultHostUrl: string | null;
  error?: string;
  busy?: boolean;
  onJoin(req: { hostUrl: string; code: string; name: string }): void;
  onBack(): void;
}

/** "192.168.1.20", "192.168.1.20:4321" or a full URL → a base URL. */
export function toHostUrl(input: string): string | null {
  const t = input.trim();
  if (!t) return null;
  try {
    const url = new URL(/^https?:\/\//i.test(t) ? t : `http://${t}`);
    if (!url.port && !/^https?:\/\//i.test(t)) url.port = '4321';
    return url.origin;
  } catch {
    return null;
  }
}

export function JoinScreen({ defaultHostUrl, error, busy, onJoin, onBack }: Props) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const hostUrl = defaultHostUrl ?? toHostUrl(address);
    if (!hostUrl) return setProblem('Type the address shown on the teacher’s screen, like 192.168.1.20:4321.');
    if (!isValidRoomCode(code)) return setProblem('Room codes are 6 letters and digits, like ABC-123.');
    if (!normalizeName(name)) return setProblem('Type your name so the teacher knows who you are.');
    setProblem(null);
    onJoin({ hostUrl, code, name });
  }

  const shown = problem ?? error;
  return (
    <main className="join">
      <h1>Join a class</h1>
      <form onSubmit={submit} className="join-form" noValidate>
        {defaultHostUrl === null && (
          <div className="field">
            <label htmlFor="join-address">Host address</label>
            <input
              id="join-address"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              placeholder="192.168.1.20:4321"
              autoComplete="off"
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="join-code">Room code</label>
          <input
            id="join-code"
            className="code-input"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            placeholder="ABC-123"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="join-name">Your name</label>
          <input
            id="join-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={NAME_MAX}
            autoComplete="name"
          />
        </div>
        {shown && (
          <p role="alert" className="error">
            {shown}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Joining…' : 'Join'}
          </button>
        </div>
      </form>
    </main>
  );
}
