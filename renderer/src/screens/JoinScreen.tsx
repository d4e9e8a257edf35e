import { useCallback, useState, type FormEvent } from 'react';
import { isValidRoomCode, NAME_MAX, normalizeName } from '../../../shared';
import type { NearbyClass } from '../../../shared/schemas/discovery';
import { ClassesNearby } from '../components/ClassesNearby';
import type { Platform } from '../platform';

interface Props {
  /** Null when the user must type the host's address (desktop app, no discovery yet). */
  defaultHostUrl: string | null;
  error?: string;
  busy?: boolean;
  /** Without a typed address, `nearby` lists the hosts to try the code on, in turn. */
  onJoin(req: { hostUrl: string | null; nearby?: NearbyClass[]; code: string; name: string }): void;
  onBack(): void;
  /** Classes found on the LAN (desktop app); undefined/null shows none. */
  nearbyClasses?: Platform['nearbyClasses'];
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

export function JoinScreen({ defaultHostUrl, error, busy, onJoin, onBack, nearbyClasses }: Props) {
  const [nearby, setNearby] = useState<NearbyClass[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const onNearby = useCallback((classes: NearbyClass[]) => setNearby(classes), []);
  const targets = picked && nearby.some((c) => c.id === picked) ? nearby.filter((c) => c.id === picked) : nearby;
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const hostUrl = defaultHostUrl ?? toHostUrl(address);
    // No address typed, but classes nearby: the app finds which one has the code.
    const viaNearby = !hostUrl && !address.trim() && targets.length > 0;
    if (!hostUrl && !viaNearby) return setProblem('Type the address shown on the teacher’s screen, like 192.168.1.20:4321.');
    if (!isValidRoomCode(code)) return setProblem('Room codes are 6 letters and digits, like ABC-123.');
    if (!normalizeName(name)) return setProblem('Type your name so the teacher knows who you are.');
    setProblem(null);
    onJoin(viaNearby ? { hostUrl: null, nearby: targets, code, name } : { hostUrl, code, name });
  }

  const shown = problem ?? error;
  return (
    <main className="join">
      <h1>Join a class</h1>
      {defaultHostUrl === null && nearbyClasses && (
        <ClassesNearby load={nearbyClasses} onClasses={onNearby} selected={picked} onSelect={setPicked} />
      )}
      <form onSubmit={submit} className="join-form" noValidate>
        {defaultHostUrl === null && (
          <div className="field">
            <label htmlFor="join-address">Host address{nearby.length > 0 && ' (not needed for a class listed nearby)'}</label>
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
