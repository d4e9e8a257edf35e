/**
 * The lecture archive's files over real HTTP: after class the teacher lists the files shared
 * and the hand-ins and downloads them with the teacher token; students' sessions get nothing.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FILES_API, ArchiveFilesReplySchema, FILES_API, type SharedFile } from '../../shared/schemas/surfaces';
import { resultSchema } from '../../shared/result';
import { waitUntil } from '../test-support/raw';
import { closeAfterEach, joinAsStudent, joinAsTeacher, startTestHost } from '../test-support/testHost';

const track = closeAfterEach();

async function upload(url: string, kind: 'share' | 'handIn', token: string, name: string, text: string): Promise<SharedFile> {
  const res = await fetch(`${url}${FILES_API[kind]}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: new TextEncoder().encode(text),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: SharedFile }).data;
}

const bearer = (token: string | undefined): RequestInit => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe('lecture archive: files', () => {
  it('lists the shared files and hand-ins of an ended lecture and downloads them, for the teacher only', async () => {
    const h = track(await startTestHost());
    const teacher = track(await joinAsTeacher(h));
    const ana = track(await joinAsStudent(h, 'Ana'));
    const ben = track(await joinAsStudent(h, 'Ben'));
    const notes = await upload(h.url, 'share', teacher.token, 'notes.txt', 'Chapter 3 notes');
    const essay = await upload(h.url, 'handIn', ana.token, 'essay.txt', "Ana's essay");
    const other = await upload(h.url, 'handIn', ben.token, 'homework.txt', "Ben's homework");
    const db = new Database(path.join(h.dataDir, 'classroom.sqlite'), { readonly: true });
    const { lecture_id: lectureId } = db.prepare('SELECT lecture_id FROM rooms WHERE id = ?').get(teacher.room!.id) as { lecture_id: string };
    db.close();
    expect((await teacher.request('class:end', {})).ok).toBe(true);
    await waitUntil(() => ana.status === 'ended', 5000, 'class ended');

    // The teacher token lists everything, in upload order, parsed with the shared schema.
    const listed = await fetch(`${h.url}${ARCHIVE_FILES_API.list(lectureId)}`, bearer(h.teacherToken));
    expect(listed.status).toBe(200);
    const reply = resultSchema(ArchiveFilesReplySchema).parse(await listed.json());
    expect(reply.ok && reply.data.files.map((f) => [f.name, f.kind, f.uploaderName])).toEqual([
      ['notes.txt', 'shared', teacher.you!.name],
      ['essay.txt', 'handin', 'Ana'],
      ['homework.txt', 'handin', 'Ben'],
    ]);

    // Downloads are attachments with the original bytes: a shared file and a hand-in.
    for (const [file, text] of [
      [notes, 'Chapter 3 notes'],
      [essay, "Ana's essay"],
    ] as const) {
      const dl = await fetch(`${h.url}${ARCHIVE_FILES_API.download(lectureId, file.id)}`, bearer(h.teacherToken));
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${file.name}"; filename*=UTF-8''${file.name}`);
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await dl.text()).toBe(text);
    }

    // Students' sessions (which ended with the class anyway) and no token get nothing.
    for (const token of [ana.token, ben.token, undefined]) {
      expect((await fetch(`${h.url}${ARCHIVE_FILES_API.list(lectureId)}`, bearer(token))).status).toBe(401);
      expect((await fetch(`${h.url}${ARCHIVE_FILES_API.download(lectureId, other.id)}`, bearer(token))).status).toBe(401);
    }
    // A file is only found under its own lecture; made-up ids are not found.
    expect((await fetch(`${h.url}${ARCHIVE_FILES_API.download('another-lecture', notes.id)}`, bearer(h.teacherToken))).status).toBe(404);
    expect((await fetch(`${h.url}${ARCHIVE_FILES_API.download(lectureId, '../../classroom.sqlite')}`, bearer(h.teacherToken))).status).toBe(404);
    expect((await fetch(`${h.url}${ARCHIVE_FILES_API.download(lectureId, 'not-a-file')}`, bearer(h.teacherToken))).status).toBe(404);
    // A lecture without files lists none.
    const empty = await fetch(`${h.url}${ARCHIVE_FILES_API.list('another-lecture')}`, bearer(h.teacherToken));
    expect(await empty.json()).toEqual({ ok: true, data: { files: [] } });
  });
});
