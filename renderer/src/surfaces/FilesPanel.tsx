/**
 * File sharing: the teacher shares files with the class, students hand files in. Every
 * transfer shows a progress bar named after its file; downloads start only on a click and are
 * saved, never opened.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomConnection } from '../../../shared/client';
import type { SharedFile } from '../../../shared/schemas/surfaces';
import { downloadFile, formatSize, saveBlob, uploadFile } from './transfers';

interface Transfer {
  key: string;
  name: string;
  loaded: number;
  total: number;
  state: 'running' | 'done' | 'failed';
  message?: string;
}

export function FilesPanel({ conn, role }: { conn: RoomConnection; role: 'teacher' | 'student' }) {
  const [files, setFiles] = useState<SharedFile[]>([]);
  const [transfers, setTransfers] = useState<Transfer[]>([]);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const add = (f: SharedFile) => setFiles((list) => (list.some((x) => x.id === f.id) ? list : [...list, f]));
    const load = async () => {
      const res = await conn.request('files:list', {});
      if (res.ok) setFiles(res.data.files);
    };
    if (conn.status === 'connected') void load();
    const offs = [
      conn.subscribe('file_shared', add),
      conn.subscribe('file_handed_in', add),
      conn.on('status', (s) => void (s === 'connected' && load())),
    ];
    return () => offs.forEach((off) => off());
  }, [conn]);

  const track = (t: Transfer) => setTransfers((list) => [...list.filter((x) => x.key !== t.key), t]);

  async function upload(file: File) {
    const key = `up-${file.name}-${Date.now()}`;
    track({ key, name: file.name, loaded: 0, total: file.size, state: 'running' });
    const res = await uploadFile(conn.sessionAuth, role === 'teacher' ? 'share' : 'handIn', file, (loaded, total) =>
      track({ key, name: file.name, loaded, total, state: 'running' }),
    );
    if (res.ok) {
      track({ key, name: file.name, loaded: file.size, total: file.size, state: 'done', message: role === 'teacher' ? 'Shared' : 'Handed in' });
      setFiles((list) => (list.some((x) => x.id === res.data.id) ? list : [...list, res.data]));
    } else {
      track({ key, name: file.name, loaded: 0, total: file.size, state: 'failed', message: res.error.message });
    }
  }

  async function download(file: SharedFile) {
    const key = `down-${file.id}`;
    track({ key, name: file.name, loaded: 0, total: file.size, state: 'running' });
    const res = await downloadFile(conn.sessionAuth, file, (loaded, total) => track({ key, name: file.name, loaded, total, state: 'running' }));
    if (!res.ok) return track({ key, name: file.name, loaded: 0, total: file.size, state: 'failed', message: res.error.message });
    track({ key, name: file.name, loaded: file.size, total: file.size, state: 'done', message: 'Saved to your downloads' });
    saveBlob(res.data, file.name);
  }

  return (
    <section className="panel surface files" aria-label="Files">
      <h2>Files</h2>
      <input
        ref={picker}
        type="file"
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void upload(f).catch((err: Error) => setError(err.message));
        }}
      />
      <button type="button" onClick={() => picker.current?.click()}>
        {role === 'teacher' ? 'Share file' : 'Hand in'}
      </button>
      {error && <p role="alert">{error}</p>}
      {transfers.length > 0 && (
        <ul className="transfers">
          {transfers.map((t) => (
            <li key={t.key}>
              <span>{t.name}</span>
              <progress aria-label={t.name} max={t.total || 1} value={t.state === 'failed' ? 0 : t.loaded} />
              <span className={t.state === 'failed' ? 'surface-error' : 'muted'} role={t.state === 'failed' ? 'alert' : undefined}>
                {t.state === 'running' ? `${Math.floor((t.loaded / (t.total || 1)) * 100)}%` : t.message}
              </span>
            </li>
          ))}
        </ul>
      )}
      {files.length === 0 ? (
        <p className="muted">{role === 'teacher' ? 'No files shared or handed in yet.' : 'No files from the teacher yet.'}</p>
      ) : (
        <ul className="file-list">
          {files.map((f) => (
            <li key={f.id}>
              <span>
                {f.name} <span className="muted">({formatSize(f.size)}{f.kind === 'handin' ? `, handed in by ${f.uploaderName}` : ''})</span>
              </span>
              <button type="button" aria-label={`Download ${f.name}`} onClick={() => void download(f)}>
                Download
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
