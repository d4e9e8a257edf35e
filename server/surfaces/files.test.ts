/** File sharing over HTTP against a real host: limits, names, authorisation, headers. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RoomConnection } from '../../shared/client';
import { FILES_API, type SharedFile } from '../../shared/schemas/surfaces';
import { waitUntil } from '../test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost } from '../test-support/testHost';
import { sanitizeFileName } from './fileNames';

type TestHost = Awaited<ReturnType<typeof startTestHost>>;
let h: TestHost | undefined;
const conns: RoomConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  await h?.close();
  h = undefined;
});

function upload(kind: 'share' | 'handIn', token: string | undefined, name: string, body: Uint8Array<ArrayBuffer>) {
  return fetch(`${h!.url}${FILES_API[kind]}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body,
  });
}

async function classOfTwo(maxFileBytes = 1024 * 1024) {
  h = await startTestHost({ maxFileBytes });
  const teacher = await joinAsTeacher(h);
  const ana = await joinAsStudent(h, 'Ana');
  const ben = await joinAsStudent(h, 'Ben');
  conns.push(teacher, ana, ben);
  return { teacher, ana, ben };
}

describe('file sharing', () => {
  it('the teacher shares a file: students are told and download it as an attachment', async () => {
    const { teacher, ana } = await classOfTwo();
    const announced: SharedFile[] = [];
    ana.subscribe('file_shared', (f) => announced.push(f));
    const body = new TextEncoder().encode('x'.repeat(5000));
    const res = await upload('share', teacher.token, '../../etc/Übung 1.pdf', body);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { ok: true; data: SharedFile };
    expect(json.data).toMatchObject({ kind: 'shared', name: 'Übung 1.pdf', size: 5000 });
    await waitUntil(() => announced.length === 1, 5000, 'file_shared');
    expect(announced[0]!.id).toBe(json.data.id);

    const dl = await fetch(`${h!.url}${FILES_API.download}${json.data.id}`, { headers: { Authorization: `Bearer ${ana.token}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-length')).toBe('5000');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    expect(dl.headers.get('content-disposition')).toContain("filename*=UTF-8''%C3%9Cbung%201.pdf");
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect((await dl.arrayBuffer()).byteLength).toBe(5000);

    // Listed for a late joiner; no token, no file.
    expect(await ana.request('files:list', {})).toMatchObject({ ok: true, data: { files: [{ id: json.data.id }] } });
    const anon = await fetch(`${h!.url}${FILES_API.download}${json.data.id}`);
    expect(anon.status).toBe(401);
    // The teacher token is not a session token.
    const teacherTokenDl = await fetch(`${h!.url}${FILES_API.download}${json.data.id}`, { headers: { Authorization: `Bearer ${h!.teacherToken}` } });
    expect(teacherTokenDl.status).toBe(401);
  });

  it('refuses oversize uploads, programs, unknown types, and students sharing with the class', async () => {
    const { teacher, ana } = await classOfTwo(1000);
    const tooBig = await upload('share', teacher.token, 'big.pdf', new Uint8Array(1001));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/at most/) } });
    expect((await upload('share', teacher.token, 'ok.pdf', new Uint8Array(1000))).status).toBe(200);

    const exe = await upload('share', teacher.token, 'setup.exe', new Uint8Array(10));
    expect(exe.status).toBe(400);
    const disguised = await upload('share', teacher.token, 'notes.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0]));
    expect(await disguised.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Programs cannot be shared.' } });
    const student = await upload('share', ana.token, 'essay.pdf', new Uint8Array(10));
    expect(student.status).toBe(403);
    expect((await upload('share', undefined, 'x.pdf', new Uint8Array(10))).status).toBe(401);
    // Nothing refused was listed.
    const list = await teacher.request('files:list', {});
    expect(list.ok && list.data.files.map((f) => f.name)).toEqual(['ok.pdf']);
  });

  it('a hand-in reaches the teacher only; other students cannot download it', async () => {
    const { teacher, ana, ben } = await classOfTwo();
    const toTeacher: SharedFile[] = [];
    const toBen: SharedFile[] = [];
    teacher.subscribe('file_handed_in', (f) => toTeacher.push(f));
    ben.subscribe('file_handed_in', (f) => toBen.push(f));
    const res = await upload('handIn', ana.token, 'essay.docx', new TextEncoder().encode('my essay'));
    const { data } = (await res.json()) as { data: SharedFile };
    expect(data).toMatchObject({ kind: 'handin', uploaderName: 'Ana', size: 8 });
    await waitUntil(() => toTeacher.length === 1, 5000, 'file_handed_in');
    const url = `${h!.url}${FILES_API.download}${data.id}`;
    expect((await fetch(url, { headers: { Authorization: `Bearer ${teacher.token}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${ana.token}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${ben.token}` } })).status).toBe(404);
    expect(toBen).toEqual([]);
  });
});

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['C:\\Users\\x\\report.pdf', 'report.pdf'],
    ['.hidden.md', 'hidden.md'],
    ['a<b>c:d"e|f?g*.txt', 'a_b_c_d_e_f_g_.txt'],
    ['evil\u202Etxt.exe', 'evil_txt.exe'],
    ['CON.txt', '_CON.txt'],
    ['', 'file'],
    ['...', 'file'],
  ])('%j → %j', (raw, safe) => expect(sanitizeFileName(raw)).toBe(safe));

  it('keeps the extension when shortening', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect(name.length).toBe(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
