/** The teacher's HTTP routes: refused without the teacher token, working with it. */
import { describe, expect, it } from 'vitest';
import { joinAsStudent, startTestHost, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, headers: res.headers, body: type.includes('json') ? await res.json() : await res.text() };
}

describe('teacher routes', () => {
  // Refusals for every teacher route (student token, forged token, none) are table-driven in
  // server/reliability/privileges.test.ts.
  it('let the teacher schedule, start, end and download the archive', async () => {
    const host = track(await startTestHost());
    const t = host.teacherToken;
    const room = await call(host.url, 'POST', '/api/classrooms', t, { name: 'Lab 3', capacity: 20 });
    expect(room.status).toBe(201);
    const bad = await call(host.url, 'POST', '/api/lectures', t, { title: 'X', date: 'soon', classroomId: room.body.data.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/full date and time/);
    const made = await call(host.url, 'POST', '/api/lectures', t, { title: 'Optics', date: '2030-03-01T10:00:00Z', classroomId: room.body.data.id });
    const id = made.body.data.id as string;
    const started = await call(host.url, 'POST', `/api/lectures/${id}/start`, t);
    expect(started.body.data.code).toMatch(/^[0-9A-Z]{6}$/);
    const ana = track(await joinAsStudent(host, 'Ana', started.body.data.code));
    await ana.sendMessage('light bends');
    expect((await call(host.url, 'POST', `/api/lectures/${id}/cancel`, t)).status).toBe(409);
    expect((await call(host.url, 'POST', `/api/lectures/${id}/end`, t)).body.data.status).toBe('completed');
    const csv = await call(host.url, 'GET', `/api/lectures/${id}/attendance.csv`, t);
    expect(csv.type).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('Optics attendance.csv');
    expect(csv.body).toMatch(/^name,first join,last leave,minutes present,messages,hands raised\r\nAna,/);
    const txt = await call(host.url, 'GET', `/api/lectures/${id}/transcript.txt`, t);
    expect(txt.body).toContain('Ana (student): light bends');
    const details = await call(host.url, 'GET', `/api/lectures/${id}`, t);
    expect(details.body.data.attendance).toHaveLength(1);
    const backup = await fetch(`${host.url}/api/backup`, { headers: { Authorization: `Bearer ${t}` } });
    const bytes = Buffer.from(await backup.arrayBuffer());
    expect(bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});

describe('restore from the teacher console', () => {
  it('checks an uploaded backup, stages it, and switches to it on the next start', async () => {
    const { TeacherApi } = await import('../shared/client');
    const source = track(await startTestHost());
    await source.playground.createClassroom({ name: 'From backup', capacity: 9 });
    const backup = await new TeacherApi(source.url, source.teacherToken).backup();
    expect(backup.ok).toBe(true);

    const target = await startTestHost();
    const api = new TeacherApi(target.url, target.teacherToken);
    const garbage = await api.restore(new Blob(['not a database'.repeat(200)]));
    expect(garbage).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const staged = await api.restore(backup.ok ? backup.data.blob : new Blob());
    expect(staged.ok && staged.data.message).toMatch(/Stop and start the host/);
    // The running class is untouched until the restart.
    expect((await target.playground.listClassrooms()).map((c) => c.name)).not.toContain('From backup');
    await target.close();

    const restarted = track(await startTestHost({ dataDir: target.dataDir }));
    expect((await restarted.playground.listClassrooms()).map((c) => c.name)).toContain('From backup');
    const fs = await import('node:fs');
    expect(fs.readdirSync(target.dataDir).some((f) => f.startsWith('replaced-'))).toBe(true);
  });
});
