/**
 * The desktop app's "Choose what to share" dialog: every screen and window with a live
 * thumbnail (refreshed while open). Picking one tells the app what the next share captures.
 * Where the OS can capture system audio (Windows, Linux with PipeWire) a "Share system audio"
 * box is offered; `onPicked(true)` then asks getDisplayMedia for audio as well.
 */
import { useEffect, useRef, useState } from 'react';
import type { CaptureSource } from '../../../shared';
import type { ScreenPickerApi } from '../platform/types';

const REFRESH_MS = 2000;

export function ScreenPicker({ api, onPicked, onCancel }: { api: ScreenPickerApi; onPicked(withAudio: boolean): void; onCancel(): void }) {
  const [sources, setSources] = useState<CaptureSource[] | null>(null);
  const [audioAvailable, setAudioAvailable] = useState(false);
  const [withAudio, setWithAudio] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal?.();
    let stopped = false;
    const refresh = async () => {
      const res = await api.sources();
      if (stopped) return;
      if (res.ok) {
        setSources(res.data.sources);
        setAudioAvailable(res.data.systemAudio);
      } else setError(res.error.message);
    };
    void refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api]);

  async function pick(id: string) {
    const res = await api.select(id);
    if (!res.ok) return setError(res.error.message);
    onPicked(audioAvailable && withAudio);
  }

  const group = (kind: CaptureSource['kind'], title: string) => {
    const list = (sources ?? []).filter((s) => s.kind === kind);
    if (list.length === 0) return null;
    return (
      <section aria-label={title}>
        <h3>{title}</h3>
        <ul className="picker-grid">
          {list.map((s) => (
            <li key={s.id}>
              <button className="picker-source" onClick={() => void pick(s.id)}>
                {s.thumbnail ? <img src={s.thumbnail} alt="" /> : <span className="picker-blank" aria-hidden="true" />}
                <span>{s.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  };

  return (
    <dialog ref={dialog} className="screen-picker" aria-label="Choose what to share" onCancel={onCancel}>
      <h2>Choose what to share</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {sources === null && !error && <p>Looking for screens and windows…</p>}
      {sources?.length === 0 && <p>No screen or window can be shared right now.</p>}
      {group('screen', 'Screens')}
      {group('window', 'Windows')}
      {audioAvailable && (
        <label className="picker-audio">
          <input type="checkbox" checked={withAudio} onChange={(e) => setWithAudio(e.target.checked)} /> Share system audio
        </label>
      )}
      <div className="form-actions">
        <button className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
