/**
 * The lecture archive's files: what the teacher shared with the class and what students
 * handed in, each downloadable after class. Teacher only, like the rest of the archive: the
 * host answers these routes for the teacher token alone (server/http/filesApi.ts). Nothing is
 * opened; a download goes to the browser's downloads.
 */
import { useEffect, useState } from 'react';
import { fail, resultSchema, type Result } from '../../../shared/result';
import { ARCHIVE_FILES_API, ArchiveFilesReplySchema, type SharedFile } from '../../../shared/schemas/surfaces';
import { formatSize, saveBlob } from '../surfaces/transfers';

interface Auth {
  baseUrl: string;
  teacherToken: string;
}

async function get(auth: Auth, path: string): Promise<Response | null> {
  try {
    return await fetch(new URL(path, auth.baseUrl), { headers: { Authorization: `Bearer ${auth.teacherToken}` } });
  } catch {
    return null;
  }
}

async function listFiles(auth: Auth, lectureId: string): Promise<Result<SharedFile[]>> {
  const res = await get(auth, ARCHIVE_FILES_API.list(lectureId));
  if (!res) return fail('DISCONNECTED', 'Could not reach the classroom host.');
  const parsed = resultSchema(ArchiveFilesReplySchema).safeParse(await res.json().catch(() => null));
  if (!parsed.success) return fail('INTERNAL', `The host answered with something unexpected (HTTP ${res.status}).`);
  return parsed.data.ok ? { ok: true, data: parsed.data.data.files } : parsed.data;
}

async function downloadFile(auth: Auth, lectureId: string, file: SharedFile): Promise<Result<Blob>> {
  const res = await get(auth, ARCHIVE_FILES_API.download(lectureId, file.id));
  if (!res) return fail('DISCONNECTED', 'Could not reach the classroom host.');
  if (!res.ok) {
    const body = resultSchema(ArchiveFilesReplySchema).safeParse(await res.json().catch(() => null));
    return body.success && !body.data.ok ? body.data : fail('INTERNAL', `Download failed (HTTP ${res.status}).`);
  }
  return { ok: true, data: await res.blob() };
}

export function ArchiveFiles({ auth, lectureId }: { auth: Auth; lectureId: string }) {
  const [files, setFiles] = useState<SharedFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void listFiles(auth, lectureId).then((res) => (res.ok ? setFiles(res.data) : setError(res.error.message)));
  }, [auth, lectureId]);

  async function download(file: SharedFile) {
    const res = await downloadFile(auth, lectureId, file);
    if (!res.ok) return setError(res.error.message);
    saveBlob(res.data, file.name);
  }

  const shared = files?.filter((f) => f.kind === 'shared') ?? [];
  const handedIn = files?.filter((f) => f.kind === 'handin') ?? [];
  const list = (items: SharedFile[], label: string, empty: string) => (
    <ul aria-label={label} className="file-list">
      {items.length === 0 && <li className="muted">{empty}</li>}
      {items.map((f) => (
        <li key={f.id}>
          {f.name}{' '}
          <span className="muted">
            ({formatSize(f.size)}
            {f.kind === 'handin' ? `, handed in by ${f.uploaderName}` : ''})
          </span>{' '}
          <button type="button" className="secondary" onClick={() => void download(f)} aria-label={`Download ${f.name}`}>
            Download
          </button>
        </li>
      ))}
    </ul>
  );

  return (
    <section aria-labelledby="files-h">
      <h2 id="files-h">Files</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {files && (
        <>
          <h3>Shared with the class</h3>
          {list(shared, 'Shared files', 'No files were shared in this lecture.')}
          <h3>Handed in</h3>
          {list(handedIn, 'Hand-ins', 'Nothing was handed in.')}
        </>
      )}
    </section>
  );
}
