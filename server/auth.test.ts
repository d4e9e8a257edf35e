/** Who gets in: the socket handshake, the teacher session route, and where tokens may travel. */
import { describe, expect, it } from 'vitest';
import { AppErrorSchema } from '../shared';
import { enterAsTeacher } from '../shared/client';
import { handshake, http, joinRaw, waitUntil } from './test-support/raw';
import { joinAsStudent, joinAsTeacher, startTestHost, waitFor, closeAfterEach } from './test-support/testHost';

const track = closeAfterEach();

function expectRefused(res: Awaited<ReturnType<typeof handshake>>, code = 'UNAUTHORIZED') {
  expect(res.connected).toBe(false);
  if (res.connected) return;
  expect(AppErrorSchema.parse(res.data)).toMatchObject({ code, message: expect.stringMatching(/\w/) });
  expect(res.message).toMatch(/\w/);
}

describe('socket handshake', () => {
  it('refuses a socket without a token, or with a garbage token, as UNAUTHORIZED', async () => {
    const host = track(await startTestHost());
    const cases: (Record<string, unknown> | undefined)[] = [
      undefined,
      {},
      { token: '' },
      { token: 'short' },
      { token: 'x'.repeat(43) },
      { token: 'A'.repeat(129) },
      { token: 12345678901234567890 },
      { token: { $ne: null } },
      { token: ['x'.repeat(43)] },
      { token: 'Ab9_-'.repeat(9), lastSeq: 0 },
    ];
    for (const auth of cases) expectRefused(await handshake(host.url, auth));
  });

  it('the teacher token is not a session token: it cannot open a socket by itself', async () => {
    const host = track(await startTestHost());
    expectRefused(await handshake(host.url, { token: host.teacherToken }));
  });

  it('refuses a valid token with a malformed lastSeq', async () => {
    const host = track(await startTestHost());
    const ana = track(await joinRaw(host, 'Ana'));
    for (const lastSeq of [-1, 1.5, '3', null]) expectRefused(await handshake(host.url, { token: ana.token, lastSeq }));
    expect((await handshake(host.url, { token: ana.token, lastSeq: 0 })).connected).toBe(true);
  });

  it('survives a flood of refused handshakes and still admits a real student', async () => {
    const host = track(await startTestHost());
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => handshake(host.url, { token: `bogus-token-${i}-xxxxxxxx` })));
    expect(results.every((r) => !r.connected)).toBe(true);
    const ana = track(await joinAsStudent(host, 'Ana'));
    expect(ana.status).toBe('connected');
  });
});

describe('teacher session route', () => {
  const post = (url: string, headers: Record<string, string>, body = '{}') =>
    http(`${url}/api/teacher/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a missing or wrong bearer token with 401 UNAUTHORIZED', async () => {
    const host = track(await startTestHost());
    const student = await joinRaw(host, 'Ana');
    track(student);
    const bad: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${host.teacherToken}x` },
      { authorization: `Bearer ${host.teacherToken.slice(0, -1)}` },
      { authorization: `Basic ${host.teacherToken}` },
      { authorization: host.teacherToken },
      { authorization: `Bearer ${student.token}` },
    ];
    for (const headers of bad) {
      const res = await post(host.url, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
      expect(res.text).not.toContain(host.teacherToken);
    }
    // The token in the query string (the teacher URL) is for the page, not for the API.
    const viaQuery = await http(`${host.url}/api/teacher/session?token=${host.teacherToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viaQuery.status).toBe(401);
  });

  it('with the right token, a malformed body is a 400 BAD_REQUEST and a good one is a session', async () => {
    const host = track(await startTestHost());
    const auth = { authorization: `Bearer ${host.teacherToken}` };
    for (const body of ['{"newClass":"yes"}', '{"role":"admin"}', '[]', '{"name":' + JSON.stringify('x'.repeat(81)) + '}']) {
      const res = await post(host.url, auth, body);
      expect(res.status, body).toBe(400);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const okRes = await enterAsTeacher(host.url, host.teacherToken);
    expect(okRes).toMatchObject({ ok: true, data: { participant: { role: 'teacher' }, room: { code: host.code } } });
  });
});

describe('the teacher token stays with the teacher', () => {
  it('never appears in anything sent to students, over HTTP or the socket', async () => {
    const host = track(await startTestHost());
    const teacher = track(await joinAsTeacher(host));
    const joinReply = await http(`${host.url}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: host.code, name: 'Ana' }),
    });
    expect(joinReply.status).toBe(200);
    const ana = track(await joinRaw(host, 'Ana'));
    const ben = track(await joinRaw(host, 'Ben'));
    // A second teacher tab, chat from everyone, a history request and a departure.
    const teacherTab = track(await joinAsTeacher(host));
    await teacher.sendMessage(`my link is secret`);
    await ana.socket.timeout(2000).emitWithAck('chat:send', { text: 'hi', clientId: 'ana-client-1' });
    await ana.socket.timeout(2000).emitWithAck('chat:history', { afterSeq: 0 });
    await ben.socket.timeout(2000).emitWithAck('class:leave', {});
    await waitFor(teacher, 'participants', () => teacher.participants.length === 2);
    // Ben joined and left (the second teacher tab is the same participant: no delta).
    await waitUntil(
      () => ana.payloads('participant_joined').length >= 1 && ana.payloads('participant_left').length >= 1,
      5000,
      'participant updates',
    );

    const seenByAna = JSON.stringify(ana.events) + joinReply.text;
    for (const secret of [host.teacherToken, teacher.token, teacherTab.token, ben.token, encodeURIComponent(host.teacherToken)]) {
      expect(seenByAna).not.toContain(secret);
    }
    expect(JSON.stringify(ben.events)).not.toContain(host.teacherToken);
    // Nothing that looks like a host URL with a token either.
    expect(seenByAna).not.toMatch(/token=/);
    expect(ana.events.length).toBeGreaterThan(5);
  });
});
