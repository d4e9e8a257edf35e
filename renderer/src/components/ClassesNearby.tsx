import { useEffect, useState } from 'react';
import type { Result } from '../../../shared';
import type { DiscoverySnapshot, NearbyClass } from '../../../shared/schemas/discovery';
import { PROTOCOL_VERSION } from '../../../shared/version';

/** How often the list is refreshed: main keeps it live, this only reads it. */
export const NEARBY_POLL_MS = 1_500;

interface Props {
  load: () => Promise<Result<DiscoverySnapshot>>;
  /** Every refresh, with the classes this app can talk to. */
  onClasses(classes: NearbyClass[]): void;
  /** The class the student picked (the code then goes to that host only), or null for any. */
  selected: string | null;
  onSelect(id: string | null): void;
}

/**
 * "Classes nearby": the hosts found on the LAN, by class name and teacher. Codes are not shown
 * (hosts never advertise them): the student types the code and the app finds the right host.
 * Renders nothing where discovery is unavailable.
 */
export function ClassesNearby({ load, onClasses, selected, onSelect }: Props) {
  const [snapshot, setSnapshot] = useState<DiscoverySnapshot | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const res = await load();
      if (stopped) return;
      const snap = res.ok ? res.data : { available: false, classes: [] };
      // A host speaking another protocol version would fail after joining; leave it out.
      const usable = { ...snap, classes: snap.classes.filter((c) => c.protocolVersion === PROTOCOL_VERSION) };
      setSnapshot(usable);
      onClasses(usable.classes);
      timer = setTimeout(() => void tick(), NEARBY_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load, onClasses]);

  if (!snapshot?.available) return null;
  return (
    <section className="panel classes-nearby" aria-label="Classes nearby" aria-live="polite">
      <h2>Classes nearby</h2>
      {snapshot.classes.length === 0 ? (
        <p className="hint">Looking for classes on this network…</p>
      ) : (
        <>
          <ul>
            {snapshot.classes.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={selected === c.id ? '' : 'secondary'}
                  aria-pressed={selected === c.id}
                  onClick={() => onSelect(selected === c.id ? null : c.id)}
                >
                  <strong>{c.name}</strong> — {c.teacher}
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">
            Type the room code from the teacher’s screen: the app finds the class. Pick yours above to send the
            code to that class only.
          </p>
        </>
      )}
    </section>
  );
}
