/**
 * File transfers with progress, as the session's participant (Bearer session token).
 * Uploads use XHR (fetch has no upload progress); downloads stream with fetch and count bytes
 * against Content-Length. Nothing is opened: the file is handed to the browser's downloads.
 */
import { fail, resultSchema, type Result } from '../../../shared/result';
import { FILES_API, SharedFileSchema, type SharedFile } from '../../../shared/schemas/surfaces';

export type Progress = (loaded: number, total: number) => void;

export function uploadFile(
  auth: { baseUrl: string; token: string },
  kind: 'share' | 'handIn',
  file: File,
  onProgress: Progress,
): Promise<Result<SharedFile>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL(`${FILES_API[kind]}?name=${encodeURIComponent(file.name)}`, auth.baseUrl).toString());
    xhr.setRequestHeader('Authorization', `Bearer ${auth.token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => resolve(fail('DISCONNECTED', 'The upload was interrupted. Check your network and try again.'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        return resolve(fail('INTERNAL', `The host answered with something unexpected (HTTP ${xhr.status}).`));
      }
      const parsed = resultSchema(SharedFileSchema).safeParse(json);
      resolve(parsed.success ? (parsed.data as Result<SharedFile>) : fail('INTERNAL', 'The host answered with something unexpected.'));
    };
    xhr.send(file);
  });
}

export async function downloadFile(auth: { baseUrl: string; token: string }, file: SharedFile, onProgress: Progress): Promise<Result<Blob>> {
  let res: Response;
  try {
    res = await fetch(new URL(`${FILES_API.download}${file.id}`, auth.baseUrl), { headers: { Authorization: `Bearer ${auth.token}` } });
  } catch {
    return fail('DISCONNECTED', 'Could not reach the classroom host.');
  }
  if (!res.ok || !res.body) {
    const body = await res.json().catch(() => null);
    return fail('NOT_FOUND', (body as { error?: { message?: string } } | null)?.error?.message ?? `Download failed (HTTP ${res.status}).`);
  }
  const total = Number(res.headers.get('content-length')) || file.size;
  const reader = res.body.getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      onProgress(loaded, total);
    }
  } catch {
    return fail('DISCONNECTED', 'The download was interrupted. Try again.');
  }
  return { ok: true, data: new Blob(parts, { type: 'application/octet-stream' }) };
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
